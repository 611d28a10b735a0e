"""An inspection's findings, its score and the rectification items its failures make."""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from portal import timeutil
from portal.extensions import db
from portal.models import (
    ChecklistItem, FindingResult, Inspection, InspectionFinding, Rectification, RectificationStatus,
)
from portal.services.inspections import InspectionRuleError
from portal.services.inspections.checklists import usable_refusal

NOTE_MAX = 2000
CONCLUSION_MAX = 10_000


def rectification_days():
    """How long an office has to put a failed finding right, from the inspection day (configurable)."""
    return int(current_app.config.get("PORTAL_RECTIFICATION_DAYS", 30))


def check_inspection(inspection, *, is_created):
    if inspection.inspected_on is not None and inspection.inspected_on > timeutil.today():
        raise InspectionRuleError(_l("An inspection cannot be recorded for a day still to come."))
    if is_created:
        refusal = usable_refusal(inspection.template)
        if refusal is not None:
            raise InspectionRuleError(refusal)
    committee = inspection.committee
    office = inspection.judicial_office
    if committee is not None and office is not None and committee.street_id != office.street_id:
        raise InspectionRuleError(_l("The pilot unit must be in the street of the office inspected."))


def add_findings(inspection):
    """One empty finding per item of the inspection's checklist (items added later are not asked)."""
    have = {finding.item_id for finding in inspection.findings}
    for item in inspection.template.items:
        if item.id not in have:
            inspection.findings.append(InspectionFinding(item=item))
    db.session.flush()


def _deadline(inspection):
    return inspection.inspected_on + timedelta(days=rectification_days())


def record_finding(finding, result, note):
    """Set a finding's result and note. A failure makes its rectification item (deadline from the
    setting); a failure corrected before the office answered takes its item away again."""
    if result is not None and result not in FindingResult._value2member_map_:
        raise InspectionRuleError(_l("Not a valid result."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InspectionRuleError(_l("A note can be at most %(n)s characters."), n=NOTE_MAX)
    finding.result, finding.note = result or None, note
    item = finding.rectification
    if result == FindingResult.FAILS:
        if item is None:
            inspection = finding.inspection
            finding.rectification = Rectification(
                inspection=inspection, street_id=inspection.street_id, due_on=_deadline(inspection),
                requirement=note or finding.item.name, status=RectificationStatus.OPEN,
            )
        elif item.status == RectificationStatus.OPEN and not item.answer:
            item.requirement = note or finding.item.name
    elif item is not None:
        if item.status != RectificationStatus.OPEN or item.answer:
            raise InspectionRuleError(_l("The office has already answered the rectification of “%(item)s”; it stays "
                                         "a failure."), item=finding.item.name)
        finding.rectification = None
        db.session.delete(item)
    db.session.flush()


def score_expression():
    """SQL: the weighted share (0–100) of an inspection's items met, over its findings."""
    credit = case((InspectionFinding.result == FindingResult.MEETS, 1.0),
                  (InspectionFinding.result == FindingResult.PARTLY, 0.5), else_=0.0)
    return func.sum(ChecklistItem.weight * credit) * 100.0 / func.nullif(func.sum(ChecklistItem.weight), 0)


def scores(inspection_ids):
    """{inspection id: (score or None, recorded, total)} in one query; a score only once every
    finding has a result."""
    rows = db.session.execute(
        select(InspectionFinding.inspection_id, score_expression(),
               func.count(InspectionFinding.result), func.count())
        .join(ChecklistItem, ChecklistItem.id == InspectionFinding.item_id)
        .where(InspectionFinding.inspection_id.in_(list(inspection_ids)))
        .group_by(InspectionFinding.inspection_id)
    ).all()
    found = {}
    for inspection_id, value, recorded, total in rows:
        done = recorded == total and total > 0
        found[inspection_id] = (Decimal(str(round(value, 1))) if done and value is not None else None, recorded, total)
    return found


def score_of(inspection):
    return scores([inspection.id]).get(inspection.id, (None, 0, 0))


def grouped_findings(inspection):
    """[(group label, [finding…])] in the checklist's order."""
    from portal.models import ItemGroup

    groups = {}
    for finding in sorted(inspection.findings, key=lambda f: (f.item.sort_order, f.item.id)):
        groups.setdefault(finding.item.grouping, []).append(finding)
    return [(ItemGroup.label_of(key), groups[key]) for key in ItemGroup if key in groups]


def inspections_of(street_id, year):
    return select(Inspection.id).where(
        Inspection.street_id == street_id, func.extract("year", Inspection.inspected_on) == year)
