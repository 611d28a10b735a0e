"""CSV and XLSX exports: capped, built inside the request, no query per row, safe in a spreadsheet.

Both carry values people can compute with and import back: dates as dates (ISO 8601 in CSV,
real date cells in XLSX with a format in the reader's language), numbers as numbers. Each XLSX
row is written as it comes (a write-only workbook), so rows may later stream from a cursor.
"""
import csv
import io
import re

from flask import Response, current_app, has_request_context
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from admin_views.formatters import XLSX_TYPE_FORMATTERS, export_value, xlsx_value
from portal import timeutil
from portal.i18n import current_locale_code
from portal.services import xlsx_report

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportMixin:
    export_types = ["csv", "xlsx"]

    def get_export_value(self, model, name):
        text = export_value(super().get_export_value(model, name))
        # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
            text = "'" + text
        return text

    def get_export_cell(self, model, name):
        """The value of one XLSX cell: dates, datetimes and numbers typed, everything else text."""
        return xlsx_value(self._get_list_value(None, model, name, self.column_formatters_export, XLSX_TYPE_FORMATTERS))

    def _export_data(self):
        """Rows for an export, with every relationship it shows loaded up front (no query per row)."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        count, query = self.get_list(
            0, sort[0] if sort else None, view_args.sort_desc, view_args.search, view_args.filters,
            execute=False, page_size=self.export_max_rows,
        )
        relationships = inspect(self.model).relationships
        already_joined = {getattr(join, "key", None) for join in self._auto_joins}
        for name, _label in self._export_columns:
            key = name.split(".")[0] if isinstance(name, str) else None
            if key in relationships and key not in already_joined:
                query = query.options(selectinload(getattr(self.model, key)))
        rows = query.all()
        self.preload_rows(rows)
        return count, rows

    def _export_csv(self, return_url):
        """The whole CSV built inside the request (rows are capped), with a BOM so Excel reads UTF-8.

        Flask-Admin streams it instead, after the request's database session has closed, which
        fails on any relationship column.
        """
        count, data = self._export_data()
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow([str(label) for _name, label in self._export_columns])
        for row in data:
            writer.writerow([self.get_export_value(row, name) for name, _label in self._export_columns])
        filename = self.get_export_name(export_type="csv")
        return Response(
            buffer.getvalue(),
            headers={"Content-Disposition": f"attachment; filename={filename}"},
            mimetype="text/csv; charset=utf-8",
        )

    def _export_tablib(self, export_type, return_url):
        # Flask-Admin's tablib path turns every value into text on a sheet called "Tablib Dataset".
        if export_type == "xlsx":
            return self._export_xlsx()
        return super()._export_tablib(export_type, return_url)

    def _export_xlsx(self):
        """One sheet named after the screen, header frozen, typed cells written row by row."""
        columns = self._export_columns
        book = xlsx_report.write_only_workbook()
        sheet = xlsx_report.SheetWriter(
            book, str(self.name), [label for _name, label in columns], locale=current_locale_code(),
            places=self._export_places(),
        )
        _count, data = self._export_data()
        for row in data:
            sheet.append([self.get_export_cell(row, name) for name, _label in columns])
        sheet.close()
        return Response(
            xlsx_report.saved_bytes(book), mimetype=XLSX_MIMETYPE,
            headers={"Content-Disposition": f"attachment; filename={self.get_export_name(export_type='xlsx')}"},
        )

    def _export_places(self):
        """{column index: decimal places} for numeric columns, from the model's column types."""
        places = {}
        columns = self.model.__table__.c
        for index, (name, _label) in enumerate(self._export_columns):
            column = columns.get(name) if isinstance(name, str) else None
            scale = getattr(getattr(column, "type", None), "scale", None)
            if scale is not None:
                places[index] = scale
        return places

    def get_export_name(self, export_type="csv"):
        slug = re.sub(r"[^a-z0-9]+", "-", (self.endpoint or "export").lower()).strip("-")
        return f"{slug}-{timeutil.now():%Y%m%d-%H%M}.{export_type}"

    @property
    def export_max_rows(self):
        return current_app.config.get("PORTAL_EXPORT_MAX_ROWS", 50_000) if has_request_context() else 0
