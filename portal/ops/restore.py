"""``portal restore ARCHIVE`` and ``portal verify-backup ARCHIVE``.

A restore goes into an empty database and an empty file store (it refuses others unless told
``--force``), checks every member of the archive against the manifest first, then reads the
restored database and files back and compares them with the manifest: rows and checksum of
every table, the schema revision, every file's checksum.

``verify-backup`` does the same into a throw-away database and folder, then removes them: the
proof an office needs that its backups restore.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile

from portal import storage
from portal.ops import databases, snapshot
from portal.ops.backup import DUMPS, FORMAT, MANIFEST, BackupError, sha256_of_file


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError, AttributeError) as error:
        raise BackupError(f"{archive_path} is not a portal backup ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has backup format {manifest.get('format')}, this portal reads {FORMAT}.")
    return manifest


def unpack(archive_path, folder):
    """Extract the archive's database and files into ``folder``, each checked against the manifest."""
    manifest = read_manifest(archive_path)
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({f"files/{key}": entry["sha256"] for key, entry in manifest["files"].items()})
    seen = set()
    with tarfile.open(archive_path, "r:*") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"the archive holds {member.name!r}, which its manifest does not list.")
            if member.name.startswith("files/") and not storage.valid_key(member.name[len("files/"):]):
                raise BackupError(f"the archive holds a file named {member.name!r}, which is not a stored file.")
            archive.extract(member, folder, filter="data")
            if sha256_of_file(os.path.join(folder, member.name)) != expected[member.name]:
                raise BackupError(f"{member.name} in the archive does not match its checksum: the archive is damaged.")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the archive lacks {len(missing)} member(s) its manifest lists, e.g. {missing[0]}.")
    return manifest


def store_is_empty(store):
    return next(iter(store.keys()), None) is None


def _restore_postgres(dump, database_url):
    pg_restore = databases.tool("pg_restore")
    target, env = databases.libpq(database_url)
    done = subprocess.run(
        [pg_restore, "--no-owner", "--no-privileges", "--no-comments", "--exit-on-error", "--single-transaction",
         "--no-password", f"--dbname={target}", dump],
        env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def _restore_sqlite(dump, database_url):
    path = databases.sqlite_path(database_url)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    source = sqlite3.connect(dump)
    try:
        target = sqlite3.connect(path, timeout=60)
        try:
            source.backup(target)  # replaces every page of the target
        finally:
            target.close()
    finally:
        source.close()


def compare(manifest, database_url, store):
    """What differs between the manifest and the database and store as they are now (empty: nothing)."""
    differences = []
    eng = databases.engine(database_url)
    try:
        with eng.connect() as connection:
            revision = snapshot.schema_revision(connection)
            tables = snapshot.table_stats(connection)
    finally:
        eng.dispose()
    if revision != manifest["schema_revision"]:
        differences.append(f"schema revision {revision}, the backup's is {manifest['schema_revision']}")
    for table in sorted(set(tables) | set(manifest["tables"])):
        have, want = tables.get(table), manifest["tables"].get(table)
        if have is None or want is None:
            differences.append(f"table {table}: {'missing' if have is None else 'not in the backup'}")
        elif have != want:
            differences.append(f"table {table}: {have['rows']} rows, the backup has {want['rows']}"
                               + ("" if have["rows"] != want["rows"] else " (same count, other values)"))
    for key, entry in sorted(manifest["files"].items()):
        try:
            data = store.read(key)
        except storage.StorageError as error:
            differences.append(f"file {key}: {type(error).__name__}")
            continue
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            differences.append(f"file {key}: other contents")
    return differences


def restore(archive_path, database_url, store, *, force=False, echo=print):
    """Restore into ``database_url`` and ``store``; returns the differences found afterwards."""
    kind = databases.dialect(database_url)
    manifest = read_manifest(archive_path)
    if manifest["database"]["kind"] != kind:
        raise BackupError(f"the backup is of a {manifest['database']['kind']} database; it cannot go into {kind}.")
    database_empty, store_empty = databases.is_empty(database_url), store_is_empty(store)
    if not force and not (database_empty and store_empty):
        where = " and ".join(w for w, empty in (("the database", database_empty), ("the file store", store_empty))
                             if not empty)
        raise BackupError(f"{where} is not empty. A restore goes into an empty database and file store; "
                          "give --force to replace what is there.")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as folder:
        unpack(archive_path, folder)
        echo(f"Archive checked: {len(manifest['tables'])} tables, {len(manifest['files'])} files, "
             f"taken {manifest['created_at']} at schema {manifest['schema_revision']}.")
        dump = os.path.join(folder, DUMPS[kind])
        if kind == "postgresql":
            if not database_empty:
                databases.clear_postgres(database_url)
            _restore_postgres(dump, database_url)
        else:
            _restore_sqlite(dump, database_url)
        for key in sorted(manifest["files"]):
            with open(os.path.join(folder, "files", *key.split("/")), "rb") as fh:
                store.put(key, fh.read())
    echo(f"Restored the database and {len(manifest['files'])} files; comparing with the manifest…")
    return compare(manifest, database_url, store)


def verify_backup(archive_path, database_url, *, scratch_url=None, echo=print):
    """Restore into a throw-away database and folder, compare, remove them; the differences."""
    from portal.storage.local import LocalStore

    manifest = read_manifest(archive_path)
    kind = manifest["database"]["kind"]
    folder = tempfile.mkdtemp(prefix="portal-verify-")
    made_database = False
    try:
        if scratch_url is None:
            if kind == "sqlite":
                scratch_url = "sqlite:///" + os.path.join(folder, "verify.sqlite")
            elif databases.dialect(database_url) == "postgresql":
                scratch_url = databases.scratch_postgres_url(database_url)
                made_database = True
            else:
                raise BackupError("the backup is of a PostgreSQL database: give --scratch-url postgresql://… "
                                  "of an empty database to restore it into.")
        echo(f"Restoring into a throw-away database ({databases.url_of(scratch_url).database}) and folder…")
        return restore(archive_path, scratch_url, LocalStore(os.path.join(folder, "files")), echo=echo)
    finally:
        if made_database:
            databases.drop_postgres(scratch_url)
        shutil.rmtree(folder, ignore_errors=True)
