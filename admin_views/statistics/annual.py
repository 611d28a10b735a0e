"""The three-tier figure month by month, and the district's annual report (by month, by street,
by dispute type), on screen, as XLSX and on A4."""
from dataclasses import dataclass

from flask import abort, request
from flask_admin import expose
from flask_babel import gettext

from admin_views.statistics.common import StatisticsPage
from portal import timeutil
from portal.extensions import db
from portal.models import Street
from portal.services.access import Action
from portal.services.statistics import CASE_COLUMNS, COUNTING_RULES, Filters, Period, figures, tiers
from portal.services.statistics.columns import OFFICE_COLUMNS, PREVENTION_COLUMNS
from portal.services.statistics.facts import MONTH
from portal.services.statistics.figures import Figures, rollup
from portal.services.statistics.periods import MAX_YEAR, MIN_YEAR, month_label, short_month_label
from portal.services.statistics.reports import accepted_office_figures
from portal.services.statistics.workbook import Sheet, workbook_bytes

MAX_MONTH_COLUMNS = 24


class TiersPage(StatisticsPage):
    """小纠纷不出社区、一般纠纷不出街道、大纠纷不出区: shares per street and district, by month."""

    charts = True

    def default(self):
        return Period.last_months(12)

    @expose("/")
    def index(self):
        choice = self.choice(with_filters=False)
        context = {}
        if choice.period is not None:
            context = tier_tables(choice.period, choice.filters, choice.streets, self.own_street())
        body = self.render(
            "admin/portal/statistics/tiers.html", choice=choice, definitions=tiers.definitions(),
            **context, **self.period_form_context(choice),
        )
        return body if choice.error is None else (body, 400)


@dataclass
class TierRow:
    label: str
    street_id: object
    by_month: dict
    total: tiers.TierCounts


def tier_tables(period, filters, streets, own_street):
    months = period.months()
    by_month = len(months) <= MAX_MONTH_COLUMNS
    counts = tiers.tier_counts(period.start, period.end, by_street=True, by_month=by_month, filters=filters)
    totals = tiers.tier_counts(period.start, period.end, by_street=True, filters=filters)
    shown = [s for s in streets if filters.street_id in (None, s.id)]
    rows = []
    for street in shown:
        rows.append(TierRow(street.name, street.id,
                            {(y, m): counts.get((street.id, y * 100 + m), tiers.TierCounts()) for y, m in months} if by_month else {},
                            totals.get((street.id,), tiers.TierCounts())))
    district = None
    if own_street is None and filters.street_id is None:
        month_totals = {}
        for (street_id, *month), value in counts.items():
            if by_month:
                key = (month[0] // 100, month[0] % 100)
                month_totals[key] = month_totals.get(key, tiers.TierCounts()) + value
        district = TierRow(gettext("Whole district"), None, month_totals, tiers.district_total(totals))
    chart = {
        "id": "chart-tier-streets", "title": gettext("Shares by street"), "type": "bar", "percent": True,
        "categories": [row.label for row in rows],
        "series": [{"name": str(name), "data": [_float(row.total.share(key)) for row in rows]}
                   for key, name, _text in tiers.definitions()],
    }
    trend = None
    if district is not None and by_month:
        trend = {
            "id": "chart-tier-trend", "title": gettext("The district, month by month"), "type": "line", "percent": True,
            "categories": [short_month_label(y, m) for y, m in months],
            "series": [{"name": str(name), "data": [_float(district.by_month.get(mo, tiers.TierCounts()).share(key)) for mo in months]}
                       for key, name, _text in tiers.definitions()],
        }
    return {"rows": rows, "district": district, "months": months if by_month else [],
            "month_labels": [month_label(y, m) for y, m in months] if by_month else [],
            "chart": chart, "trend": trend}


def _float(value):
    return float(value) if value is not None else None


# --- the annual report ------------------------------------------------------------------------------

ANNUAL_COLUMNS = list(OFFICE_COLUMNS) + list(CASE_COLUMNS) + list(PREVENTION_COLUMNS)


class AnnualReportPage(StatisticsPage):
    endpoint_actions = {"export": Action.EXPORT, "print_view": Action.EXPORT}

    def year(self):
        this_year = timeutil.today().year
        raw = request.args.get("year")
        if raw in (None, ""):
            return this_year, None
        try:
            year = int(raw)
        except ValueError:
            year = None
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            return None, gettext("Choose a year between %(low)s and %(high)s.", low=MIN_YEAR, high=MAX_YEAR)
        return year, None

    def report(self, year):
        own = self.own_street()
        filters = Filters(street_limit=own)
        period = Period.year(year)
        # One aggregate by street, type and month; the three tables are sums of it.
        detail = figures(period, ("street", "type"), filters, by_month=True, with_breakdowns=False)
        by_month, by_street, by_type = (rollup(detail, keep) for keep in ((MONTH,), ("street",), ("type",)))
        office = accepted_office_figures(year, street_id=own)
        found = {row.key[0]: row for row in by_month.rows}
        month_rows = []
        for y, m in period.months():  # every month, even one without a case
            row = found.get(y * 100 + m)
            month_rows.append(([month_label(y, m)], Figures(row.figures.measures if row else {}, office.by_month.get(m, {}))))
        street_rows = [(row.labels, Figures(row.figures.measures, office.by_street.get(row.key[0], {})))
                       for row in by_street.rows]
        if own is None:  # every street appears, even one with no case this year
            listed = {row.key[0] for row in by_street.rows}
            for street in db.session.scalars(db.select(Street).order_by(Street.code)):
                if street.id not in listed:
                    street_rows.append(([street.name], Figures({}, office.by_street.get(street.id, {}))))
        total = Figures(by_month.total.measures, office.total)
        return {
            "year": year, "by_month": month_rows, "by_street": street_rows,
            "by_type": [(row.labels, row.figures) for row in by_type.rows], "total": total,
            "type_total": by_type.total, "scope": self.scope_title(own),
        }

    def scope_title(self, own):
        if own is None:
            return gettext("Whole district")
        street = db.session.get(Street, own)
        return street.name if street else ""

    @expose("/")
    def index(self):
        year, error = self.year()
        report = self.report(year) if error is None else None
        this_year = timeutil.today().year
        body = self.render(
            "admin/portal/statistics/annual.html", report=report, error=error, year=year,
            years=list(range(this_year, max(this_year - 10, MIN_YEAR) - 1, -1)),
            columns=ANNUAL_COLUMNS, type_columns=list(CASE_COLUMNS), rules=COUNTING_RULES,
            can_export=self.permits(Action.EXPORT),
        )
        return body if error is None else (body, 400)

    def sheets(self, report):
        title = gettext("Annual dispute resolution report %(year)s", year=report["year"])
        unit = gettext("Reporting unit: %(unit)s", unit=report["scope"])
        footer = [self.prepared_line(), gettext("Office figures are the sums of the accepted monthly reports."),
                  str(COUNTING_RULES)]
        units = gettext("Units: cases, persons, yuan")
        period = gettext("Year %(year)s", year=report["year"])

        def sheet(name, heading, rows, total, columns):
            return Sheet(name=name, title=f"{title}（{heading}）", unit_name=unit, period=period,
                         key_headings=[heading], columns=columns,
                         rows=[(labels, [fig.value(c) for c in columns]) for labels, fig in rows],
                         total=([gettext("Total")], [total.value(c) for c in columns]), footer=footer,
                         units_line=units)

        return [
            sheet(gettext("By month"), gettext("Month"), report["by_month"], report["total"], ANNUAL_COLUMNS),
            sheet(gettext("By street"), gettext("Street"), report["by_street"], report["total"], ANNUAL_COLUMNS),
            sheet(gettext("By dispute type"), gettext("Dispute type"), report["by_type"], report["type_total"],
                  list(CASE_COLUMNS)),
        ]

    @expose("/export/xlsx/")
    def export(self):
        year, error = self.year()
        if error:
            abort(400)

        def build():
            report = self.report(year)
            return workbook_bytes(self.sheets(report), page_footer=gettext("Page &P of &N"))

        return self.xlsx_response(self.official(build), f"annual-report-{year}")

    @expose("/print/")
    def print_view(self):
        year, error = self.year()
        if error:
            abort(400)

        def build():
            report = self.report(year)
            return self.render("admin/portal/statistics/official_print.html", sheets=self.sheets(report),
                               back_url=request.full_path.replace("/print/", "/", 1))

        return self.official(build)
