"""What the admin home shows: the district's (or one street's) last twelve months at a glance,
and a street office's to-do list. Counts only, in SQL; the few items a to-do panel names are
read with a LIMIT.

The to-do items follow the office's working lists (cases of its committees now, ``Case.street_id``),
so a count always matches the list it links to; the figures follow the statistics' rules (the
street where a case started).
"""
import heapq
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import (
    Case, CaseAgreement, CaseStatus, DisputeType, FollowUp, JudicialConfirmation,
)
from portal.models.case_records import AgreementKind
from portal.services import cases as lifecycle
from portal.services.statistics import reports, tiers
from portal.services.statistics.facts import Filters
from portal.services.statistics.facts import MONTH
from portal.services.statistics.figures import Figures, figures, rollup
from portal.services.statistics.periods import Period, short_month_label

TODO_LIST_LIMIT = 5
# What the overview shows: received and settled per month and type, and the success rate.
OVERVIEW_MEASURES = ("received", "settled_at:", "failed")


@dataclass
class Overview:
    period: Period
    months: list                 # [(year, month)]
    series: list                 # [Figures] per month
    by_type: list                # [(type id, label, Figures)] by received, most first
    tiers_by_street: dict        # {street id: TierCounts}
    tiers_total: tiers.TierCounts
    total: Figures               # the twelve months together
    this_month: Figures

    @property
    def month_labels(self):
        return [short_month_label(y, m) for y, m in self.months]


def overview(street_id=None, today=None):
    """The last twelve months (this one included) for the district or one street."""
    today = today or timeutil.today()
    period = Period.last_months(12, today)
    filters = Filters(street_id=street_id)
    # One aggregate by type and month gives both the months and the types.
    detail = figures(period, ("type",), filters, by_month=True, today=today, with_breakdowns=False,
                     measures=OVERVIEW_MEASURES)
    months = {row.key[0]: row.figures for row in rollup(detail, (MONTH,)).rows}
    series = [(y, m, months.get(y * 100 + m, Figures())) for y, m in period.months()]
    by_type = sorted(((row.key[0], row.labels[0], row.figures) for row in rollup(detail, ("type",)).rows),
                     key=lambda item: -item[2].value("received"))
    tier_counts = tiers.tier_counts(period.start, period.end, by_street=True, filters=filters)
    total = Figures()
    for _y, _m, row in series:
        total = total + row
    return Overview(
        period=period, months=[(y, m) for y, m, _row in series], series=[row for _y, _m, row in series],
        by_type=by_type, tiers_by_street={key[0]: value for key, value in tier_counts.items()},
        tiers_total=tiers.district_total(tier_counts), total=total,
        this_month=series[-1][2] if series else Figures(),
    )


# --- a street office's to-do list ------------------------------------------------------------------------

@dataclass
class TodoItem:
    key: str
    count: int
    items: list = field(default_factory=list)   # a few (case, detail) to name
    warning: bool = False


def _setting(name, default):
    return current_app.config.get(name, default)


def applications_waiting(street_id):
    """Online applications whose case nobody has accepted or refused yet (the online applications
    list filtered by "waiting" shows them)."""
    from portal.services.applications import waiting_count

    return waiting_count(street_id)


def _earliest_due(*conditions):
    """The first few cases by due date. The open cases of a street are few, so they are read
    whole (through the status and due-date index) and the earliest picked here: an ORDER BY …
    LIMIT would have the database walk the due dates of every case, closed ones included."""
    rows = db.session.execute(select(Case.id, Case.due_on).where(*conditions)).all()
    chosen = [case_id for case_id, _due in heapq.nsmallest(TODO_LIST_LIMIT, rows, key=lambda r: (r.due_on, r.id))]
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(chosen)))} if chosen else {}
    return [cases[i] for i in chosen]


def cases_due(street_id, today):
    """(past due, due within the warning days) of the street's open cases, with the first few named."""
    scope = Case.street_id == street_id
    past = lifecycle.count_overdue(scope)
    near_condition = (lifecycle.due_soon_clause(today), scope)
    near = db.session.scalar(select(func.count()).select_from(Case).where(*near_condition))
    past_items = _earliest_due(lifecycle.overdue_clause(today), scope)
    near_items = _earliest_due(*near_condition)
    return (TodoItem("past_due", past, [(c, c.due_on) for c in past_items], warning=past > 0),
            TodoItem("due_soon", near, [(c, c.due_on) for c in near_items]))


def follow_ups_due(street_id, today):
    """Follow-up visits not yet done whose date has come (or comes within the warning days)."""
    soon = today + timedelta(days=int(_setting("PORTAL_CASE_DUE_SOON_DAYS", 7)))
    condition = (FollowUp.done_on.is_(None), FollowUp.due_on <= soon, Case.street_id == street_id)
    count = db.session.scalar(
        select(func.count()).select_from(FollowUp).join(Case, Case.id == FollowUp.case_id).where(*condition)
    )
    # As for cases: the street's open visits are few; pick the earliest here (see _earliest_due).
    visits = db.session.execute(
        select(FollowUp.id, FollowUp.case_id, FollowUp.due_on).join(Case, Case.id == FollowUp.case_id).where(*condition)
    ).all()
    first = heapq.nsmallest(TODO_LIST_LIMIT, visits, key=lambda v: (v.due_on, v.id))
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_([v.case_id for v in first])))}
    overdue = any(v.due_on < today for v in first)
    return TodoItem("follow_ups", count, [(cases[v.case_id], v.due_on) for v in first], warning=overdue)


def confirmation_windows(street_id, today):
    """Written agreements whose judicial-confirmation window closes within the warning days and
    for which no application is recorded (personal-status matters cannot be confirmed)."""
    window = int(_setting("PORTAL_CONFIRMATION_WINDOW_DAYS", 30))
    warn = int(_setting("PORTAL_CONFIRMATION_WARN_DAYS", 7))
    earliest, latest = today - timedelta(days=window), today - timedelta(days=window - warn)
    condition = (
        CaseAgreement.kind == AgreementKind.WRITTEN, CaseAgreement.signed_on >= earliest,
        CaseAgreement.signed_on <= latest, Case.street_id == street_id,
        Case.status == CaseStatus.SETTLED, DisputeType.personal_status.is_(False),
        ~select(JudicialConfirmation.id).where(JudicialConfirmation.case_id == Case.id).exists(),
    )
    base = (select(Case, CaseAgreement.signed_on).join(CaseAgreement, CaseAgreement.case_id == Case.id)
            .join(DisputeType, DisputeType.id == Case.dispute_type_id).where(*condition))
    count = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.execute(base.order_by(CaseAgreement.signed_on, Case.id).limit(TODO_LIST_LIMIT)).all()
    return TodoItem("confirmations", count,
                    [(case, signed + timedelta(days=window)) for case, signed in rows], warning=count > 0)


def report_due(street_id, today):
    """The report the office must file next (last month's) and how it stands."""
    year, month = reports.reported_months(1, today)[0]
    report = reports.find(street_id, year, month)
    return year, month, reports.state_of(report, year, month, today)


def todo(street_id, today=None):
    today = today or timeutil.today()
    past, near = cases_due(street_id, today)
    return {
        "applications": TodoItem("applications", applications_waiting(street_id)),
        "past_due": past, "due_soon": near,
        "follow_ups": follow_ups_due(street_id, today),
        "confirmations": confirmation_windows(street_id, today),
        "report": report_due(street_id, today),
        "today": today,
    }
