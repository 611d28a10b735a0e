"""Checklist templates: the district's own, edited like data."""
from flask_babel import lazy_gettext as _l

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
