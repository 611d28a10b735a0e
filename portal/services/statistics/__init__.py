"""Statistics of the dispute-resolution work: one aggregate layer over the case records.

- ``figures(period, group_by, filters, by_month)``: the standard columns for any period, grouping
  (street, committee, level, dispute type, source, month) and filter (see figures.py);
- ``tiers.tier_counts``: the three-tier figure (community, street, left the district);
- ``reports``: the monthly reports offices file, frozen on submission;
- ``ledgers``: the case ledger, follow-up and transfer registers;
- ``office_year(street_id, year)``: the handful of figures other areas judge an office by.

Every count is made by SQL GROUP BY in the database (facts.py); nothing loads cases to count them.
"""
from dataclasses import dataclass

from portal import timeutil
from portal.services.statistics import facts, reports, tiers
from portal.services.statistics.columns import CASE_COLUMNS, COUNTING_RULES, REPORT_COLUMNS
from portal.services.statistics.facts import DISTRICT_LEVEL, Filters
from portal.services.statistics.figures import Figures, FigureTable, figures, monthly_series, rate, total
from portal.services.statistics.periods import Period, PeriodError, parse_period


@dataclass
class OfficeYear:
    """What an office's year comes to: for assessment (issue 13) and screening (issue 12) pages."""

    street_id: int | None
    year: int
    received: int
    settled: int
    failed: int
    success_rate: object            # Decimal percent or None
    concluded: int                  # settled, failed or transferred
    settled_at_start: int
    at_start_share: object          # Decimal percent or None
    reports_due: int                # months whose report deadline has passed (this year)
    reports_on_time: int
    reports_late: int
    reports_missing: int
    overdue: int                    # cases overdue today (or on the year's last day)


def office_year(street_id, year, today=None):
    """The year's key figures for one street's office (``street_id`` None: the whole district)."""
    today = today or timeutil.today()
    period = Period.year(year)
    filters = Filters(street_id=street_id)
    row = total(period, filters, today=today)
    counts = tiers.district_total(tiers.tier_counts(period.start, period.end, filters=filters))
    due = on_time = late = missing = 0
    if street_id not in (None, DISTRICT_LEVEL):
        months = [(year, m) for m in range(1, 13) if reports.due_date(year, m) < today]
        grid = reports.status_grid([street_id], months, today)[street_id] if months else {}
        for state in grid.values():
            due += 1
            on_time += state.code == "on_time"
            late += state.code == "late"
            missing += state.code in ("missing", "returned")
    return OfficeYear(
        street_id=street_id, year=year, received=row.value("received"), settled=row.value("settled"),
        failed=row.value("failed"), success_rate=row.value("success_rate"), concluded=counts.concluded,
        settled_at_start=counts.settled_at_start, at_start_share=counts.at_start_share,
        reports_due=due, reports_on_time=on_time, reports_late=late, reports_missing=missing,
        overdue=row.value("overdue"),
    )


__all__ = [
    "CASE_COLUMNS", "COUNTING_RULES", "DISTRICT_LEVEL", "Figures", "FigureTable", "Filters", "OfficeYear",
    "Period", "PeriodError", "REPORT_COLUMNS", "facts", "figures", "monthly_series", "office_year",
    "parse_period", "rate", "reports", "tiers", "total",
]
