"""Checklist templates: the district's own, edited like data."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select

from portal.extensions import db
from portal.services.inspections import InspectionRuleError

FULL_WEIGHT = 100


def check_template(template):
    """A template in use needs items whose weights sum to 100."""
    items = list(template.items)
    if template.is_active and not items:
        raise InspectionRuleError(_l("A checklist in use needs at least one item."))
    total = sum(item.weight or 0 for item in items)
    if items and total != FULL_WEIGHT:
        raise InspectionRuleError(_l("The items' weights add up to %(total)s; they must add up to 100."), total=total)
    for item in items:
        if not (item.name or "").strip():
            raise InspectionRuleError(_l("Every item needs its wording in Simplified Chinese."))


def usable_refusal(template):
    """Why ``template`` cannot be used for a new inspection, or None."""
    if template is None:
        return _l("Choose a checklist.")
    if not template.is_active:
        return _l("This checklist is no longer in use.")
    try:
        check_template(template)
    except InspectionRuleError as error:
        return str(error)
    return None


def check_weights_kept(template):
    """A checklist inspections were recorded with keeps its items and their weights, which those
    inspections' scores are computed from; its wording may still be corrected. Other weights make
    a new checklist."""
    from portal.models import ChecklistItem, Inspection

    if template.id is None:
        return
    with db.session.no_autoflush:  # a flush would clear the changes looked for
        removed = [item for item in db.session.deleted
                   if isinstance(item, ChecklistItem) and item.template_id == template.id]
        changed = [item for item in template.items if inspect(item).pending or inspect(item).transient
                   or inspect(item).attrs.weight.history.has_changes()]
        if not (removed or changed) or db.session.scalar(
                select(Inspection.id).where(Inspection.template_id == template.id).limit(1)) is None:
            return
    raise InspectionRuleError(_l("Inspections were recorded with this checklist: its items and weights stay as "
                                 "they are (their scores are computed from them). Correct the wording only, or "
                                 "make a new checklist."))
