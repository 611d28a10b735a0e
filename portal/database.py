"""Database details that differ between SQLite and PostgreSQL."""
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _sqlite_pragmas(dbapi_connection, connection_record):
    # SQLite ignores foreign keys unless told; the portal relies on them as PostgreSQL does.
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_app(app):
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)


def is_postgres(session_or_engine):
    bind = getattr(session_or_engine, "bind", None) or session_or_engine.get_bind()
    return bind.dialect.name == "postgresql"
