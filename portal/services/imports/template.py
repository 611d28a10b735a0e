"""The XLSX template of a kind, in the reader's language: the columns with an example row, a
sheet of allowed values feeding drop-downs, and a sheet that says what to write in each column."""
from datetime import date
from decimal import Decimal

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.services.imports.values import (
    Choice, Code, DateValue, IdNumber, Lookup, Number, Phone, Ref, RefList, Text, TextList, YesNo,
)
from portal.services.xlsx_report import DATE_FORMATS, sheet_title

HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
EXAMPLE_FONT = Font(italic=True, color="808080")
VALIDATED_ROWS = 5000   # drop-downs and text format reach this far down


def example_cell(column, run):
    """The example of ``column`` as the template writes it (text, date or number), or None."""
    example, value = column.example, column.value
    if example is None:
        return None
    if isinstance(value, Choice):
        return str(value.enum_cls.labels()[value.enum_cls(example)])
    if isinstance(value, YesNo):
        return gettext("Yes") if example else gettext("No")
    if isinstance(value, Lookup):
        entry = run.lookup_index(value.model).get(example)
        return entry.label if entry is not None else None
    if isinstance(value, DateValue):
        return date.fromisoformat(example)
    if isinstance(value, Number):
        return Decimal(example)
    return str(example)


def required_header(column):
    return f"{column.label} *" if column.required else str(column.label)


def hint(column):
    """What to write in ``column``, for the instructions sheet."""
    value = column.value
    if isinstance(value, (Choice, Lookup)) or (isinstance(value, Ref) and not isinstance(value, RefList)):
        if isinstance(value, Ref):
            return gettext("The name or code of a %(what)s you may use.", what=_what(value))
        return gettext("One of the values on the sheet “%(sheet)s”.", sheet=gettext("Allowed values"))
    if isinstance(value, RefList):
        return gettext("Names of %(what)s, separated by 、.", what=_what(value))
    if isinstance(value, TextList):
        return gettext("Several, separated by 、, in the same order as the names.")
    if isinstance(value, YesNo):
        return gettext("是 or 否.")
    if isinstance(value, DateValue):
        return gettext("A date, such as 2024-03-01.")
    if isinstance(value, Number):
        return gettext("A number with at most %(places)s decimal places.", places=value.places)
    if isinstance(value, IdNumber):
        return gettext("18 characters; keep the column formatted as text.")
    if isinstance(value, Phone):
        return gettext("A mobile (13812345678) or landline (010-64012345) number.")
    if isinstance(value, (Text, Code)):
        return gettext("Text, at most %(max)s characters.", max=value.max_length)
    return ""


def _what(value):
    from portal.services.imports.messages import WHAT

    return str(WHAT.get(value.index_name, value.index_name))


def build(kind, run):
    """The template workbook of ``kind`` for ``run``'s user, as bytes."""
    from portal.services.xlsx_report import saved_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(kind.label)
    allowed = book.create_sheet(sheet_title(gettext("Allowed values")))
    notes = book.create_sheet(sheet_title(gettext("Instructions")))
    date_format = DATE_FORMATS["zh" if str(run.locale).startswith("zh") else "en"]

    allowed_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=required_header(column))
        header.font = HEADER_FONT
        if column.required:
            header.fill = REQUIRED_FILL
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(column.label)) * 2 + 4))
        if column.value.text_format:
            sheet.column_dimensions[letter].number_format = "@"
        elif isinstance(column.value, DateValue):
            sheet.column_dimensions[letter].number_format = date_format
        example = example_cell(column, run)
        if example is not None:
            cell = sheet.cell(row=2, column=index, value=example)
            cell.font = EXAMPLE_FONT
            if isinstance(example, str):
                cell.data_type = "s"
            elif isinstance(example, date):
                cell.number_format = date_format
        options = column.value.allowed(run)
        if options:
            allowed_column += 1
            _allowed_values(allowed, allowed_column, column, options)
            source = f"'{allowed.title}'!${get_column_letter(allowed_column)}$2:${get_column_letter(allowed_column)}${len(options) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
            validation.errorTitle = str(column.label)
            validation.error = gettext("Choose one of the listed values.")
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    _instructions(notes, kind, run)
    return saved_bytes(book)


def _allowed_values(sheet, index, column, options):
    letter = get_column_letter(index)
    header = sheet.cell(row=1, column=index, value=str(column.label))
    header.font = HEADER_FONT
    for row, option in enumerate(options, start=2):
        cell = sheet.cell(row=row, column=index, value=str(option))
        cell.data_type = "s"
    sheet.column_dimensions[letter].width = max(14, min(50, max(len(str(o)) for o in options) * 2 + 2))


def _instructions(sheet, kind, run):
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 30
    lines = [str(kind.help)] if kind.help else []
    lines += [
        gettext("Columns marked * are required. Keep the header row; the order of the columns does not "
                "matter, and headers may be in Chinese (Simplified or Traditional) or English."),
        gettext("The grey row is an example: replace it, or leave it as it is and it will be skipped."),
        gettext("Nothing is saved until every row is correct: the portal shows each problem next to its cell."),
    ]
    session = run.params.get("session")
    if session is not None:
        lines.insert(0, gettext("Training session: %(title)s, %(date)s", title=session.title,
                                date=session.starts_at.date().isoformat()))
    row = 1
    for line in lines:
        cell = sheet.cell(row=row, column=1, value=line)
        cell.data_type = "s"
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell.alignment = wrap
        sheet.row_dimensions[row].height = 32
        row += 1
    row += 1
    for index, text in enumerate((gettext("Column"), gettext("Required"), gettext("What to write"), gettext("Example")), start=1):
        sheet.cell(row=row, column=index, value=text).font = HEADER_FONT
    for column in kind.columns:
        row += 1
        example = example_cell(column, run)
        values = (str(column.label), gettext("Yes") if column.required else "", hint(column),
                  example.isoformat() if isinstance(example, date) else ("" if example is None else str(example)))
        for index, text in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=text)
            cell.data_type = "s"
            cell.alignment = wrap
