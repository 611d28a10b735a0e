"""``portal backup DEST``: the database and every uploaded file it names, in one archive.

The archive (``portal-backup-<time>.tar.gz``) holds ``manifest.json`` first, then the database
(``database.pgdump``: pg_dump's custom format; or ``database.sqlite``) and ``files/<key>`` for
each stored file. The manifest records the time, the schema revision, the rows and a checksum
of every table, and the size and checksum of every file and of the database dump.

It is consistent while the portal runs. PostgreSQL: one repeatable-read transaction exports its
snapshot to pg_dump, and the manifest's tables and file list are read in that same snapshot.
SQLite: the online backup API copies the database in one step (never a file copy, which a
concurrent write can corrupt), and the manifest is read from the copy. Files are written to the
store before their record is committed and never removed while a record names them, so every
file the snapshot names is there to copy; the archive holds exactly those.
"""
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone

from sqlalchemy import text

from portal import storage
from portal.ops import databases, snapshot

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the text says why and what to do."""


def sha256_of_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive_path(dest, now):
    """DEST itself when it names a file; inside DEST when it is a folder."""
    if os.path.isdir(dest) or dest.endswith(os.sep):
        os.makedirs(dest, exist_ok=True)
        return os.path.join(dest, f"portal-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz")
    if os.path.exists(dest):
        raise BackupError(f"{dest} exists already; a backup never overwrites one.")
    return dest


def _dump_postgres(database_url, folder):
    """pg_dump in an exported snapshot; the manifest's data read in the same snapshot."""
    dump = os.path.join(folder, DUMPS["postgresql"])
    pg_dump = databases.tool("pg_dump")
    target, env = databases.libpq(database_url)
    eng = databases.engine(database_url)
    try:
        with eng.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with connection.begin():
                snapshot_id = connection.execute(text("SELECT pg_export_snapshot()")).scalar()
                done = subprocess.run(
                    [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot_id}",
                     f"--dbname={target}", f"--file={dump}"],
                    env=env, capture_output=True, text=True,
                )
                if done.returncode != 0:
                    raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
                return dump, _describe(connection)
    finally:
        eng.dispose()


def _dump_sqlite(database_url, folder):
    """SQLite's online backup API, in one step: a consistent copy however busy the portal is."""
    dump = os.path.join(folder, DUMPS["sqlite"])
    source_path = databases.sqlite_path(database_url)
    if not os.path.exists(source_path):
        raise BackupError(f"there is no database at {source_path}.")
    source = sqlite3.connect(source_path, timeout=60)
    try:
        copy = sqlite3.connect(dump)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    eng = databases.engine("sqlite:///" + dump)
    try:
        with eng.connect() as connection:
            return dump, _describe(connection)
    finally:
        eng.dispose()


def _describe(connection):
    return {
        "schema_revision": snapshot.schema_revision(connection),
        "tables": snapshot.table_stats(connection),
        "keys": snapshot.referenced_keys(connection),
    }


def _copy_files(store, keys, folder):
    """Copy each named file out of the store; (files, missing). A store that does not answer
    stops the backup: an archive without its files is no backup."""
    files, missing = {}, []
    for key in keys:
        try:
            data = store.read(key)
        except storage.FileMissing:
            missing.append(key)
            continue
        except storage.StorageUnavailable as error:
            raise BackupError(f"the file store did not answer ({error}); no backup was written.") from error
        path = os.path.join(folder, "files", *key.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        files[key] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return files, missing


def backup(database_url, store, dest, *, app_version=""):
    """Write the archive; returns (its path, its manifest)."""
    kind = databases.dialect(database_url)
    if kind not in DUMPS:
        raise BackupError(f"cannot back up a {kind} database.")
    now = datetime.now(timezone.utc)
    path = archive_path(dest, now)
    with tempfile.TemporaryDirectory(prefix=".portal-backup-", dir=os.path.dirname(os.path.abspath(path))) as folder:
        dump, described = (_dump_postgres if kind == "postgresql" else _dump_sqlite)(database_url, folder)
        files, missing = _copy_files(store, described["keys"], folder)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(timespec="seconds"),
            "portal_version": app_version,
            "schema_revision": described["schema_revision"],
            "database": {"kind": kind, "file": DUMPS[kind], "size": os.path.getsize(dump),
                         "sha256": sha256_of_file(dump)},
            "tables": described["tables"],
            "files": files,
            "missing_files": missing,
        }
        partial = path + ".part"
        try:
            # Only its owner may read it: a backup holds every party's personal data.
            handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
                archive.add(dump, arcname=DUMPS[kind])
                for key in sorted(files):
                    archive.add(os.path.join(folder, "files", *key.split("/")), arcname=f"files/{key}")
            os.replace(partial, path)  # a half-written archive never carries the final name
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
    return path, manifest


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(timezone.utc).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))
