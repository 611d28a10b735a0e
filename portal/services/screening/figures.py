"""Screening figures per street and month, computed in SQL: rounds held, grids covered, households
and units visited, leads found by level and by kind, how the leads ended (share resolved on the
spot, share turned into cases) and the response time by level; and the prevention figures.

A lead counts in the month it was found; how it ended is as of now. Response time is the time
from reporting to the lead's ending, for leads that have ended.

:func:`monthly_report_figures` is what the monthly report takes: disputes screened (= leads found)
and the four prevention figures for a street (or all) and a month, and whether any screening
records exist for it (else the report falls back on the numbers the office typed).
"""
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, and_, case, cast, extract, func, literal_column, select, union

from portal.extensions import db
from portal.models import (
    DisputeType, Grid, Lead, LeadStatus, PreventionKind, PreventionRecord, RiskLevel, ScreeningRound,
    Street,
)
from portal.models.screening import round_communities, round_grids

LEVELS = tuple(RiskLevel)


@dataclass
class Figures:
    """The figures of one street (None: all streets) in one month (None: the whole period)."""

    street_id: int | None = None
    street_name: str = ""
    month: int | None = None
    rounds_held: int = 0
    grids_covered: int = 0
    households_visited: int = 0
    units_visited: int = 0
    leads_found: int = 0
    by_level: dict = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    resolved_on_spot: int = 0
    converted: int = 0
    handed_over: int = 0
    closed: int = 0
    still_open: int = 0
    # Per level: (sum of response hours, leads that ended), so totals combine exactly.
    response: dict = field(default_factory=lambda: {level: [0.0, 0] for level in LEVELS})

    @property
    def share_resolved(self):
        return self.resolved_on_spot / self.leads_found if self.leads_found else None

    @property
    def share_converted(self):
        return self.converted / self.leads_found if self.leads_found else None

    def response_hours(self, level):
        total, count = self.response[RiskLevel(level)]
        return total / count if count else None

    def add(self, other):
        for name in ("rounds_held", "households_visited", "units_visited", "leads_found", "resolved_on_spot",
                     "converted", "handed_over", "closed", "still_open"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for level in LEVELS:
            self.by_level[level] += other.by_level[level]
            self.response[level][0] += other.response[level][0]
            self.response[level][1] += other.response[level][1]


@dataclass
class Table:
    """A year's figures: rows per street and month, with totals per street, per month and overall."""

    year: int
    rows: dict            # (street_id, month) -> Figures
    streets: list         # [(street_id, name)] in code order, those with any figures or asked for
    by_kind: list         # [(dispute type label, {level: count}, total)] for the year
    street_ids: list | None = None  # the streets asked for (None: all)

    def cell(self, street_id, month):
        return self.rows.get((street_id, month)) or Figures(street_id=street_id, month=month)

    def street_total(self, street_id):
        return self._total(lambda key: key[0] == street_id, street_id=street_id)

    def month_total(self, month):
        return self._total(lambda key: key[1] == month, month=month)

    def total(self):
        return self._total(lambda key: True)

    def _total(self, chosen, **fields):
        total = Figures(**fields)
        for key, figures in self.rows.items():
            if chosen(key):
                total.add(figures)
        # Grids covered do not add up (one grid screened in two months is one grid): counted apart.
        total.grids_covered = grids_covered_total(self.year, self._coverage_streets(fields), fields.get("month"))
        return total

    def _coverage_streets(self, fields):
        return [fields["street_id"]] if "street_id" in fields else self.street_ids


def _period(year, month=None):
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _month_of(column):
    return cast(extract("month", column), Integer)


def _hours_between(start, end):
    """(end - start) in hours, in the current database's own arithmetic."""
    if db.session.get_bind().dialect.name == "postgresql":
        return extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0


def _in_streets(column, street_ids):
    return column.in_(street_ids) if street_ids is not None else literal_column("1") == 1


# --- the queries ----------------------------------------------------------------------------------

def _round_rows(start, end, street_ids):
    month = _month_of(ScreeningRound.held_on)
    query = (
        select(ScreeningRound.street_id, month, func.count(), func.coalesce(func.sum(ScreeningRound.households_visited), 0),
               func.coalesce(func.sum(ScreeningRound.units_visited), 0))
        .where(ScreeningRound.held_on.between(start, end), _in_streets(ScreeningRound.street_id, street_ids))
        .group_by(ScreeningRound.street_id, month)
    )
    return db.session.execute(query).all()


def _covered_grids(start, end, street_ids):
    """(street, day held, grid) for every grid a round of the period covered: listed itself, or
    in a community the round listed. Each branch is limited to the period's rounds before the union."""
    in_period = (ScreeningRound.held_on.between(start, end), _in_streets(ScreeningRound.street_id, street_ids))
    listed = (
        select(ScreeningRound.street_id.label("street_id"), ScreeningRound.held_on.label("held_on"),
               round_grids.c.grid_id.label("grid_id"))
        .join(round_grids, round_grids.c.round_id == ScreeningRound.id).where(*in_period)
    )
    by_community = (
        select(ScreeningRound.street_id, ScreeningRound.held_on, Grid.id)
        .join(round_communities, round_communities.c.round_id == ScreeningRound.id)
        .join(Grid, Grid.community_id == round_communities.c.community_id).where(*in_period)
    )
    return union(listed, by_community).subquery()


def _coverage_rows(start, end, street_ids):
    covered = _covered_grids(start, end, street_ids)
    month = _month_of(covered.c.held_on)
    query = (
        select(covered.c.street_id, month, func.count(func.distinct(covered.c.grid_id)))
        .group_by(covered.c.street_id, month)
    )
    return db.session.execute(query).all()


def grids_covered_total(year, street_ids=None, month=None):
    """Distinct grids covered by the rounds of the period, in the given streets (None: all)."""
    covered = _covered_grids(*_period(year, month), street_ids)
    return db.session.scalar(select(func.count(func.distinct(covered.c.grid_id)))) or 0


def _count_when(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _lead_rows(start, end, street_ids):
    month = _month_of(Lead.found_on)
    hours = _hours_between(Lead.reported_at, Lead.closed_at)
    ended = Lead.closed_at.isnot(None)
    columns = [Lead.street_id, month, func.count()]
    columns += [_count_when(Lead.level == level) for level in LEVELS]
    columns += [_count_when(Lead.status == status) for status in
                (LeadStatus.RESOLVED, LeadStatus.CONVERTED, LeadStatus.HANDED_OVER, LeadStatus.CLOSED, LeadStatus.OPEN)]
    for level in LEVELS:
        columns += [func.coalesce(func.sum(case((and_(Lead.level == level, ended), hours), else_=None)), 0.0),
                    _count_when(and_(Lead.level == level, ended))]
    query = (
        select(*columns)
        .where(Lead.found_on.between(start, end), _in_streets(Lead.street_id, street_ids))
        .group_by(Lead.street_id, month)
    )
    return db.session.execute(query).all()


def _kind_rows(start, end, street_ids):
    query = (
        select(DisputeType, Lead.level, func.count())
        .join(DisputeType, DisputeType.id == Lead.dispute_type_id)
        .where(Lead.found_on.between(start, end), _in_streets(Lead.street_id, street_ids))
        .group_by(DisputeType.id, Lead.level)
        .order_by(DisputeType.sort_order, DisputeType.id)
    )
    by_type = {}
    for dispute_type, level, count in db.session.execute(query).all():
        by_type.setdefault(dispute_type, dict.fromkeys(LEVELS, 0))[RiskLevel(level)] = count
    return [(dispute_type.label, counts, sum(counts.values())) for dispute_type, counts in by_type.items()]


# --- the table -----------------------------------------------------------------------------------

def year_table(year, street_ids=None):
    """The figures of ``year`` per street and month; ``street_ids`` limits the streets (None: all)."""
    start, end = _period(year)
    rows = {}

    def cell(street_id, month):
        return rows.setdefault((street_id, int(month)), Figures(street_id=street_id, month=int(month)))

    for street_id, month, held, households, units in _round_rows(start, end, street_ids):
        figures = cell(street_id, month)
        figures.rounds_held, figures.households_visited, figures.units_visited = held, int(households), int(units)
    for street_id, month, grids in _coverage_rows(start, end, street_ids):
        cell(street_id, month).grids_covered = grids
    for row in _lead_rows(start, end, street_ids):
        figures = cell(row[0], row[1])
        figures.leads_found = row[2]
        figures.by_level = {level: int(row[3 + i]) for i, level in enumerate(LEVELS)}
        (figures.resolved_on_spot, figures.converted, figures.handed_over, figures.closed,
         figures.still_open) = (int(value) for value in row[6:11])
        for i, level in enumerate(LEVELS):
            figures.response[level] = [float(row[11 + 2 * i] or 0), int(row[12 + 2 * i])]

    query = select(Street.id, Street.name).order_by(Street.code)
    if street_ids is not None:
        query = query.where(Street.id.in_(street_ids))
    else:
        query = query.where(Street.id.in_({street_id for street_id, _month in rows}))
    streets = db.session.execute(query).all()
    names = dict(streets)
    for (street_id, _month), figures in rows.items():
        figures.street_name = names.get(street_id, "")
    return Table(year=year, rows=rows, streets=[tuple(s) for s in streets], by_kind=_kind_rows(start, end, street_ids),
                 street_ids=list(street_ids) if street_ids is not None else None)


# --- what the monthly report takes -------------------------------------------------------------------

@dataclass
class PreventionFigure:
    cases: int = 0
    persons: int = 0


@dataclass
class ReportFigures:
    """For the monthly report: one street (None: all) in one month."""

    year: int
    month: int
    street_id: int | None
    screened: int                 # disputes screened = leads found in the month
    prevention: dict              # PreventionKind -> PreventionFigure
    has_records: bool             # any round, lead or prevention record this month: use these figures


def monthly_report_figures(year, month, street_id=None):
    start, end = _period(year, month)
    streets = [street_id] if street_id is not None else None
    screened = db.session.scalar(
        select(func.count()).select_from(Lead)
        .where(Lead.found_on.between(start, end), _in_streets(Lead.street_id, streets))
    )
    rounds = db.session.scalar(
        select(func.count()).select_from(ScreeningRound)
        .where(ScreeningRound.held_on.between(start, end), _in_streets(ScreeningRound.street_id, streets))
    )
    prevention = {kind: PreventionFigure() for kind in PreventionKind}
    rows = db.session.execute(
        select(PreventionRecord.kind, func.count(), func.coalesce(func.sum(PreventionRecord.persons), 0))
        .where(PreventionRecord.prevented_on.between(start, end), _in_streets(PreventionRecord.street_id, streets))
        .group_by(PreventionRecord.kind)
    ).all()
    for kind, cases, persons in rows:
        prevention[PreventionKind(kind)] = PreventionFigure(cases=cases, persons=int(persons))
    return ReportFigures(
        year=year, month=month, street_id=street_id, screened=screened or 0, prevention=prevention,
        has_records=bool(screened or rounds or rows),
    )
