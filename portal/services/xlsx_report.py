"""Reports as XLSX workbooks (openpyxl): bold headers, sensible widths, no formulas from data."""
import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MAX_WIDTH = 60


def _cell_value(value):
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    return str(value)


def workbook_bytes(sheets):
    """``sheets``: [(title, header, rows)]; returns the .xlsx file as bytes.

    Text is always stored as text, so a cell typed ``=HYPERLINK(…)`` never runs as a formula.
    """
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        widths = [len(str(h)) * 2 for h in header]
        sheet.append([str(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row_index, row in enumerate(rows, start=2):
            for col_index, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_index, column=col_index, value=_cell_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    widths[col_index - 1] = max(widths[col_index - 1], len(cell.value) * 2)
                elif number_format(cell.value, _reader_locale()):  # dates stay dates, formatted
                    cell.number_format = number_format(cell.value, _reader_locale())
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width, 8), MAX_WIDTH)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- typed cells, row by row (list exports and import templates) -------------------------------

# Dates stay dates in the file; the cell format shows them as the reader's language writes them.
DATE_FORMATS = {"zh": 'yyyy"年"m"月"d"日"', "en": "yyyy-mm-dd"}
DATETIME_FORMATS = {"zh": 'yyyy"年"m"月"d"日" hh:mm', "en": "yyyy-mm-dd hh:mm"}
NUMBER_FORMATS = {0: "0", 1: "0.0", 2: "#,##0.00"}
HEADER_FONT = Font(bold=True)
SAMPLE_ROWS = 50  # column widths are judged from the header and this many first rows
# Characters a sheet name may not hold, as their full-width forms (社区/村 → 社区／村).
_TITLE_FORBIDDEN = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "[]:*?/\\"})


def sheet_title(text, default="Sheet1"):
    """A valid worksheet name from ``text``: none of []:*?/\\, at most 31 characters."""
    title = str(text or "").translate(_TITLE_FORBIDDEN).strip(" '")[:31].strip()
    return title or default


def _reader_locale():
    from flask import has_request_context

    if not has_request_context():
        return "zh_Hans_CN"
    from portal.i18n import current_locale_code

    return current_locale_code()


def _language(locale):
    return "zh" if str(locale or "zh").startswith("zh") else "en"


def _local(value):
    """A datetime as the district's wall time (a spreadsheet has no time zones)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        from portal import timeutil

        return value.astimezone(timeutil.local_zone()).replace(tzinfo=None)
    return value


def number_format(value, locale=None, places=None):
    """The cell format for a typed value (None for text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return DATETIME_FORMATS[_language(locale)]
    if isinstance(value, date):
        return DATE_FORMATS[_language(locale)]
    if isinstance(value, (int, float, Decimal)):
        if places is None:
            places = -value.as_tuple().exponent if isinstance(value, Decimal) else (0 if isinstance(value, int) else 2)
        return NUMBER_FORMATS.get(max(0, min(places, 2)), "0.00")
    return None


def _display_width(value):
    if value is None:
        return 0
    if isinstance(value, (date, datetime)):
        return 12 if not isinstance(value, datetime) else 17
    text = str(value)
    # CJK characters take two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class SheetWriter:
    """One worksheet of a write-only workbook, written row by row.

    Text stays text (a cell typed ``=HYPERLINK(…)`` never runs as a formula), dates and numbers
    stay typed with a format for the reader's language, the header is bold and frozen, and the
    column widths come from the header and the first rows: nothing needs all rows in memory, so
    rows may come straight from a database cursor.
    """

    def __init__(self, book, title, header, *, locale=None, places=None):
        self.sheet = book.create_sheet(title=sheet_title(title))
        self.header = [str(h) for h in header]
        self.locale = locale
        self.places = places or {}
        self.pending = []
        self.started = False

    def append(self, values):
        if self.started:
            self._write(values)
            return
        self.pending.append(list(values))
        if len(self.pending) >= SAMPLE_ROWS:
            self._start()

    def close(self):
        if not self.started:
            self._start()

    def _start(self):
        widths = [_display_width(h) + 2 for h in self.header]
        for row in self.pending:
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], _display_width(value) + 2)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), MAX_WIDTH)
        self.sheet.freeze_panes = "A2"
        self.started = True
        header = []
        for text in self.header:
            cell = WriteOnlyCell(self.sheet, value=text)
            cell.data_type = "s"
            cell.font = HEADER_FONT
            header.append(cell)
        self.sheet.append(header)
        for row in self.pending:
            self._write(row)
        self.pending = []

    def _write(self, values):
        self.sheet.append([self.cell(value, index) for index, value in enumerate(values)])

    def cell(self, value, index=0):
        value = None if value is None or value == "" else _local(_cell_value(value))
        if value is None or (isinstance(value, str) and not value.startswith("=")):
            return value  # openpyxl writes plain text as text: no cell object of its own needed
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        else:
            fmt = number_format(value, self.locale, self.places.get(index))
            if fmt:
                cell.number_format = fmt
        return cell


def write_only_workbook():
    return Workbook(write_only=True)


def saved_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
