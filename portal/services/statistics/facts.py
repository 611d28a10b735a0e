"""The one aggregate layer: every figure comes from these SQL queries, grouped in the database.

Each *measure* is one kind of step, counted on the date it happened (see columns.COUNTING_RULES).
Every measure is a SELECT of (measure, date, value, case id, the case's dimensions) from the
case records; all of them together are a UNION ALL, and one GROUP BY over it answers any period,
any grouping (street, committee, level, dispute type, source, month) and any filter. The same
SELECTs, filtered by measure, give the cases behind a figure (the ledger a figure links to).

What a case *is at a moment* (open, overdue) is not a step: :func:`snapshot` counts it for a list
of days, in one query.

Dimensions are those of the case where it started (``origin_street_id``,
``origin_committee_id``, ``start_level``), so an escalated case stays with the street that
received it.
"""
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Integer, String, and_, case, exists, func, literal, or_, select, text, union_all
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import (
    Case, CaseAgreement, CaseEvent, CaseParty, CaseSource, Committee, FollowUp, JudicialConfirmation,
    PartnerBody, PartnerKind, Transition,
)
from portal.models.case_records import ConfirmationOutcome, Performance
from portal.services.statistics.columns import many_parties_threshold

# The ways figures can be grouped, and the column of the case each one reads.
DIMENSIONS = {
    "street": Case.origin_street_id,
    "committee": Case.origin_committee_id,
    "level": Case.start_level,
    "type": Case.dispute_type_id,
    "source": Case.source_id,
}
MONTH = "month"
GROUPINGS = (*DIMENSIONS, MONTH)

# ``Filters.street_id`` for the cases of committees with no street (district and industry level).
DISTRICT_LEVEL = 0


@dataclass(frozen=True)
class Filters:
    """Which cases to count; every field left None counts all. ``street_limit`` is the reader's
    own scope (a street office's street), applied like ``street_id`` but never widened."""

    street_id: int | None = None
    committee_id: int | None = None
    level: str | None = None
    type_id: int | None = None
    source_id: int | None = None
    street_limit: int | None = None

    def conditions(self):
        found = []
        for street in (self.street_id, self.street_limit):
            if street == DISTRICT_LEVEL:
                found.append(Case.origin_street_id.is_(None))
            elif street is not None:
                found.append(Case.origin_street_id == street)
        if self.committee_id is not None:
            found.append(Case.origin_committee_id == self.committee_id)
        if self.level is not None:
            found.append(Case.start_level == self.level)
        if self.type_id is not None:
            found.append(Case.dispute_type_id == self.type_id)
        if self.source_id is not None:
            found.append(Case.source_id == self.source_id)
        return found

    def args(self):
        """The values set, as a dict (for links)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


# PostgreSQL settings for the statistics' few large aggregates, for the current transaction only:
# memory to group in a hash table instead of sorting on disk, and no JIT compilation (it costs
# more than it saves on queries this size, run a dozen at a time).
POSTGRES_SETTINGS = {"work_mem": "64MB", "jit": "off"}


def tune_session():
    """Apply POSTGRES_SETTINGS to the current transaction (nothing on SQLite)."""
    if db.session.get_bind().dialect.name == "postgresql":
        for name, value in POSTGRES_SETTINGS.items():
            db.session.execute(text(f"SET LOCAL {name} = '{value}'"))


def _text(value):
    return literal(value, String)


def _one():
    return literal(1, Integer)


class _Branches:
    """The SELECT of each measure for one period and set of filters."""

    def __init__(self, start, end, dims, filters):
        self.start, self.end, self.dims = start, end, tuple(dims)
        self.conditions = filters.conditions()

    def select(self, measure, on, value=None, *, where=(), joins=(), select_from=Case):
        columns = [
            measure.label("measure"), on.label("day"), (value if value is not None else _one()).label("value"),
            Case.id.label("case_id"),
        ] + [DIMENSIONS[d].label(d) for d in self.dims]
        query = select(*columns).select_from(select_from)
        for target, onclause in joins:
            query = query.join(target, onclause)
        return query.where(on >= self.start, on <= self.end, *where, *self.conditions)

    def all(self, only=None):
        """Every measure's SELECT, or those ``only`` names (a name, or a prefix ending in ":")."""
        made = []
        for prefix, build in self.MEASURES:
            wanted = only is None or any(
                name == prefix or (prefix.endswith(":") and name.startswith(prefix)) for name in only
            )
            if wanted:
                made.append(build(self))
        return made

    # --- intake: by the date received ------------------------------------------------------------
    def received(self):
        return self.select(_text("received"), Case.received_on)

    def sources(self):
        return self.select(_text("source:") + CaseSource.code, Case.received_on,
                           joins=[(CaseSource, CaseSource.id == Case.source_id)])

    def amount(self):
        return self.select(_text("amount"), Case.received_on, Case.amount, where=[Case.amount.isnot(None)])

    def parties(self):
        # One row per party of the cases received: the sum counts them, no per-case grouping.
        return self.select(_text("parties"), Case.received_on, joins=[(CaseParty, CaseParty.case_id == Case.id)])

    def many_parties(self):
        count = select(func.count()).where(CaseParty.case_id == Case.id).correlate(Case).scalar_subquery()
        return self.select(_text("many_parties"), Case.received_on, where=[count >= many_parties_threshold()])

    # --- steps with their own date ---------------------------------------------------------------
    def accepted(self):
        return self.select(_text("accepted"), Case.accepted_on)

    def refused(self):
        # Only a registered case is refused, so it was never accepted; nor was it transferred.
        return self.select(_text("refused"), Case.concluded_on,
                           where=[Case.accepted_on.is_(None), Case.transferred_to_id.is_(None)])

    def settled_at(self):
        return self.select(_text("settled_at:") + Case.settled_level, Case.concluded_on,
                           where=[Case.settled_level.isnot(None)])

    def agreements(self):
        return self.select(_text("agreement:") + CaseAgreement.kind, Case.concluded_on,
                           joins=[(CaseAgreement, CaseAgreement.case_id == Case.id)],
                           where=[Case.settled_level.isnot(None)])

    def failed(self):
        return self.select(_text("failed"), Case.concluded_on, where=[
            Case.accepted_on.isnot(None), Case.settled_level.is_(None), Case.transferred_to_id.is_(None),
        ])

    def transferred(self):
        return self.select(_text("transferred_to:") + PartnerKind.code, Case.concluded_on, joins=[
            (PartnerBody, PartnerBody.id == Case.transferred_to_id), (PartnerKind, PartnerKind.id == PartnerBody.kind_id),
        ])

    def escalated_to(self):
        target = aliased(Committee)
        return self.select(
            _text("escalated_to:") + target.level, CaseEvent.occurred_on, select_from=CaseEvent,
            joins=[(Case, Case.id == CaseEvent.case_id), (target, target.id == CaseEvent.to_committee_id)],
            where=[CaseEvent.transition == Transition.ESCALATE],
        )

    def escalated(self):
        # The first escalation of each case: the earliest of its escalations up to the period's
        # end, counted when it falls in the period (a GROUP BY over the escalation index).
        first = (
            select(CaseEvent.case_id.label("case_id"), func.min(CaseEvent.occurred_on).label("first"))
            .where(CaseEvent.transition == Transition.ESCALATE, CaseEvent.occurred_on <= self.end)
            .group_by(CaseEvent.case_id)
            .subquery("first_escalations")
        )
        return self.select(_text("escalated"), first.c.first, joins=[(first, first.c.case_id == Case.id)])

    def _first_follow_up(self, measure, performed=None):
        """Visits done, each case counted once ever: at its first visit (that found ``performed``)."""
        earlier = aliased(FollowUp)
        found = [FollowUp.performed == performed] if performed else []
        earlier_found = [earlier.performed == performed] if performed else []
        first = ~exists().where(
            earlier.case_id == FollowUp.case_id, earlier.done_on.isnot(None), *earlier_found,
            or_(earlier.done_on < FollowUp.done_on, and_(earlier.done_on == FollowUp.done_on, earlier.id < FollowUp.id)),
        )
        return self.select(_text(measure), FollowUp.done_on, select_from=FollowUp,
                           joins=[(Case, Case.id == FollowUp.case_id)],
                           where=[FollowUp.done_on.isnot(None), *found, first])

    def performed(self):
        return self._first_follow_up("performed", Performance.FULLY)

    def followed_up(self):
        return self._first_follow_up("followed_up")

    def confirmed(self):
        return self.select(_text("confirmed"), JudicialConfirmation.decided_on, select_from=JudicialConfirmation,
                           joins=[(Case, Case.id == JudicialConfirmation.case_id)],
                           where=[JudicialConfirmation.outcome == ConfirmationOutcome.CONFIRMED])

    MEASURES = (
        ("received", received), ("source:", sources), ("amount", amount), ("parties", parties),
        ("many_parties", many_parties), ("accepted", accepted), ("refused", refused),
        ("settled_at:", settled_at), ("agreement:", agreements), ("failed", failed),
        ("transferred_to:", transferred), ("escalated_to:", escalated_to), ("escalated", escalated),
        ("performed", performed), ("followed_up", followed_up), ("confirmed", confirmed),
    )


SNAPSHOT_MEASURES = ("open", "overdue")


def month_key(column):
    """The month of a date, for grouping: fast in each database (PostgreSQL's EXTRACT works in
    numeric and would slow a million-row GROUP BY); read back with :func:`month_of`."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("month", column).label(MONTH)
    return func.strftime("%Y%m", column).label(MONTH)


def month_of(value):
    """yyyymm (an int) from what :func:`month_key` gave."""
    if isinstance(value, (date, datetime)):
        return value.year * 100 + value.month
    return int(value)


def _number(value):
    if value is None:
        return 0
    if isinstance(value, float):
        return Decimal(str(round(value, 2)))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def aggregate(start, end, dims=(), filters=Filters(), by_month=False, only=None):
    """{(dimension values…, [month]): {measure: number}} for the steps between ``start`` and ``end``.

    ``dims`` are names from DIMENSIONS; ``by_month`` adds the month (yyyymm) as the last key part;
    ``only`` limits the measures to those starting with one of the names given.
    """
    branches = _Branches(start, end, dims, filters).all(only)
    if not branches:
        return {}
    tune_session()
    # Each measure is summed on its own scan, then the small results are put together: the
    # detail rows never travel through one big aggregate.
    summed = []
    for branch in branches:
        rows = branch.subquery()
        keys = [rows.c[d] for d in dims] + ([month_key(rows.c.day)] if by_month else [])
        summed.append(select(rows.c.measure, *keys, func.sum(rows.c.value).label("total"))
                      .group_by(rows.c.measure, *keys))
    found = {}
    for measure, *key, total in db.session.execute(union_all(*summed)):
        if by_month:
            key[-1] = month_of(key[-1])
        found.setdefault(tuple(key), {})[measure] = _number(total)
    return found


def case_ids(start, end, measures, filters=Filters()):
    """A SELECT of the ids of the cases counted by any of ``measures`` (names or prefixes ending
    in ``:``) between ``start`` and ``end``: the cases behind a figure."""
    branches = _Branches(start, end, (), filters).all(measures)
    facts = union_all(*branches).subquery("facts")
    match = or_(*[facts.c.measure.startswith(m) if m.endswith(":") else facts.c.measure == m for m in measures])
    return select(facts.c.case_id).where(match).distinct()


# --- what cases are at a moment --------------------------------------------------------------------

def _days_table(days):
    return union_all(*[select(literal(day, Date).label("at")) for day in days]).subquery("days")


def open_on(at):
    """SQL condition: the case was received by ``at`` and not concluded by then."""
    return and_(Case.received_on <= at, or_(Case.concluded_on.is_(None), Case.concluded_on > at))


def overdue_on(at):
    return and_(open_on(at), Case.accepted_on <= at, Case.due_on < at)


def snapshot(days, dims=(), filters=Filters()):
    """{(dimension values…, day): {"open": n, "overdue": n}} for each of ``days``.

    Only cases still open now, or concluded after the first day, can count: those two sets are
    read through the index on the conclusion date (one SELECT each, put together), and only
    they are compared with the days.
    """
    days = sorted(set(days))
    if not days:
        return {}
    tune_session()
    table = _days_table(days)
    columns = [Case.received_on, Case.concluded_on, Case.accepted_on, Case.due_on] + [DIMENSIONS[d].label(d) for d in dims]
    scope = (Case.received_on <= days[-1], *filters.conditions())
    candidates = union_all(
        select(*columns).where(Case.concluded_on.is_(None), *scope),
        select(*columns).where(Case.concluded_on > days[0], *scope),
    ).subquery("candidates")
    c = candidates.c
    is_open = and_(c.received_on <= table.c.at, or_(c.concluded_on.is_(None), c.concluded_on > table.c.at))
    keys = [c[d] for d in dims]
    query = (
        select(*keys, table.c.at, func.count(), func.sum(case((and_(c.accepted_on <= table.c.at, c.due_on < table.c.at), 1), else_=0)))
        .select_from(candidates)
        .join(table, is_open)
        .group_by(*keys, table.c.at)
    )
    found = {}
    for *key, at, opened, overdue in db.session.execute(query):
        at = at if isinstance(at, date) else date.fromisoformat(str(at))
        found[(*key, at)] = {"open": int(opened or 0), "overdue": int(overdue or 0)}
    return found


def snapshot_case_ids(at, measure, filters=Filters()):
    """A SELECT of the ids of the cases open (or overdue) on ``at``."""
    condition = overdue_on(at) if measure == "overdue" else open_on(at)
    return select(Case.id).where(condition, *filters.conditions())
