"""Ledgers for an office or committee and a period: the case ledger (also the cases behind any
figure), the follow-up register and the transfer register; on screen, as XLSX and on A4."""
from flask import abort, current_app, request, url_for
from flask_admin import expose
from flask_babel import gettext

from admin_views.fields import int_arg
from admin_views.statistics.common import StatisticsPage
from portal.services.access import Action
from portal.services.statistics import ledgers
from portal.services.statistics.columns import COLUMNS_BY_KEY
from portal.services.statistics.workbook import Sheet, workbook_bytes

PER_PAGE = 100
PRINT_MAX = 2000


class LedgersPage(StatisticsPage):
    endpoint_actions = {"export": Action.EXPORT, "print_view": Action.EXPORT}

    def kind(self):
        kind = request.args.get("kind") or "cases"
        return kind if kind in ledgers.KINDS else "cases"

    def column(self, kind):
        """The figure whose cases are listed (case ledger only), or None for the cases received."""
        key = request.args.get("column") or None
        if kind != "cases" or key is None:
            return None
        if key in COLUMNS_BY_KEY and (COLUMNS_BY_KEY[key].measures or key in ("open", "overdue")):
            return key
        prefix = key.split(":", 1)[0] + ":"
        return key if prefix in ("source:", "escalated_to:", "transferred_to:", "settled_at:") and len(key) < 60 else None

    def column_label(self, key):
        if key is None:
            return None
        if key in COLUMNS_BY_KEY:
            return COLUMNS_BY_KEY[key].label
        from portal.services.statistics.figures import breakdowns_for

        found = next((c for c in breakdowns_for() if c.key == key), None)
        return f"{found.group_label}：{found.label}" if found is not None else key

    def rows(self, kind, choice, column, page, per_page):
        function = ledgers.LEDGER_FUNCTIONS[kind]
        options = {"masked": self.masked(), "page": page, "per_page": per_page}
        if kind == "cases":
            options["column"] = column
        return function(choice.period, choice.filters, **options)

    @expose("/")
    def index(self):
        choice = self.choice()
        kind = self.kind()
        column = self.column(kind)
        found = None
        if choice.period is not None:
            found = self.rows(kind, choice, column, max(int_arg("page") or 1, 1), PER_PAGE)
        body = self.render(
            "admin/portal/statistics/ledgers.html", choice=choice, kind=kind, kinds=ledgers.KINDS,
            column=column, column_label=self.column_label(column), page=found,
            headings=ledgers.ledger_columns(kind), can_export=self.permits(Action.EXPORT),
            page_url=lambda number: url_for(".index", **{**request.args.to_dict(), "page": number}),
            **self.period_form_context(choice),
        )
        return body if choice.error is None else (body, 400)

    def title(self, kind, column):
        title = str(ledgers.KINDS[kind])
        if column:
            title += gettext(" (cases counted as: %(column)s)", column=self.column_label(column))
        return title

    @expose("/export/xlsx/")
    def export(self):
        choice = self.choice()
        if choice.period is None:
            abort(400)
        kind, column = self.kind(), None
        column = self.column(kind)

        def build():
            found = self.rows(kind, choice, column, 1, current_app.config.get("PORTAL_EXPORT_MAX_ROWS", 1_000_000))
            headings = ledgers.ledger_columns(kind)
            rows = [([index], [getattr(row, attr) for attr, _label in headings])
                    for index, row in enumerate(found.rows, start=1)]
            sheet = Sheet(
                name=str(ledgers.KINDS[kind]), title=self.title(kind, column), unit_name=self.scope_name(choice),
                period=choice.period.label(), key_headings=[gettext("No.")],
                columns=[str(label) for _attr, label in headings], rows=rows, text_columns=True,
                footer=[self.prepared_line()], column_widths={1: 6},
            )
            return workbook_bytes([sheet], page_footer=gettext("Page &P of &N"))

        return self.xlsx_response(self.official(build), f"ledger-{kind}")

    @expose("/print/")
    def print_view(self):
        choice = self.choice()
        if choice.period is None:
            abort(400)
        kind = self.kind()
        column = self.column(kind)

        def build():
            found = self.rows(kind, choice, column, 1, PRINT_MAX)
            return self.render(
                "admin/portal/statistics/ledger_print.html", title=self.title(kind, column),
                scope=self.scope_name(choice), period=choice.period.label(), page=found,
                headings=ledgers.ledger_columns(kind), prepared=self.prepared_line(), print_max=PRINT_MAX,
                back_url=request.full_path.replace("/print/", "/", 1),
            )

        return self.official(build)
