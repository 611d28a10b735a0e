"""Statistics as XLSX in the official layout (openpyxl).

Each sheet is one table as the district's forms lay it out: a title row; the reporting unit, the
period and the units; a two-level header (groups over columns, merged); one row per unit
(committee, street, month, dispute type) and a total row; then who prepared it and when. Numbers
are stored as numbers (rates as percentages, amounts in yuan), text always as text so nothing
typed into a record can run as a formula. Sheets print on A4 landscape, one page wide, with the
header repeated on every page.
"""
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from portal.services.statistics.columns import Unit

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
FORMATS = {Unit.CASES: "0", Unit.PERSONS: "0", Unit.YUAN: "#,##0.00", Unit.PERCENT: "0.0%"}
SHEET_NAME_MAX = 31


@dataclass
class Sheet:
    """One table. ``columns`` are statistics Columns (or anything with label, group_label, unit);
    ``rows`` are (key cells, values) with one value per column; ``total`` likewise or None."""

    name: str                 # the sheet's (Chinese) name
    title: str
    unit_name: str            # 填报单位
    period: str
    key_headings: list
    columns: list
    rows: list
    total: tuple | None = None
    footer: list = field(default_factory=list)    # lines under the table (preparer, date, notes)
    units_line: str = ""
    column_widths: dict = field(default_factory=dict)
    text_columns: bool = False  # a ledger: columns are plain headings, values any type


def _put(sheet, row, column, value, *, bold=False, align=CENTRE, number_format=None, border=True):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif value is None:
        cell.value = None
    else:
        cell.value = str(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if number_format and isinstance(cell.value, (int, float, Decimal)):
        cell.number_format = number_format
    cell.alignment = align
    if bold:
        cell.font = Font(bold=True)
    if border:
        cell.border = BOX
    return cell


def _merge(sheet, first_row, first_col, last_row, last_col):
    if (first_row, first_col) != (last_row, last_col):
        sheet.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                sheet.cell(row=r, column=c).border = BOX


def _value(column, value):
    if value is None:
        return None
    if getattr(column, "unit", None) == Unit.PERCENT:
        return Decimal(value) / 100
    return value


def _write(sheet, spec, page_footer):
    keys, columns = len(spec.key_headings), spec.columns
    width = keys + len(columns)
    sheet.cell(row=1, column=1, value=spec.title).font = Font(bold=True, size=16)
    sheet.cell(row=1, column=1).alignment = CENTRE
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 30
    third = max(width // 3, 1)
    _put(sheet, 2, 1, spec.unit_name, align=LEFT, border=False)
    _merge_plain(sheet, 2, 1, 2, third)
    _put(sheet, 2, third + 1, spec.period, border=False)
    _merge_plain(sheet, 2, third + 1, 2, max(2 * third, third + 1))
    _put(sheet, 2, max(2 * third, third + 1) + 1, spec.units_line, align=Alignment(horizontal="right"), border=False)
    _merge_plain(sheet, 2, max(2 * third, third + 1) + 1, 2, width)

    header_top, header_bottom = 3, 3 if spec.text_columns else 4
    for index, heading in enumerate(spec.key_headings, start=1):
        _put(sheet, header_top, index, heading, bold=True)
        _merge(sheet, header_top, index, header_bottom, index)
    if spec.text_columns:
        for index, heading in enumerate(columns, start=keys + 1):
            _put(sheet, header_top, index, heading, bold=True)
    else:
        index = keys + 1
        while index <= width:
            column = columns[index - keys - 1]
            span = 1
            while index + span <= width and columns[index + span - keys - 1].group == column.group:
                span += 1
            label = f"{column.label}（{column.unit_label}）"
            if span == 1 and str(column.group_label) == str(column.label):
                _put(sheet, header_top, index, label, bold=True)
                _merge(sheet, header_top, index, header_bottom, index)
            else:
                _put(sheet, header_top, index, column.group_label, bold=True)
                _merge(sheet, header_top, index, header_top, index + span - 1)
                for offset in range(span):
                    sub = columns[index + offset - keys - 1]
                    _put(sheet, header_bottom, index + offset, f"{sub.label}（{sub.unit_label}）", bold=True)
            index += span
        sheet.row_dimensions[header_bottom].height = 45

    row_number = header_bottom + 1
    for key_cells, values in spec.rows:
        _body_row(sheet, spec, row_number, key_cells, values)
        row_number += 1
    if spec.total is not None:
        _body_row(sheet, spec, row_number, spec.total[0], spec.total[1], bold=True)
        row_number += 1
    for line in spec.footer:
        row_number += 1
        _put(sheet, row_number, 1, line, align=LEFT, border=False)
        _merge_plain(sheet, row_number, 1, row_number, width)
        if len(str(line)) > 80:
            sheet.row_dimensions[row_number].height = 15 * (len(str(line)) // 80 + 1)

    for index in range(1, width + 1):
        default = 14 if index <= keys else (10 if not spec.text_columns else 14)
        sheet.column_dimensions[get_column_letter(index)].width = spec.column_widths.get(index, default)
    sheet.freeze_panes = sheet.cell(row=header_bottom + 1, column=keys + 1)
    _print_settings(sheet, header_top, header_bottom, page_footer)


def _merge_plain(sheet, first_row, first_col, last_row, last_col):
    if (first_row, first_col) != (last_row, last_col) and last_col >= first_col:
        sheet.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)


def _body_row(sheet, spec, row, key_cells, values, bold=False):
    for index, text in enumerate(key_cells, start=1):
        _put(sheet, row, index, text, bold=bold, align=LEFT)
    for offset, value in enumerate(values):
        column = spec.columns[offset]
        fmt = None if spec.text_columns else FORMATS.get(column.unit)
        align = LEFT if spec.text_columns and isinstance(value, str) else CENTRE
        _put(sheet, row, len(key_cells) + offset + 1, value if spec.text_columns else _value(column, value),
             bold=bold, number_format=fmt, align=align)


def _print_settings(sheet, header_top, header_bottom, page_footer):
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    sheet.print_title_rows = f"{header_top}:{header_bottom}"
    if page_footer:
        sheet.oddFooter.center.text = page_footer


def workbook_bytes(sheets, page_footer=""):
    """The workbook of ``sheets`` as bytes; ``page_footer`` is printed on every page ("&P" is the
    page number, "&N" the number of pages)."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        name = "".join(ch for ch in str(spec.name) if ch not in "[]:*?/\\")[:SHEET_NAME_MAX] or "Sheet"
        _write(book.create_sheet(title=name), spec, page_footer)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
