"""Database details that differ between SQLite and PostgreSQL."""
from sqlalchemy import Table, event
from sqlalchemy.engine import Engine


def _sqlite_pragmas(dbapi_connection, connection_record):
    # SQLite ignores foreign keys unless told; the portal relies on them as PostgreSQL does.
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _sqlite_never_reuse_ids(table, connection, **kw):
    # Without AUTOINCREMENT SQLite gives a deleted row's id to the next new row. Ids must never
    # come back: the audit log keys history by id, and a deleted record is restored under its own.
    # (PostgreSQL sequences never reuse.) Migrations and batch rebuilds both pass through here.
    if connection.dialect.name == "sqlite":
        table.dialect_options["sqlite"]["autoincrement"] = True


def init_app(app):
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
    if not event.contains(Table, "before_create", _sqlite_never_reuse_ids):
        event.listen(Table, "before_create", _sqlite_never_reuse_ids)
