"""Screening figures per street and month (rounds, grids covered, leads by level and kind, how
they ended, response time by level), on screen and as XLSX. The numbers come from
portal.services.screening.figures, computed in SQL."""
from flask import request
from flask_admin import expose
from flask_babel import format_decimal, format_percent, gettext

from admin_views.area_page import AreaPage
from admin_views.fields import int_arg, visible_streets
from admin_views.screening.common import ScreeningStyles
from portal import timeutil
from portal.models import RiskLevel
from portal.services.access import Action, Area
from portal.services.screening import figures as screening_figures
from portal.services.xlsx_report import workbook_bytes


def headers():
    return [
        gettext("Rounds held"), gettext("Grids covered"), gettext("Households visited"), gettext("Units visited"),
        gettext("Leads found"), *[gettext("%(level)s leads", level=level.label) for level in RiskLevel],
        gettext("Resolved on the spot"), gettext("Turned into cases"),
        *[gettext("Response time, %(level)s (hours)", level=level.label) for level in RiskLevel],
    ]


def cells(figures, *, for_sheet=False):
    """The figures in the order of :func:`headers`: numbers for a sheet, formatted text for a page."""
    shares = (figures.share_resolved, figures.share_converted)
    hours = [figures.response_hours(level) for level in RiskLevel]
    counts = [figures.rounds_held, figures.grids_covered, figures.households_visited, figures.units_visited,
              figures.leads_found, *[figures.by_level[level] for level in RiskLevel]]
    if for_sheet:
        return [*counts, *[round(s, 4) if s is not None else "" for s in shares],
                *[round(h, 1) if h is not None else "" for h in hours]]
    return [
        *[format_decimal(n) for n in counts],
        *[format_percent(s, "#,##0.0%") if s is not None else "—" for s in shares],
        *[format_decimal(round(h, 1)) if h is not None else "—" for h in hours],
    ]


class FiguresPage(ScreeningStyles, AreaPage):
    area = Area.SCREENING
    endpoint_actions = {"export": Action.EXPORT}

    def choices(self):
        year, years = self.year_choice()
        streets = visible_streets(Area.SCREENING)().all()
        street_id = int_arg("street")
        if street_id not in {s.id for s in streets}:
            street_id = None
        return {"year": year, "years": years, "streets": streets, "street_id": street_id}

    def table(self, chosen):
        limit = self.street_limit()
        if chosen["street_id"] is not None:
            street_ids = [chosen["street_id"]]
        else:
            street_ids = [limit] if limit is not None else None
        return screening_figures.year_table(chosen["year"], street_ids)

    def sections(self, table, chosen, *, for_sheet=False):
        street_rows = [(name, cells(table.street_total(street_id), for_sheet=for_sheet))
                       for street_id, name in table.streets]
        today = timeutil.today()
        months = [m for m in range(1, 13) if (chosen["year"], m) <= (today.year, today.month)]
        month_rows = [(month, cells(table.month_total(month), for_sheet=for_sheet)) for month in months]
        return street_rows, month_rows, cells(table.total(), for_sheet=for_sheet)

    @expose("/")
    def index(self):
        chosen = self.choices()
        table = self.table(chosen)
        street_rows, month_rows, total = self.sections(table, chosen)
        return self.render(
            "admin/portal/screening/figures.html", chosen=chosen, headers=headers(), street_rows=street_rows,
            month_rows=month_rows, total=total, by_kind=table.by_kind, levels=list(RiskLevel),
            can_export=self.permits(Action.EXPORT), args=request.args.to_dict(),
        )

    @expose("/export/xlsx/")
    def export(self):
        chosen = self.choices()
        table = self.table(chosen)
        street_rows, month_rows, total = self.sections(table, chosen, for_sheet=True)
        head = headers()
        month_label = gettext("Month")
        sheets = [
            (gettext("By street"), [gettext("Street"), *head],
             [[name, *values] for name, values in street_rows] + [[gettext("Total"), *total]]),
            (gettext("By month"), [month_label, *head],
             [[f"{chosen['year']}-{month:02d}", *values] for month, values in month_rows]),
            (gettext("Leads by kind"), [gettext("Dispute type"), *[level.label for level in RiskLevel], gettext("Total")],
             [[label, *[counts[level] for level in RiskLevel], count] for label, counts, count in table.by_kind]),
        ]
        return self.xlsx_response(workbook_bytes(sheets), f"screening-figures-{chosen['year']}")
