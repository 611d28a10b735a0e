"""Moving old history out of the database, never losing it: ``portal audit-archive``.

Entries older than a date (``--before``, or ``PORTAL_AUDIT_RETENTION_DAYS`` ago) are written as
JSON lines to a gzip file in the file store (``audit/…``), the file is read back and checked
(checksum, every entry there), and only then are they removed from the database, in the same
transaction that records the archive in ``audit_archives``. The history screen lists archives;
``portal audit-restore`` brings a batch back, with its original ids.
"""
import gzip
import hashlib
import io
import json
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from portal import storage, timeutil
from portal.extensions import db
from portal.models import AuditArchive, AuditEntry, User
from portal.ops.snapshot import HISTORY_FILE_ENTITIES

COLUMNS = [c.name for c in AuditEntry.__table__.columns]


class ArchiveError(Exception):
    pass


def cutoff(before=None):
    """The moment before which entries go: ``before`` (a date), else the retention setting."""
    if before is not None:
        return datetime.combine(before, datetime.min.time())
    days = current_app.config.get("PORTAL_AUDIT_RETENTION_DAYS")
    if not days:
        raise ArchiveError("give --before DATE, or set PORTAL_AUDIT_RETENTION_DAYS.")
    return datetime.combine(timeutil.today() - timedelta(days=int(days)), datetime.min.time())


def _line(row):
    row = dict(row)
    row["at"] = row["at"].isoformat()
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n"


def _file_keys(row):
    area = HISTORY_FILE_ENTITIES.get(row["entity"])
    changes = row["changes"]
    changes = json.loads(changes) if isinstance(changes, str) else changes
    name = (changes or {}).get("stored_name") if area else None
    names = name if isinstance(name, list) else [name]
    return {f"{area}/{n}" for n in names if isinstance(n, str) and n}


def _pack(moment):
    """(gzip bytes, entry ids seen: count, first, last, stored files named) of the entries before ``moment``."""
    buffer = io.BytesIO()
    file_keys, count, first, last = set(), 0, None, None
    table = AuditEntry.__table__
    rows = db.session.execute(select(table).where(table.c.at < moment).order_by(table.c.id)
                              .execution_options(yield_per=2000)).mappings()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz:
        for row in rows:
            gz.write(_line(row).encode())
            file_keys |= _file_keys(row)
            count, first, last = count + 1, first or row["id"], row["id"]
    return buffer.getvalue(), count, first, last, sorted(file_keys)


def parse(data, expect=None):
    """The entries of an archive file, as rows ready to insert (checked against ``expect``, a
    SHA-256, when given)."""
    if expect is not None and hashlib.sha256(data).hexdigest() != expect:
        raise ArchiveError("the archive file does not match its checksum.")
    rows = []
    for line in gzip.decompress(data).decode().splitlines():
        row = json.loads(line)
        row["at"] = datetime.fromisoformat(row["at"])
        rows.append(row)
    return rows


def archive(before=None):
    """Move the entries before the cutoff into an archive; returns the AuditArchive (None when
    there was nothing to move). Commits."""
    moment = cutoff(before)
    data, count, first, last, file_keys = _pack(moment)
    if not count:
        return None
    digest = hashlib.sha256(data).hexdigest()
    key = storage.key("audit", f"audit-before-{moment:%Y%m%d}-{timeutil.now():%Y%m%dT%H%M%S}-{digest[:8]}.jsonl.gz")
    storage.put(key, data)
    # Read back what the store kept: the entries leave the database only once it holds all of them.
    try:
        kept = parse(storage.read(key), expect=digest)
        if (len(kept), kept[0]["id"], kept[-1]["id"]) != (count, first, last):
            raise ArchiveError("the archive read back differs")
    except (ArchiveError, storage.StorageError, OSError, ValueError) as error:
        storage.delete(key)
        raise ArchiveError(f"the file store did not keep the archive intact ({error}); nothing was removed.") from None
    record = AuditArchive(
        older_than=moment, entries=count, first_entry_id=first, last_entry_id=last,
        key=key, sha256=digest, size=len(data), file_keys=file_keys, created_at=timeutil.now(),
    )
    db.session.add(record)
    removed = db.session.execute(delete(AuditEntry).where(AuditEntry.at < moment, AuditEntry.id <= last)).rowcount
    if removed != count:
        db.session.rollback()
        storage.delete(key)
        raise ArchiveError("the history changed while it was being archived; nothing was removed. Run it again.")
    db.session.commit()
    return record


def restore(source):
    """Put an archive's entries back (those not there already); ``source`` is a stored key or
    the bytes of an archive file. Returns the number of entries restored. Commits."""
    record = db.session.scalar(select(AuditArchive).where(AuditArchive.key == source)) if isinstance(source, str) else None
    data = storage.read(source) if isinstance(source, str) else source
    if record is None:
        record = db.session.scalar(select(AuditArchive).where(AuditArchive.sha256 == hashlib.sha256(data).hexdigest()))
    rows = parse(data, expect=record.sha256 if record is not None else None)
    present = set(db.session.scalars(select(AuditEntry.id).where(AuditEntry.id.in_([r["id"] for r in rows]))))
    users = set(db.session.scalars(select(User.id)))
    missing = []
    for row in rows:
        if row["id"] in present:
            continue
        if row["actor_id"] not in users:
            row["actor_id"] = None  # the account was deleted since (its entries keep the summary)
        missing.append(row)
    for start in range(0, len(missing), 1000):
        db.session.execute(insert(AuditEntry.__table__), missing[start:start + 1000])
    if record is not None:
        record.restored_at = timeutil.now()
    db.session.commit()
    return len(missing)


def archives():
    """Every archive, newest first (for the history screen)."""
    return db.session.scalars(select(AuditArchive).order_by(AuditArchive.id.desc())).all()


def count_before(moment):
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.at < moment))
