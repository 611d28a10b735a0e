"""Prevention records: a case or a lead (one of them) that kept a dispute from escalating."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Lead, PreventionKind, PreventionRecord
from portal.models.base import related
from portal.services.screening import ScreeningRuleError


def check_prevention(record, *, today=None):
    today = today or timeutil.today()
    with db.session.no_autoflush:
        lead, case = related(record, "lead"), related(record, "case")
        if (lead is None) == (case is None):
            raise ScreeningRuleError(_l("Choose either the case or the lead that prevented it, not both."))
        if record.prevented_on is not None and record.prevented_on > today:
            raise ScreeningRuleError(_l("The date %(date)s is in the future."), date=record.prevented_on)
        if record.persons is not None and record.persons < 1:
            raise ScreeningRuleError(_l("At least one person is involved."))
        _check_not_counted_twice(record, lead, case)


def _check_not_counted_twice(record, lead, case):
    """A lead turned into a case is one dispute: its prevention is recorded on one of the two."""
    if lead is not None and lead.case_id is not None:
        twin = select(PreventionRecord.id).where(PreventionRecord.case_id == lead.case_id)
    elif case is not None:
        lead_ids = select(Lead.id).where(Lead.case_id == case.id)
        twin = select(PreventionRecord.id).where(PreventionRecord.lead_id.in_(lead_ids))
    else:
        return
    twin = twin.where(PreventionRecord.kind == record.kind)
    if record.id is not None:
        twin = twin.where(PreventionRecord.id != record.id)
    if db.session.scalar(twin.limit(1)) is not None:
        raise ScreeningRuleError(
            _l("This dispute already has a record of “%(kind)s” on its lead or its case: it is counted once."),
            kind=PreventionKind.label_of(record.kind),
        )
