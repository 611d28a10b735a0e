"""Reports as XLSX workbooks (openpyxl): bold headers, sensible widths, no formulas from data."""
import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

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
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width, 8), MAX_WIDTH)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
