"""Case statistics for any period, grouping and filter: the standard columns, each figure linked
to the cases behind it; XLSX in the official layout."""
from flask import request
from flask_admin import expose
from flask_babel import gettext

from admin_views.statistics.common import StatisticsPage, month_period
from portal.services.access import Action
from portal.services.statistics import CASE_COLUMNS, COUNTING_RULES, figures
from portal.services.statistics.facts import DISTRICT_LEVEL, MONTH
from portal.services.statistics.figures import GROUPING_CHOICES, grouping_label
from portal.services.statistics.workbook import Sheet, workbook_bytes

MAX_GROUPINGS = 2  # besides the month
LINKED = frozenset(c.key for c in CASE_COLUMNS if c.measures)


def row_filter_args(group_by, by_month, key, period):
    """Query-string values that narrow a link to one row of a grouped table."""
    args = {}
    for index, dim in enumerate(group_by):
        value = key[index]
        if dim == "street":
            args["street"] = DISTRICT_LEVEL if value is None else value
        else:
            args[{"committee": "committee", "level": "level", "type": "type", "source": "source"}[dim]] = value
    row_period = month_period(key[-1] // 100, key[-1] % 100, within=period) if by_month else period
    return args, row_period


def table_rows(table, columns):
    """(label cells, values) per row, for a workbook sheet."""
    return [(row.labels, [row.figures.value(c) for c in columns]) for row in table.rows]


class FiguresPage(StatisticsPage):
    endpoint_actions = {"export": Action.EXPORT}

    def groupings(self):
        chosen = [g for g in request.args.getlist("group") if g in GROUPING_CHOICES]
        dims = [g for g in dict.fromkeys(chosen) if g != MONTH][:MAX_GROUPINGS]
        return dims, MONTH in chosen

    def table(self, choice):
        dims, by_month = self.groupings()
        if choice.period is None:
            return None
        return figures(choice.period, tuple(dims), choice.filters, by_month=by_month)

    @expose("/")
    def index(self):
        choice = self.choice()
        dims, by_month = self.groupings()
        table = self.table(choice)
        links = []
        if table is not None:
            for row in table.rows:
                args, period = row_filter_args(table.group_by, table.by_month, row.key, choice.period)
                links.append(choice.link_args(**args) | period.query_args() | {"kind": "cases"})
        body = self.render(
            "admin/portal/statistics/figures.html", choice=choice, table=table, links=links,
            columns=CASE_COLUMNS, linked=LINKED, rules=COUNTING_RULES, groupings=GROUPING_CHOICES,
            grouping_label=grouping_label, chosen_groups=dims + ([MONTH] if by_month else []),
            can_export=self.permits(Action.EXPORT), total_link=choice.link_args(kind="cases"),
            **self.period_form_context(choice),
        )
        return body if choice.error is None else (body, 400)

    @expose("/export/xlsx/")
    def export(self):
        choice = self.choice()
        if choice.period is None:
            return self.index()
        table = self.table(choice)
        key_headings = table.headings or [gettext("Scope")]
        rows = table_rows(table, CASE_COLUMNS) if table.group_by or table.by_month else []
        total = ([gettext("Total")] + [""] * (len(key_headings) - 1), [table.total.value(c) for c in CASE_COLUMNS])
        scope = self.scope_name(choice)
        footer = [self.prepared_line(), str(COUNTING_RULES)]
        sheets = [
            Sheet(name=gettext("Statistics"), title=gettext("Dispute resolution statistics"), unit_name=scope,
                  period=choice.period.label(), key_headings=key_headings, columns=list(CASE_COLUMNS), rows=rows,
                  total=total, footer=footer, units_line=gettext("Units: cases, persons, yuan")),
            Sheet(name=gettext("Breakdowns"), title=gettext("Dispute resolution statistics: breakdowns"),
                  unit_name=scope, period=choice.period.label(), key_headings=key_headings,
                  columns=table.breakdowns, rows=table_rows(table, table.breakdowns) if rows else [],
                  total=([gettext("Total")] + [""] * (len(key_headings) - 1),
                         [table.total.value(c) for c in table.breakdowns]),
                  footer=footer, units_line=gettext("Unit: cases")),
        ]
        return self.xlsx_response(workbook_bytes(sheets, page_footer=gettext("Page &P of &N")), "statistics")

