"""Figures for people: the standard columns for any period, grouping and filter, with names.

    table = figures(Period.year(2026), group_by=("street",), by_month=True)
    for row in table.rows:
        row.labels, row.figures.value("settled"), row.figures.value("success_rate")

Everything is counted by portal.services.statistics.facts in the database; this module only
names the rows, derives the rates and sums the total.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import CaseSource, Committee, CommitteeLevel, DisputeType, PartnerKind, Street
from portal.services.statistics import facts
from portal.services.statistics.columns import CASE_COLUMNS, COLUMNS_BY_KEY, breakdown_columns
from portal.services.statistics.facts import DIMENSIONS, DISTRICT_LEVEL, MONTH, Filters
from portal.services.statistics.periods import Period, month_end, month_label

HUNDRED = Decimal(100)


def rate(part, whole):
    """``part`` of ``whole`` in percent, one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Figures:
    """The measures of one row, read through columns (derived ones computed here)."""

    def __init__(self, measures=None, office=None):
        self.measures = dict(measures or {})
        self.office = dict(office or {})

    def measure(self, name):
        if name.endswith(":"):
            return sum((v for k, v in self.measures.items() if k.startswith(name)), 0)
        return self.measures.get(name, 0)

    def value(self, column):
        column = COLUMNS_BY_KEY.get(column, column) if isinstance(column, str) else column
        if isinstance(column, str):  # a breakdown measure such as "source:online"
            return self.measure(column)
        if column.is_office:
            return self.office.get(column.key)
        if column.key == "success_rate":
            settled, failed = self.value("settled"), self.value("failed")
            return rate(settled, settled + failed)
        total = sum((self.measure(m) for m in column.measures), 0)
        return total

    def __add__(self, other):
        measures = dict(self.measures)
        for key, value in other.measures.items():
            measures[key] = measures.get(key, 0) + value
        office = dict(self.office)
        for key, value in other.office.items():
            if value is not None:
                office[key] = (office.get(key) or 0) + value
        return Figures(measures, office)

    def as_dict(self):
        return {"measures": self.measures, "office": self.office}

    @classmethod
    def from_dict(cls, data):
        return cls(data.get("measures"), data.get("office"))


@dataclass
class Row:
    key: tuple
    labels: list
    figures: Figures


@dataclass
class FigureTable:
    period: Period
    group_by: tuple
    by_month: bool
    filters: Filters
    rows: list = field(default_factory=list)
    total: Figures = field(default_factory=Figures)
    columns: tuple = CASE_COLUMNS
    breakdowns: list = field(default_factory=list)

    def row(self, *key):
        return next((r.figures for r in self.rows if r.key == tuple(key)), Figures())

    @property
    def headings(self):
        return [grouping_label(g) for g in self.group_by] + ([gettext("Month")] if self.by_month else [])


def grouping_label(name):
    return {
        "street": gettext("Street"), "committee": gettext("Committee where it started"),
        "level": gettext("Level where it started"), "type": gettext("Dispute type"),
        "source": gettext("Source"), MONTH: gettext("Month"),
    }[name]


GROUPING_CHOICES = ("street", "committee", "level", "type", "source", MONTH)


# --- names and order of the rows -------------------------------------------------------------------

def _lookup_names(model, keys):
    rows = db.session.scalars(select(model).where(model.id.in_([k for k in keys if k is not None]))).all()
    return {row.id: (row.label, (row.sort_order, row.id)) for row in rows}


def _dimension_names(dim, keys):
    """{key: (name, sort key)} for the values of one dimension."""
    keys = set(keys)
    if dim == "street":
        found = {s.id: (s.name, (0, s.code)) for s in db.session.scalars(
            select(Street).where(Street.id.in_([k for k in keys if k is not None])))}
        found[None] = (gettext("District level"), (1, ""))
        return found
    if dim == "committee":
        found = {}
        rows = db.session.execute(
            select(Committee.id, Committee.name, Committee.level, Street.code)
            .outerjoin(Street, Street.id == Committee.street_id)
            .where(Committee.id.in_([k for k in keys if k is not None]))
        )
        order = list(CommitteeLevel)
        for committee_id, name, level, street_code in rows:
            found[committee_id] = (name, (street_code is None, street_code or "", order.index(CommitteeLevel(level)), name))
        found[None] = (gettext("Unknown"), (True, "~", 99, ""))
        return found
    if dim == "level":
        order = list(CommitteeLevel)
        return {k: (CommitteeLevel.label_of(k), order.index(CommitteeLevel(k)) if k in CommitteeLevel._value2member_map_ else 99)
                for k in keys}
    if dim == "type":
        return _lookup_names(DisputeType, keys)
    if dim == "source":
        return _lookup_names(CaseSource, keys)
    raise ValueError(dim)


def _name_rows(keys, group_by, by_month):
    names = {dim: _dimension_names(dim, [k[i] for k in keys]) for i, dim in enumerate(group_by)}

    def labels(key):
        found = [names[dim].get(key[i], (str(key[i]), ""))[0] for i, dim in enumerate(group_by)]
        if by_month:
            found.append(month_label(key[-1] // 100, key[-1] % 100))
        return found

    def order(key):
        return tuple(names[dim].get(key[i], ("", (9, "")))[1] for i, dim in enumerate(group_by)) + (
            (key[-1],) if by_month else ()
        )

    return labels, order


# --- the figures -------------------------------------------------------------------------------------

def month_keys(period):
    return [year * 100 + month for year, month in period.months()]


def _snapshot_days(period, by_month, today):
    """{key day: month key or None} of the days open and overdue cases are counted on."""
    if not by_month:
        return {period.as_of(today): None}
    days = {}
    for year, month in period.months():
        start = max(date(year, month, 1), period.start)
        if start > today:
            continue
        days[min(month_end(year, month), period.end, today)] = year * 100 + month
    return days


def figures(period, group_by=(), filters=Filters(), by_month=False, *, today=None, with_breakdowns=True,
            complete=False, measures=None):
    """The standard columns for ``period``, one row per combination of ``group_by`` values that
    has any figure (every month of the period too, with ``by_month`` and ``complete``).

    ``measures`` (names or prefixes, as in Column.measures) limits the counting to what a page
    shows: the dashboard needs three of the sixteen."""
    today = today or timeutil.today()
    dims = tuple(d for d in group_by if d in DIMENSIONS)
    rows = facts.aggregate(period.start, period.end, dims, filters, by_month, only=measures)
    days = _snapshot_days(period, by_month, today)
    if measures is None or set(measures) & set(facts.SNAPSHOT_MEASURES):
        for (*key, at), values in facts.snapshot(days, dims, filters).items():
            full_key = tuple(key) + ((days[at],) if by_month else ())
            rows.setdefault(full_key, {}).update(values)
    if by_month and complete and not dims:
        for month in month_keys(period):
            rows.setdefault((month,), {})

    table = FigureTable(period=period, group_by=dims, by_month=by_month, filters=filters)
    labels, order = _name_rows(list(rows), dims, by_month)
    for key in sorted(rows, key=order):
        figures_ = Figures(rows[key])
        table.rows.append(Row(key=key, labels=labels(key), figures=figures_))
        table.total = table.total + figures_
    if by_month:
        # Open and overdue are counts on a day: the total is the last month's, not a sum of months.
        last = max((month for month in days.values()), default=None)
        for measure in facts.SNAPSHOT_MEASURES:
            table.total.measures[measure] = sum(
                row.figures.measures.get(measure, 0) for row in table.rows if row.key[-1] == last
            )
    if with_breakdowns:
        table.breakdowns = breakdowns_for(table.total)
    return table


def rollup(table, keep):
    """A coarser table from a ``by_month`` one: its rows summed by the dimensions in ``keep``
    ("month" keeps the months). Flows add up; open and overdue are the last month's, as they are
    counts on a day. One aggregate query can so feed several tables (the annual report)."""
    last = max((row.key[-1] for row in table.rows), default=None)
    dims = tuple(d for d in table.group_by if d in keep)
    positions = [table.group_by.index(d) for d in dims]
    by_month = MONTH in keep
    sums = {}
    for row in table.rows:
        key = tuple(row.key[i] for i in positions) + ((row.key[-1],) if by_month else ())
        measures = sums.setdefault(key, {})
        for name, value in row.figures.measures.items():
            if name in facts.SNAPSHOT_MEASURES and not by_month and row.key[-1] != last:
                continue
            measures[name] = measures.get(name, 0) + value
    coarse = FigureTable(period=table.period, group_by=dims, by_month=by_month, filters=table.filters,
                         total=table.total)
    labels, order = _name_rows(list(sums), dims, by_month)
    coarse.rows = [Row(key=key, labels=labels(key), figures=Figures(sums[key])) for key in sorted(sums, key=order)]
    return coarse


def breakdowns_for(*totals):
    """The breakdown columns worth showing: lookups in use, and any other with a figure."""
    measured = set()
    for total in totals:
        measured |= {k for k, v in total.measures.items() if v}
    sources = [s for s in db.session.scalars(select(CaseSource).order_by(CaseSource.sort_order, CaseSource.id))
               if s.is_active or f"source:{s.code}" in measured]
    kinds = [k for k in db.session.scalars(select(PartnerKind).order_by(PartnerKind.sort_order, PartnerKind.id))
             if k.is_active or f"transferred_to:{k.code}" in measured]
    return breakdown_columns(sources, kinds)


def total(period, filters=Filters(), *, today=None):
    """One row: the standard columns for ``period`` and ``filters``."""
    return figures(period, (), filters, today=today, with_breakdowns=False).total


def monthly_series(period, filters=Filters(), *, today=None):
    """[(year, month, Figures)] for every month of ``period``."""
    table = figures(period, (), filters, by_month=True, today=today, with_breakdowns=False, complete=True)
    return [(key[0] // 100, key[0] % 100, row) for key, row in ((r.key, r.figures) for r in table.rows)]


__all__ = [
    "DISTRICT_LEVEL", "Figures", "FigureTable", "Filters", "GROUPING_CHOICES", "Row", "figures",
    "grouping_label", "monthly_series", "rate", "total",
]
