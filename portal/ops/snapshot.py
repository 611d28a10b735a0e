"""What a backup's manifest says of a database: rows and a checksum per table, the schema
revision, and the stored files the data names. Computed the same way on the live database (in
the backup's own snapshot) and on a restored one, so the two can be compared.
"""
import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import inspect, text

# Tables whose rows name stored files, and how: (table, column, key of a value).
FILE_COLUMNS = (
    ("case_attachments", "stored_name", lambda v: f"cases/{v}"),
    ("training_materials", "stored_name", lambda v: f"training/{v}"),
    ("screening_lead_photos", "stored_name", lambda v: f"leads/{v}"),
    ("content_blobs", "sha256", lambda v: f"content/{v}"),
    ("audit_archives", "key", lambda v: v),
)
# History of deleted documents still names their files (a restore from the history needs them).
HISTORY_FILE_ENTITIES = {"case_attachments": "cases", "training_materials": "training", "screening_lead_photos": "leads"}


def _plain(value):
    """A value as stable JSON, whatever driver type it came in."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return value


def _row_line(row):
    return json.dumps([_plain(v) for v in row], ensure_ascii=False, sort_keys=True, default=str).encode() + b"\n"


def table_names(connection):
    return sorted(inspect(connection).get_table_names())


def table_stats(connection):
    """{table: {"rows": n, "sha256": digest of every row in key order}}."""
    inspector = inspect(connection)
    quote = connection.dialect.identifier_preparer.quote
    stats = {}
    for table in sorted(inspector.get_table_names()):
        columns = [c["name"] for c in inspector.get_columns(table)]
        order = inspector.get_pk_constraint(table).get("constrained_columns") or columns
        query = (f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} "
                 f"ORDER BY {', '.join(quote(c) for c in order)}")
        digest, rows = hashlib.sha256(), 0
        for row in connection.execution_options(yield_per=2000).execute(text(query)):
            digest.update(_row_line(row))
            rows += 1
        stats[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return stats


def schema_revision(connection):
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        return None


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def referenced_keys(connection):
    """Every stored file the data names: current documents, materials, content files and
    archives, deleted documents the history can restore, and files only an archive names."""
    tables = set(inspect(connection).get_table_names())
    keys = set()
    for table, column, key_of in FILE_COLUMNS:
        if table in tables:
            keys.update(key_of(v) for v in connection.execute(text(f'SELECT "{column}" FROM "{table}"')).scalars())
    if "audit_entries" in tables:
        entities = ", ".join(f"'{entity}'" for entity in HISTORY_FILE_ENTITIES)
        rows = connection.execute(text(f"SELECT entity, changes FROM audit_entries WHERE entity IN ({entities})"))
        for entity, changes in rows:
            name = (_json(changes) or {}).get("stored_name")
            for value in (name if isinstance(name, list) else [name]):
                if isinstance(value, str) and value:
                    keys.add(f"{HISTORY_FILE_ENTITIES[entity]}/{value}")
    if "audit_archives" in tables:
        for file_keys in connection.execute(text("SELECT file_keys FROM audit_archives")).scalars():
            keys.update(_json(file_keys) or [])
    return sorted(keys)
