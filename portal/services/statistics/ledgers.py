"""Ledgers (統計臺帳): the case ledger, the follow-up register and the transfer register, for an
office or a committee and a period, one row per case or visit, in the standard columns.

A ledger lists records (it is not a count), so it reads a page of rows at a time with their
related records loaded in a few queries. The case ledger also lists "the cases behind a
figure": the same SQL that counts a column (facts.case_ids) selects the cases it counted.
"""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import Case, CaseEvent, CaseStatus, FollowUp, PartnerBody, Transition
from portal.models.case_records import AgreementKind, FollowUpMethod, Performance, RiskLevel, Satisfaction
from portal.services.identity import mask_name
from portal.services.statistics import facts
from portal.services.statistics.columns import COLUMNS_BY_KEY
from portal.services.statistics.facts import Filters

KINDS = {
    "cases": _l("Case ledger"),
    "follow_ups": _l("Follow-up register"),
    "transfers": _l("Transfer register"),
}
FACTS_MAX = 120  # characters of the brief facts on screen and paper


@dataclass
class Page:
    rows: list
    total: int
    page: int = 1
    per_page: int = 100

    @property
    def pages(self):
        return max((self.total + self.per_page - 1) // self.per_page, 1)


def _page_of(query, page, per_page):
    """One page of ``query`` (all of it when ``per_page`` is 0)."""
    return query.limit(per_page).offset((page - 1) * per_page) if per_page else query


def _names(case, masked):
    names = [p.name for p in case.parties]
    return "、".join(mask_name(n) if masked else n for n in names)


def _agreement_text(agreement):
    return f"{AgreementKind.label_of(agreement.kind)} {agreement.signed_on.isoformat()}" if agreement else ""


def _brief(text, limit=FACTS_MAX):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the case ledger ------------------------------------------------------------------------------

@dataclass
class CaseRow:
    case_id: int
    number: str
    title: str
    received_on: date
    committee: str
    parties: str
    dispute_type: str
    facts: str
    mediators: str
    result: str
    agreement: str
    performed: str
    follow_up: str
    archived_on: date | None
    extra: dict = field(default_factory=dict)


def result_of(case):
    status = CaseStatus(case.status)
    if case.settled_level is not None:
        return str(CaseStatus.SETTLED.label)
    if case.transferred_to is not None:
        return f"{CaseStatus.TRANSFERRED.label}：{case.transferred_to.name}"
    if case.failure_routes:
        return str(CaseStatus.FAILED.label)
    if case.concluded_on is not None and case.accepted_on is None:
        return str(CaseStatus.REFUSED.label)
    return str(status.label)


def _follow_up_text(case):
    done = [f for f in case.follow_ups if f.done_on is not None]
    if done:
        return max(f.done_on for f in done)
    open_ = [f for f in case.follow_ups if f.done_on is None]
    return min(f.due_on for f in open_) if open_ else None


def _performed(case):
    done = sorted((f for f in case.follow_ups if f.done_on is not None and f.performed), key=lambda f: f.done_on)
    return str(Performance.label_of(done[-1].performed)) if done else ""


def case_row(case, masked):
    agreement = case.agreement
    return CaseRow(
        case_id=case.id, number=case.number or "", title=case.title, received_on=case.received_on,
        committee=case.origin_committee.name if case.origin_committee else (case.committee.name if case.committee else ""),
        parties=_names(case, masked), dispute_type=str(case.dispute_type) if case.dispute_type else "",
        facts=_brief(case.facts), mediators="、".join(m.name for m in case.mediators),
        result=result_of(case),
        agreement=_agreement_text(agreement), performed=_performed(case), follow_up=_follow_up_text(case), archived_on=case.archived_on,
    )


def _case_ids_for(period, filters, column):
    """The SELECT of the cases a figure counts, or of those received in the period."""
    if column in ("open", "overdue"):
        return facts.snapshot_case_ids(period.as_of(), column, filters)
    if column:
        known = COLUMNS_BY_KEY.get(column)
        measures = known.measures if known is not None else (column,)
        if measures:
            return facts.case_ids(period.start, period.end, measures, filters)
    return select(Case.id).where(Case.received_on >= period.start, Case.received_on <= period.end,
                                 *filters.conditions())


def case_ledger(period, filters=Filters(), *, column=None, masked=False, page=1, per_page=100):
    ids = _case_ids_for(period, filters, column).subquery()
    total = db.session.scalar(select(func.count()).select_from(ids))
    query = (
        select(Case).where(Case.id.in_(select(ids.c[0])))
        .options(
            selectinload(Case.parties), selectinload(Case.mediators), selectinload(Case.follow_ups),
            joinedload(Case.agreement), joinedload(Case.dispute_type), joinedload(Case.origin_committee),
            joinedload(Case.committee), joinedload(Case.transferred_to),
        )
        .order_by(Case.received_on, Case.id)
    )
    query = _page_of(query, page, per_page)
    rows = [case_row(case, masked) for case in db.session.scalars(query).unique()]
    return Page(rows, total, page, per_page or max(total, 1))


def ledger_columns(kind):
    """[(attribute, heading)] of a ledger's rows, in the standard order."""
    return {
        "cases": [
            ("number", _l("Case number")), ("received_on", _l("Received on")), ("committee", _l("Committee")),
            ("parties", _l("Parties")), ("dispute_type", _l("Dispute type")), ("facts", _l("Brief facts")),
            ("mediators", _l("Mediators")), ("result", _l("Result")), ("agreement", _l("Agreement")),
            ("performed", _l("Performed")), ("follow_up", _l("Follow-up")), ("archived_on", _l("Archived on")),
        ],
        "follow_ups": [
            ("number", _l("Case number")), ("parties", _l("Parties")), ("agreement", _l("Agreement")),
            ("due_on", _l("Due on")), ("done_on", _l("Done on")), ("method", _l("How")),
            ("visited_by", _l("Done by")), ("performed", _l("Performed")), ("satisfaction", _l("Satisfaction")),
            ("risk", _l("Remaining risk")), ("measures", _l("Measures taken")),
        ],
        "transfers": [
            ("number", _l("Case number")), ("received_on", _l("Received on")), ("committee", _l("Committee")),
            ("parties", _l("Parties")), ("dispute_type", _l("Dispute type")), ("facts", _l("Brief facts")),
            ("transferred_on", _l("Transferred on")), ("body", _l("Transferred to")),
            ("body_kind", _l("Kind of body")), ("note", _l("Reason and notes")),
        ],
    }[kind]


# --- the follow-up register -------------------------------------------------------------------------

@dataclass
class FollowUpRow:
    case_id: int
    number: str
    title: str
    parties: str
    agreement: str
    due_on: date
    done_on: date | None
    method: str
    visited_by: str
    performed: str
    satisfaction: str
    risk: str
    measures: str


def follow_up_register(period, filters=Filters(), *, masked=False, page=1, per_page=100):
    """Visits due or done in the period, for the cases matching ``filters``."""
    in_period = ((FollowUp.due_on >= period.start) & (FollowUp.due_on <= period.end)) | (
        (FollowUp.done_on >= period.start) & (FollowUp.done_on <= period.end)
    )
    base = select(FollowUp.id).join(Case, Case.id == FollowUp.case_id).where(in_period, *filters.conditions())
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    query = (
        select(FollowUp).where(FollowUp.id.in_(base))
        .options(joinedload(FollowUp.case).selectinload(Case.parties), joinedload(FollowUp.case).joinedload(Case.agreement))
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    query = _page_of(query, page, per_page)
    rows = []
    for visit in db.session.scalars(query).unique():
        case = visit.case
        rows.append(FollowUpRow(
            case_id=case.id, number=case.number or "", title=case.title, parties=_names(case, masked),
            agreement=_agreement_text(case.agreement), due_on=visit.due_on, done_on=visit.done_on, method=str(FollowUpMethod.label_of(visit.method)),
            visited_by=visit.visited_by or "", performed=str(Performance.label_of(visit.performed)),
            satisfaction=str(Satisfaction.label_of(visit.satisfaction)), risk=str(RiskLevel.label_of(visit.risk)),
            measures=visit.measures or "",
        ))
    return Page(rows, total, page, per_page or max(total, 1))


# --- the transfer register ----------------------------------------------------------------------------

@dataclass
class TransferRow:
    case_id: int
    number: str
    title: str
    received_on: date
    committee: str
    parties: str
    dispute_type: str
    facts: str
    transferred_on: date
    body: str
    body_kind: str
    note: str


def transfer_register(period, filters=Filters(), *, masked=False, page=1, per_page=100):
    """Cases transferred to a partner body in the period (by the date of the transfer)."""
    base = select(Case.id).where(Case.transferred_to_id.isnot(None), Case.concluded_on >= period.start,
                                 Case.concluded_on <= period.end, *filters.conditions())
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    query = (
        select(Case).where(Case.id.in_(base))
        .options(selectinload(Case.parties), joinedload(Case.transferred_to).joinedload(PartnerBody.kind),
                 joinedload(Case.dispute_type), joinedload(Case.origin_committee))
        .order_by(Case.concluded_on, Case.id)
    )
    query = _page_of(query, page, per_page)
    cases = db.session.scalars(query).unique().all()
    notes = dict(db.session.execute(
        select(CaseEvent.case_id, CaseEvent.note)
        .where(CaseEvent.case_id.in_([c.id for c in cases]), CaseEvent.transition == Transition.TRANSFER)
    ).all()) if cases else {}
    rows = [
        TransferRow(
            case_id=case.id, number=case.number or "", title=case.title, received_on=case.received_on,
            committee=case.origin_committee.name if case.origin_committee else "", parties=_names(case, masked),
            dispute_type=str(case.dispute_type) if case.dispute_type else "", facts=_brief(case.facts),
            transferred_on=case.concluded_on, body=case.transferred_to.name,
            body_kind=str(case.transferred_to.kind) if case.transferred_to.kind else "", note=notes.get(case.id, ""),
        )
        for case in cases
    ]
    return Page(rows, total, page, per_page or max(total, 1))


LEDGER_FUNCTIONS = {"cases": case_ledger, "follow_ups": follow_up_register, "transfers": transfer_register}

__all__ = ["KINDS", "LEDGER_FUNCTIONS", "case_ledger", "follow_up_register", "ledger_columns",
           "transfer_register"]
