"""CSV and XLSX exports: streamed in constant memory, no query per row, safe in a spreadsheet.

Both carry values people can compute with and import back: dates as dates (ISO 8601 in CSV,
real date cells in XLSX with a format in the reader's language), numbers as numbers. Rows come
from a server-side cursor a chunk at a time; CSV lines go out as they are written, XLSX rows go
into a write-only workbook on disk. Memory stays flat for a million rows (see `make bench`).
"""
import csv
import io
import re
import tempfile
from itertools import islice

from flask import Response, current_app, has_request_context, stream_with_context
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from admin_views.formatters import XLSX_TYPE_FORMATTERS, export_value, label_text, xlsx_value
from portal import timeutil
from portal.i18n import current_locale_code
from portal.services import xlsx_report
from portal.services.privacy import forget_preloaded

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_CHUNK = 1000  # rows read, preloaded and written at a time
STREAM_BLOCK = 256 * 1024


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


class ExportMixin:
    export_types = ["csv", "xlsx"]

    def get_export_value(self, model, name):
        text = export_value(label_text(super().get_export_value(model, name)))
        # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
            text = "'" + text
        return text

    def get_export_cell(self, model, name):
        """The value of one XLSX cell: dates, datetimes and numbers typed, everything else text."""
        return xlsx_value(label_text(
            self._get_list_value(None, model, name, self.column_formatters_export, XLSX_TYPE_FORMATTERS)))

    def _export_rows(self):
        """The export's rows, streamed from a server-side cursor a chunk at a time, with every
        relationship it shows loaded per chunk (no query per row, memory flat however many)."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        _count, query = self.get_list(
            0, sort[0] if sort else None, view_args.sort_desc, view_args.search, view_args.filters,
            execute=False, page_size=self.export_max_rows,
        )
        relationships = inspect(self.model).relationships
        already_joined = {getattr(join, "key", None) for join in self._auto_joins}
        for name, _label in self._export_columns:
            key = name.split(".")[0] if isinstance(name, str) else None
            if key in relationships and key not in already_joined:
                query = query.options(selectinload(getattr(self.model, key)))
        rows = iter(query.yield_per(EXPORT_CHUNK))
        while chunk := list(islice(rows, EXPORT_CHUNK)):
            self.preload_rows(chunk)
            yield from chunk
            forget_preloaded()  # the session's identity map holds rows weakly: a done chunk goes

    def _export_csv(self, return_url):
        """The CSV streamed as rows are read (a BOM so Excel reads UTF-8), inside the request so
        relationships still load: the download starts at once and memory stays flat."""
        columns = self._export_columns

        def lines():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            buffer.write("\ufeff")
            writer.writerow([str(label) for _name, label in columns])
            for count, row in enumerate(self._export_rows(), start=1):
                writer.writerow([self.get_export_value(row, name) for name, _label in columns])
                if count % EXPORT_CHUNK == 0:
                    yield _drain(buffer)
            yield _drain(buffer)

        return self._download(lines(), "csv", "text/csv; charset=utf-8")

    def _export_tablib(self, export_type, return_url):
        # Flask-Admin's tablib path turns every value into text on a sheet called "Tablib Dataset".
        if export_type == "xlsx":
            return self._export_xlsx()
        return super()._export_tablib(export_type, return_url)

    def _export_xlsx(self):
        """One sheet named after the screen, header frozen, typed cells written row by row into a
        write-only workbook (kept on disk by openpyxl), then sent from a temporary file."""
        columns = self._export_columns
        header = [label for _name, label in columns]
        title, locale, places = str(self.name), current_locale_code(), self._export_places()

        def chunks():
            yield b""  # the answer (and the browser's download) starts before the rows are read
            book = xlsx_report.write_only_workbook()
            sheet = xlsx_report.SheetWriter(book, title, header, locale=locale, places=places)
            for row in self._export_rows():
                sheet.append([self.get_export_cell(row, name) for name, _label in columns])
            sheet.close()
            with tempfile.TemporaryFile() as spool:
                book.save(spool)
                spool.seek(0)
                while block := spool.read(STREAM_BLOCK):
                    yield block

        return self._download(chunks(), "xlsx", XLSX_MIMETYPE)

    def _download(self, body, export_type, mimetype):
        response = Response(stream_with_context(body), mimetype=mimetype, headers={
            "Content-Disposition": f"attachment; filename={self.get_export_name(export_type=export_type)}",
            "X-Accel-Buffering": "no",  # nginx passes it on as it comes
        })
        response.direct_passthrough = True  # no buffering, no checksum (ETag) of the whole body
        return response

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
        return current_app.config.get("PORTAL_EXPORT_MAX_ROWS", 1_000_000) if has_request_context() else 0
