"""Checking and saving an import: one pass over the sheet, a chunk of rows at a time.

Each row is read cell by cell with its column's type, matched to an existing record by the
kind's natural key (one query per chunk), kept inside the user's street, checked across columns
and compared with the record it would change. The preview stores what each row would do; the
save runs the very same pass inside one transaction, applying each row as it goes, and goes
ahead only if nothing has an error and the outcome is exactly what the preview showed (its
fingerprint): otherwise the transaction is rolled back and nothing is saved.
"""
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.i18n import current_locale_code
from portal.services.imports import refs
from portal.services.imports.messages import Problem
from portal.services.imports.reading import HEADER_SEARCH_ROWS, Formula, open_sheet
from portal.services.imports.values import Masked, Text, cell_text, norm

CHUNK = 500
# Headers of columns ledgers carry that mean nothing to the portal (row numbers).
ROW_NUMBER_HEADERS = {norm(text) for text in ("序号", "序號", "No.", "No", "#", "行号")}
_REQUIRED_MARK = re.compile(r"[*＊]|[（(](必填|required)[)）]", re.I)


class FileProblem(Exception):
    """The file as a whole cannot be imported (no header, a missing column…)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def allowed_sheet_name():
    return gettext("Allowed values")


@dataclass
class Run:
    """One pass of a kind over a file, for one user."""

    kind: object
    user: object
    params: dict = field(default_factory=dict)
    save: bool = False
    max_rows: int = 50_000
    progress: object = None  # callable(rows done, rows total or None)

    def __post_init__(self):
        self.street_limit = self.kind.street_limit(self.user) if self.user is not None else None
        self.default_street = self.street_limit if self.street_limit not in (None, -1) else None
        self.today = timeutil.today()
        self.locale = current_locale_code() if has_request_context() else "zh_Hans_CN"
        self.allowed_sheet_name = allowed_sheet_name()
        self._indexes = {}
        self._lookups = {}
        self.failed = False   # a row had an error: nothing more is applied
        self.cache = {}       # what a kind keeps between chunks

    # --- references ----------------------------------------------------------------------------
    def index(self, name):
        if name not in self._indexes:
            self._indexes[name] = refs.INDEXES[name](self)
        return self._indexes[name]

    def lookup_entries(self, model):
        if model not in self._lookups:
            entries = db.session.scalars(model.in_use()).all()
            index = {}
            for entry in entries:
                for text in (entry.code, entry.name, entry.name_zh_hant, entry.name_en):
                    if text:
                        index.setdefault(norm(text), entry)
            self._lookups[model] = (entries, index)
        return self._lookups[model][0]

    def lookup_index(self, model):
        self.lookup_entries(model)
        return self._lookups[model][1]


class Row:
    __slots__ = ("number", "raw", "cells", "values", "errors", "changes", "status", "record", "key")

    def __init__(self, number):
        self.number = number
        self.raw = None
        self.cells = {}
        self.values = {}
        self.errors = {}
        self.changes = {}
        self.status = None
        self.record = None
        self.key = None

    def fail(self, column, code, /, **params):
        self.errors.setdefault(column or "", (code, {k: _plain(v) for k, v in params.items()}))

    def as_item(self):
        return {
            "n": self.number, "s": self.status, "v": self.cells,
            "e": {k: [code, params] for k, (code, params) in self.errors.items()},
            "c": {k: list(v) for k, v in self.changes.items()},
        }


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@dataclass
class Layout:
    header_row: int
    mapping: dict          # column key -> [file column indexes], preferred first
    order: list            # column keys in file order (the preview's columns)
    ignored: list
    derived: list


@dataclass
class Outcome:
    counts: dict
    fingerprint: str
    layout: Layout
    notices: list
    rows: int

    @property
    def errors(self):
        return self.counts.get("error", 0)


# --- headers --------------------------------------------------------------------------------------

def header_index(kind):
    """{normalised header text: column key} for every header ``kind`` recognises (cached)."""
    cache = _HEADER_CACHE.get(kind.key)
    if cache is None:
        cache = {}
        for column in kind.columns:
            for text in column.header_texts():
                cache.setdefault(text, column.key)
        _HEADER_CACHE[kind.key] = cache
    return cache


_HEADER_CACHE = {}


def _header_key(cell, known=None):
    key = norm(_REQUIRED_MARK.sub("", cell_text(cell)))
    # Ledgers ask yes/no questions: 是否律师 is the column 律师.
    if known is not None and key not in known and key.startswith("是否") and key[2:] in known:
        return key[2:]
    return key


def find_layout(kind, first_rows):
    """The header among the first non-empty rows (the one naming most columns) and what each
    of its columns is."""
    known = header_index(kind)
    best, best_score = None, 0
    for number, cells in first_rows:
        score = sum(1 for cell in cells if cell is not None and not isinstance(cell, Formula) and _header_key(cell, known) in known)
        if score > best_score:
            best, best_score = (number, cells), score
    if best is None:
        raise FileProblem("no_header")
    number, cells = best
    derived_texts = kind.derived_texts()
    mapping, order, ignored, derived, seen = {}, [], [], [], set()
    duplicates = []
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        text = cell_text(cell)
        key = _header_key(cell, known)
        if key in seen and key in known:
            duplicates.append(text)
            continue
        seen.add(key)
        if key in known:
            column_key = known[key]
            if column_key not in mapping:
                order.append(column_key)
            mapping.setdefault(column_key, []).append(index)
        elif key in derived_texts:
            derived.append(text)
        elif key not in ROW_NUMBER_HEADERS:
            ignored.append(text)
    if duplicates:
        raise FileProblem("duplicate_columns", columns=duplicates)
    missing = kind.missing_columns(mapping)
    if missing:
        raise FileProblem("missing_columns", columns=missing)
    return Layout(header_row=number, mapping=mapping, order=order, ignored=ignored, derived=derived)


# --- the pass ---------------------------------------------------------------------------------------

def run_file(run, path, file_type, writer=None):
    """Check (or, with ``run.save``, check and apply) every row of the file; returns an Outcome.

    Raises FileProblem when the file as a whole cannot be imported.
    """
    from portal.services.imports.messages import Problem as CellProblem

    try:
        with open_sheet(path, file_type) as sheet:
            return _run_sheet(run, sheet, writer)
    except CellProblem as problem:  # reading the file itself failed
        raise FileProblem(problem.code, **problem.params) from None


def _non_empty(rows):
    for number, cells in rows:
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            yield number, cells


def _run_sheet(run, sheet, writer):
    kind = run.kind
    rows = _non_empty(sheet.rows())
    first = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    if not first:
        raise FileProblem("empty_sheet")
    layout = find_layout(kind, first)
    if writer is not None:
        writer.write({"columns": layout.order})
    data = itertools.chain(((n, c) for n, c in first if n > layout.header_row), rows)
    notices = []
    if layout.header_row > 1:
        notices.append(("header_row", {"row": layout.header_row}))
    if layout.ignored:
        notices.append(("ignored_columns", {"columns": layout.ignored}))
    if layout.derived:
        notices.append(("derived_columns", {"columns": layout.derived}))

    digest = hashlib.sha256(json.dumps(layout.order).encode())
    counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0, "skipped": 0}
    seen_keys = {}
    examples = _example_texts(kind, run, layout)
    total, done = sheet.total, 0
    first_data = True
    while True:
        chunk = list(itertools.islice(data, CHUNK))
        if not chunk:
            break
        if done + len(chunk) > run.max_rows:
            raise FileProblem("too_many_rows", max=run.max_rows)
        parsed = []
        for number, cells in chunk:
            if first_data and examples and _is_example(cells, layout, examples):
                row = Row(number)
                row.status = "skipped"
                row.cells = {key: cell_text(_cell(cells, layout, key)) for key in layout.order}
                notices.append(("example_skipped", {"row": number}))
                _emit(row, counts, digest, writer)
                first_data = False
                continue
            first_data = False
            parsed.append(_parse(run, layout, number, cells))
        _check_chunk(run, layout, parsed, seen_keys)
        for row in parsed:
            _emit(row, counts, digest, writer)
        if run.save and not run.failed:
            db.session.flush()
        done += len(chunk)
        if run.progress is not None:
            run.progress(done, total)
    if counts["new"] + counts["changed"] + counts["unchanged"] + counts["error"] == 0:
        raise FileProblem("no_rows")
    if run.save and not run.failed:
        kind.finish(run)
        db.session.flush()
    return Outcome(counts=counts, fingerprint=digest.hexdigest(), layout=layout, notices=notices, rows=done)


def _cell(cells, layout, key):
    for index in layout.mapping.get(key, ()):
        if index < len(cells) and cells[index] is not None:
            return cells[index]
    return None


def _example_texts(kind, run, layout):
    """{column key: texts its example may read as} for the mapped columns that have one."""
    from portal.services.imports.template import example_cell

    texts = {}
    for key in layout.order:
        column = kind.by_key[key]
        if column.example is None:
            continue
        variants = set()
        for locale in ("zh_Hans_CN", "zh_Hant_TW", "en"):
            from flask_babel import force_locale

            with force_locale(locale):
                variants.add(norm(cell_text(example_cell(column, run))))
        texts[key] = variants
    return texts if len(texts) >= 2 else {}


def _is_example(cells, layout, examples):
    return all(norm(cell_text(_cell(cells, layout, key))) in variants for key, variants in examples.items())


def _parse(run, layout, number, cells):
    row = Row(number)
    row.raw = cells
    _parse_columns(run, layout, row, late=False)
    return row


def _parse_columns(run, layout, row, late):
    for column in run.kind.columns:
        if column.key not in layout.mapping or column.late != late:
            continue
        raw = _cell(row.raw, layout, column.key)
        row.cells[column.key] = cell_text(raw)
        if raw is None:
            if column.required and not run.kind.empty_allowed(column.key):
                row.fail(column.key, "required")
            elif not column.keeps_when_empty:
                row.values[column.key] = None
            continue
        if isinstance(raw, Formula):
            row.fail(column.key, "formula")
            continue
        try:
            row.values[column.key] = column.value.parse(raw, run, row.values)
        except Problem as problem:
            row.fail(column.key, problem.code, **problem.params)


def _check_chunk(run, layout, rows, seen_keys):
    kind = run.kind
    for row in rows:
        row.key = kind.natural_key(row, run)
        if row.key is not None:
            first = seen_keys.setdefault(row.key, row.number)
            if first != row.number:
                row.fail(kind.key_column, "duplicate_row", row=first, value=_key_text(row.key))
    existing = kind.load_existing([row for row in rows if row.key is not None], run)
    outside = _outside_scope(kind, run, existing.values())
    for row in rows:
        _parse_columns(run, layout, row, late=True)
        record = existing.get(row.key) if row.key is not None else None
        if record is not None and record.id in outside:
            row.fail(kind.key_column, "key_other_street", value=_key_text(row.key))
            record = None
        row.record = record
        _check_street(run, row, record)
        kind.check(row, record, run)
        if not row.errors:
            _compare(run, row, record)
            if record is not None:
                kind.check_changes(row, record, run)
        if row.errors:
            row.status = "error"
            run.failed = True
            continue
        row.status = "new" if record is None else ("changed" if row.changes else "unchanged")
        if run.save and not run.failed and row.status != "unchanged":
            _apply(run, row)
        kind.after_row(row, run)


def _key_text(key):
    return key if isinstance(key, str) else (key[-1] if isinstance(key, tuple) else str(key))


def _outside_scope(kind, run, records):
    """Ids of ``records`` outside the user's street (one query)."""
    ids = [r.id for r in records if r.id is not None]
    if run.street_limit is None or not ids or not hasattr(kind.model, "street_scope"):
        return set()
    inside = set(db.session.scalars(
        select(kind.model.id).where(kind.model.id.in_(ids), kind.model.street_scope(run.street_limit))
    ))
    return set(ids) - inside


def _check_street(run, row, record):
    if run.street_limit is None or row.errors:
        return
    street_id = run.kind.street_of(row.values, record, run)
    if street_id != run.street_limit:
        column = run.kind.street_column if run.kind.street_column in row.values else ""
        row.fail(column, "other_street", street=_street_name(street_id))


def _street_name(street_id):
    from portal.models import Street

    if street_id is None:
        return gettext("the district level")
    street = db.session.get(Street, street_id)
    return street.name if street is not None else str(street_id)


def _compare(run, row, record):
    kind = run.kind
    for column in kind.columns:
        if column.key not in row.values:
            continue
        new = row.values[column.key]
        if isinstance(new, Masked):
            old = kind.current(record, column) if record is not None else None
            if record is None or not new.matches(old, column.value.masker):
                row.fail(column.key, "masked" if record is not None else "masked_new")
                continue
            row.values[column.key] = old
            continue
        if record is None:
            continue
        change = kind.compare(record, column, new, row, run)
        if change is None and column.attr is not None:
            old = kind.current(record, column)
            if not column.value.same(old, new):
                change = (column.value.display(old), column.value.display(new))
        if change is not None:
            row.changes[column.key] = change


def _apply(run, row):
    kind = run.kind
    record = row.record if row.record is not None else kind.new_record(row, run)
    for column in kind.columns:
        if column.key not in row.values:
            continue
        if row.record is not None and column.key not in row.changes:
            continue
        value = row.values[column.key]
        if value is None and isinstance(column.value, Text):
            value = ""
        kind.assign(record, column, value, row, run)
    kind.place(record, row, run)
    kind.after_assign(record, row, run)
    if record not in db.session:
        db.session.add(record)
    row.record = record


def _emit(row, counts, digest, writer):
    counts[row.status] += 1
    item = row.as_item()
    digest.update(json.dumps([item["n"], item["s"], item["e"], item["c"]], sort_keys=True, ensure_ascii=False).encode())
    if writer is not None:
        writer.write(item)
