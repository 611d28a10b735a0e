"""Reading an uploaded spreadsheet row by row: XLSX through openpyxl's read-only mode (the
workbook is never loaded whole), CSV in UTF-8 or GBK (told apart by decoding), anything else
refused with a message that says what to do.

Cells come out as Python values (text stripped, empty as None); a formula comes out as a
:class:`Formula`, never evaluated.
"""
import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

from portal.services import files
from portal.services.imports.messages import Problem

MAX_COLUMNS = 120          # columns read per row; a ledger has a few dozen
MAX_UNPACKED = 300 * 1024 * 1024  # refuse zip bombs before openpyxl unpacks anything
HEADER_SEARCH_ROWS = 10    # the header may sit under a title row or two
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Formula:
    text: str

    def __str__(self):
        return self.text


def sniff(path):
    """"xlsx" or "csv" for the file at ``path``, judged by its bytes; raises Problem otherwise."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if not head:
        raise Problem("empty_upload")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    kind = files.detect(head)
    if kind is not None:
        raise Problem("old_excel" if kind.kind == "ole" else "not_spreadsheet")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in head:  # text in UTF-8 or GBK never holds NUL bytes
        raise Problem("not_spreadsheet")
    return "csv"


def _zip_kind(path):
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
                raise Problem("open_document")
            if "xl/workbook.xml" not in names:
                raise Problem("not_spreadsheet")
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                raise Problem("unpacked_too_large")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise Problem("unreadable") from None
    return "xlsx"


class Sheet:
    """The first worksheet of a file: ``rows()`` yields (sheet row number, [cell values])."""

    total = None  # rows in the sheet if the file says (for the progress bar), else None

    def rows(self):
        raise NotImplementedError

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class XlsxSheet(Sheet):
    def __init__(self, path):
        from openpyxl import load_workbook

        # A file object, not the path: openpyxl judges a path by its extension, and stored
        # uploads have none of the user's.
        self.handle = open(path, "rb")
        try:
            self.book = load_workbook(self.handle, read_only=True, data_only=False)
            self.sheet = self.book.worksheets[0]
            self.total = self.sheet.max_row  # from the <dimension> element: None when absent
            columns = self.sheet.max_column
            self.max_col = columns if columns and columns <= MAX_COLUMNS else MAX_COLUMNS
        except Exception:  # openpyxl raises many kinds on damaged files
            self.handle.close()
            raise Problem("unreadable") from None

    def rows(self):
        try:
            # Read-only sheets yield every row from the first, empty ones included.
            for number, row in enumerate(self.sheet.iter_rows(max_col=self.max_col), start=1):
                yield number, [_xlsx_value(cell) for cell in row]
        except Problem:
            raise
        except Exception:
            raise Problem("unreadable") from None

    def close(self):
        self.book.close()
        self.handle.close()


def _xlsx_value(cell):
    value = cell.value
    if cell.data_type == "f":
        return Formula(str(value))
    return clean(value)


def clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


class CsvSheet(Sheet):
    def __init__(self, path):
        with open(path, "rb") as fh:
            raw = fh.read()
        self.text = decode(raw)
        self.total = self.text.count("\n") + (0 if self.text.endswith("\n") else 1)

    def rows(self):
        sample = self.text[:65536]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(self.text), dialect)
        try:
            for values in reader:
                yield reader.line_num, [_csv_value(v) for v in values[:MAX_COLUMNS]]
        except csv.Error:
            raise Problem("unreadable") from None


def decode(raw):
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK (GB18030)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise Problem("not_spreadsheet")
        return text
    raise Problem("encoding")


def _csv_value(text):
    text = text.strip()
    if not text:
        return None
    if text.startswith("="):
        return Formula(text)
    # An export guards text that would run as a formula with a leading apostrophe: undo it.
    if text[0] == "'" and len(text) > 1 and text[1] in "=+-@":
        return text[1:]
    return text


def open_sheet(path, file_type):
    return XlsxSheet(path) if file_type == "xlsx" else CsvSheet(path)
