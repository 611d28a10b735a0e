"""An import from upload to save: store the file under a token bound to the user, check it (the
preview), save it in one transaction.

Safe against stale and duplicate saves:

- the file is kept on the server and checked again inside the saving transaction, so what is
  saved is the file as it meets the database now, never a form's copy of old values;
- the save goes ahead only if that check has no error and its outcome has the fingerprint of the
  preview the user was shown (posted with the form): records changed meanwhile give a new
  preview to look at, and nothing is saved;
- the batch is claimed by a conditional UPDATE (checked → saved) in the same transaction, so a
  double click or a second tab finds it saved; on PostgreSQL saves of imports also take one
  advisory lock, so two imports touching the same records run one after the other and the
  second sees the first's rows when it checks.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from portal import database, timeutil
from portal.extensions import db
from portal.models import ImportBatch, ImportStatus
from portal.services import files
from portal.services.imports import engine, kinds, reading, storage
from portal.services.imports.engine import FileProblem
from portal.services.imports.messages import Problem

STALE_CHECK = timedelta(minutes=2)   # a check without a heartbeat for this long was interrupted
ADVISORY_LOCK = 0x1A9017             # PostgreSQL advisory lock key for saving imports
PAGE_SIZE = 100


class NotAllowed(Exception):
    """The user may not import this (kind, session…)."""


def setting(name):
    return current_app.config[name]


# --- upload ---------------------------------------------------------------------------------------

def start(user, kind, params, upload):
    """Store an uploaded file as a new batch of ``kind``; raises FileProblem if it is no spreadsheet."""
    if not kind.permitted(user):
        raise NotAllowed()
    run = engine.Run(kind, user)
    if kind.load_params(run, params) is None:
        raise NotAllowed()
    limit = setting("PORTAL_IMPORT_MAX_BYTES")
    stored, size = storage.save_upload(upload.stream, limit, "upload")
    path = storage.upload_path_of(stored)
    try:
        if size == 0:
            raise FileProblem("empty_upload")
        if size > limit:
            raise FileProblem("too_large", mb=files.megabytes(limit))
        try:
            file_type = reading.sniff(path)
        except Problem as problem:
            raise FileProblem(problem.code, **problem.params) from None
    except FileProblem:
        storage.discard(stored)
        raise
    batch = ImportBatch(
        token=secrets.token_urlsafe(32), user_id=user.id, kind=kind.key,
        params={key: params[key] for key in kind.needs if key in params},
        file_name=files.display_name(upload.filename, default="upload"), file_type=file_type, stored_name=stored,
        status=ImportStatus.UPLOADED, counts={}, notices=[], fingerprint="",
    )
    db.session.add(batch)
    housekeeping()
    db.session.flush()
    return batch


def housekeeping():
    """Forget batches older than PORTAL_IMPORT_KEEP_DAYS, with their files."""
    cutoff = timeutil.now() - timedelta(days=setting("PORTAL_IMPORT_KEEP_DAYS"))
    old = db.session.scalars(select(ImportBatch).where(ImportBatch.created_at < cutoff)).all()
    for batch in old:
        storage.remove(batch)
    if old:
        db.session.execute(delete(ImportBatch).where(ImportBatch.id.in_([b.id for b in old])))


def find(token, user):
    """The user's batch with ``token`` (None for anyone else's)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(ImportBatch).where(ImportBatch.token == token, ImportBatch.user_id == user.id))


def kind_of(batch, user):
    kind = kinds.get(batch.kind)
    if kind is None or not kind.permitted(user):
        raise NotAllowed()
    return kind


def prepare(batch, user):
    """Raise NotAllowed unless ``user`` may still import ``batch`` (kind, session…)."""
    _run(batch, user)


def _run(batch, user, **options):
    kind = kind_of(batch, user)
    run = engine.Run(kind, user, max_rows=setting("PORTAL_IMPORT_MAX_ROWS"), **options)
    params = kind.load_params(run, batch.params or {})
    if params is None:
        raise NotAllowed()
    run.params = params
    return run


# --- check (the preview) ----------------------------------------------------------------------------

def claim_check(batch):
    """Mark ``batch`` as being checked by this request; False if another request is at it or done."""
    now = timeutil.now()
    claimed = db.session.execute(
        update(ImportBatch).where(
            ImportBatch.id == batch.id,
            or_(ImportBatch.status == ImportStatus.UPLOADED,
                (ImportBatch.status == ImportStatus.CHECKING) & (ImportBatch.heartbeat_at < now - STALE_CHECK)),
        ).values(status=ImportStatus.CHECKING, heartbeat_at=now, rows_checked=0)
    ).rowcount
    db.session.commit()
    return claimed == 1


def check(batch, user):
    """Check every row of the batch's file and keep the outcome for the preview (commits)."""
    writer = storage.RowsWriter(batch)
    try:
        with database.reading_phase():  # the check reads; the batch is written after it
            run = _run(batch, user, progress=_progress_reporter(batch.id))
            outcome = engine.run_file(run, storage.upload_path(batch), batch.file_type, writer)
            db.session.rollback()  # a check changes nothing but the batch
    except FileProblem as problem:
        writer.discard()
        db.session.rollback()
        _fail(batch, problem.code, problem.params)
        return None
    except BaseException:
        writer.discard()
        db.session.rollback()
        _fail(batch, "interrupted", {})
        raise
    writer.commit()
    _record_outcome(batch, outcome)
    batch.status = ImportStatus.CHECKED
    batch.checked_at = timeutil.now()
    db.session.commit()
    return outcome


def _fail(batch, code, params):
    batch.status = ImportStatus.FAILED
    batch.problem = {"code": code, "params": engine._plain(params)}
    db.session.commit()


def _record_outcome(batch, outcome, extra_notices=()):
    batch.counts = dict(outcome.counts)
    batch.fingerprint = outcome.fingerprint
    batch.rows_checked = outcome.rows
    batch.notices = [[code, engine._plain(params)] for code, params in [*outcome.notices, *extra_notices]]
    batch.problem = None


def _progress_reporter(batch_id):
    """Write how far the check got, on a connection of its own (the check's own session keeps
    what it loaded), at most every few hundred rows; on SQLite a busy database skips a report."""
    table = ImportBatch.__table__

    def report(done, total):
        try:
            with db.engine.begin() as connection:
                connection.execute(update(table).where(table.c.id == batch_id).values(
                    rows_checked=done, rows_total=total, heartbeat_at=timeutil.now()))
        except OperationalError:
            pass

    return report


def progress(batch):
    """{"status", "done", "total", "percent"} for the progress bar."""
    total = batch.rows_total
    done = batch.rows_checked or 0
    status = batch.status
    if status == ImportStatus.CHECKING and (batch.heartbeat_at is None or batch.heartbeat_at < timeutil.now() - STALE_CHECK):
        status = "stalled"  # the request checking it is gone: the page starts the check again
    percent = None
    if batch.status == ImportStatus.CHECKED or batch.status == ImportStatus.SAVED:
        percent = 100
    elif total:
        percent = min(99, int(done * 100 / max(total, 1)))
    return {"status": status, "done": done, "total": total, "percent": percent}


# --- save --------------------------------------------------------------------------------------------

@dataclass
class SaveResult:
    outcome: str   # saved, already, stale_page, changed, busy, conflict
    counts: dict | None = None


def save(batch, user, fingerprint):
    """Save every row of a checked batch in one transaction, if the file still means what the
    preview with ``fingerprint`` showed. Commits or rolls back; returns a SaveResult."""
    if batch.status == ImportStatus.SAVED:
        return SaveResult("already")
    if batch.status != ImportStatus.CHECKED or not fingerprint or fingerprint != batch.fingerprint:
        return SaveResult("stale_page")
    run = _run(batch, user, save=True)
    batch_id = batch.id
    try:
        claimed = db.session.execute(
            update(ImportBatch).where(
                ImportBatch.id == batch_id, ImportBatch.status == ImportStatus.CHECKED,
                ImportBatch.fingerprint == fingerprint,
            ).values(status=ImportStatus.SAVED, saved_at=timeutil.now())
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            return SaveResult("already" if _status(batch_id) == ImportStatus.SAVED else "stale_page")
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK)))
        writer = storage.RowsWriter(batch)
        try:
            outcome = engine.run_file(run, storage.upload_path(batch), batch.file_type, writer)
        except BaseException:
            writer.discard()
            raise
    except FileProblem:
        db.session.rollback()
        return SaveResult("changed")
    except OperationalError as error:
        db.session.rollback()
        if "locked" in str(error).lower():  # SQLite: another save holds the database
            return SaveResult("busy")
        raise
    except (IntegrityError, StaleDataError):
        # Someone saved the same records at this very moment: nothing of ours is kept.
        db.session.rollback()
        return SaveResult("conflict")
    if outcome.errors or outcome.fingerprint != fingerprint:
        db.session.rollback()
        writer.commit()
        batch = db.session.get(ImportBatch, batch_id)
        _record_outcome(batch, outcome, extra_notices=[("changed_since_preview", {})])
        db.session.commit()
        return SaveResult("changed", outcome.counts)
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        writer.discard()
        return SaveResult("conflict")
    writer.discard()  # the preview's rows say exactly what was saved
    return SaveResult("saved", outcome.counts)


def _status(batch_id):
    return db.session.scalar(select(ImportBatch.status).where(ImportBatch.id == batch_id))


# --- the preview's rows -------------------------------------------------------------------------------

FILTERS = ("error", "new", "changed", "unchanged", "skipped")


def preview(batch, show=None, page=1, page_size=PAGE_SIZE):
    """(column keys, rows of the page, rows matching ``show``) from the batch's checked rows."""
    columns, rows, matching = [], [], 0
    start = (max(page, 1) - 1) * page_size
    for item in storage.read_rows(batch):
        if "columns" in item:
            columns = item["columns"]
            continue
        if show and item["s"] != show:
            continue
        if start <= matching < start + page_size:
            rows.append(item)
        matching += 1
    return columns, rows, matching


def template(kind, user, params):
    from portal.services.imports.template import build

    if not kind.permitted(user):
        raise NotAllowed()
    run = engine.Run(kind, user)
    loaded = kind.load_params(run, params)
    if loaded is None:
        raise NotAllowed()
    run.params = loaded
    return build(kind, run)
