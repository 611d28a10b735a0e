"""CSV and XLSX exports: capped, built inside the request, no query per row, safe in a spreadsheet."""
import csv
import io
import re

from flask import Response, current_app, has_request_context
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from admin_views.formatters import export_value
from portal import timeutil

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class ExportMixin:
    export_types = ["csv", "xlsx"]

    def get_export_value(self, model, name):
        text = export_value(super().get_export_value(model, name))
        # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
            text = "'" + text
        return text

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
        return count, query.all()

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

    def get_export_name(self, export_type="csv"):
        slug = re.sub(r"[^a-z0-9]+", "-", (self.endpoint or "export").lower()).strip("-")
        return f"{slug}-{timeutil.now():%Y%m%d-%H%M}.{export_type}"

    @property
    def export_max_rows(self):
        return current_app.config.get("PORTAL_EXPORT_MAX_ROWS", 50_000) if has_request_context() else 0
