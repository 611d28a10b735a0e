"""Database details that differ between SQLite and PostgreSQL, and how the portal waits for locks.

SQLite (the embedded default) is made fit for parallel requests:

- write-ahead logging, so readers never wait for a writer and a writer never waits for readers;
- SQLAlchemy emits BEGIN itself (the sqlite3 driver's own transaction handling is switched off,
  as the SQLAlchemy documentation recommends), so every statement, SELECTs included, runs inside
  the transaction and savepoints work;
- a request that may write (any method but GET, HEAD and OPTIONS) begins with BEGIN IMMEDIATE:
  it takes the write lock before it reads anything. Two deferred transactions that both read and
  then both want to write cannot both go on; SQLite refuses one of them at once, whatever the busy
  timeout. Taking the lock first makes the second one wait its turn instead;
- a busy timeout (``PORTAL_DB_LOCK_TIMEOUT`` seconds) for that wait.

PostgreSQL gets a lock timeout of the same length, so a request never waits forever on a row lock.
A wait that still runs out (or a deadlock, or a serialisation failure) is a :func:`busy` error,
which the error pages turn into "busy, try again" (503 with Retry-After) instead of a failure.
"""
from contextlib import contextmanager

from flask import g, has_request_context, request
from sqlalchemy import Table, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# SQLSTATEs of PostgreSQL errors that mean "another transaction was in the way; try again".
_PG_BUSY_STATES = frozenset({
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available (lock_timeout)
    "57014",  # query_canceled (statement_timeout)
})
_SQLITE_BUSY_TEXT = ("database is locked", "database table is locked", "database is busy")


def _is_sqlite(dbapi_connection):
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _sqlite_connect(dbapi_connection, connection_record):
    if not _is_sqlite(dbapi_connection):
        return
    # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless told; the portal relies on them as PostgreSQL does.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Readers and a writer at the same time (a no-op for in-memory databases, which answer "memory").
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL keeps committed data safe with NORMAL; FULL would sync on every commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing_request() else "BEGIN")


def writing_request():
    """Whether the current request may write: every method but the read-only ones, outside
    :func:`reading_phase`."""
    return has_request_context() and request.method not in READ_ONLY_METHODS and not g.get("_db_reading", False)


@contextmanager
def reading_phase():
    """Within the block, a writing request's transactions begin as readers (plain BEGIN) on SQLite.

    For long work that reads and writes nothing the request keeps (checking an import's 20,000
    rows): holding the write lock for it would make every other office wait, and its own progress
    reports could not be written. Writes after the block take the lock first again."""
    previous = g.get("_db_reading", False)
    g._db_reading = True
    try:
        yield
    finally:
        g._db_reading = previous


def _sqlite_never_reuse_ids(table, connection, **kw):
    # Without AUTOINCREMENT SQLite gives a deleted row's id to the next new row. Ids must never
    # come back: the audit log keys history by id, and a deleted record is restored under its own.
    # (PostgreSQL sequences never reuse.) Migrations and batch rebuilds both pass through here.
    if connection.dialect.name == "sqlite":
        table.dialect_options["sqlite"]["autoincrement"] = True


def set_sqlite_foreign_keys(connection, enabled):
    """Turn SQLite's foreign key checks on or off for ``connection`` (outside any transaction:
    SQLite ignores this pragma inside one, and every statement SQLAlchemy sends opens one)."""
    if connection.in_transaction():
        connection.commit()
    driver = connection.connection.driver_connection
    driver.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def engine_options(config):
    """SQLALCHEMY_ENGINE_OPTIONS with the lock wait of ``PORTAL_DB_LOCK_TIMEOUT`` for the driver."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = config["SQLALCHEMY_DATABASE_URI"]
    seconds = float(config.get("PORTAL_DB_LOCK_TIMEOUT", 10))
    connect_args = dict(options.get("connect_args") or {})
    if url.startswith("sqlite"):
        connect_args.setdefault("timeout", seconds)  # the driver's busy timeout
    elif url.startswith("postgresql"):
        connect_args.setdefault("options", f"-c lock_timeout={int(seconds * 1000)}")
    options["connect_args"] = connect_args
    return options


def busy(error):
    """Whether ``error`` means another transaction held what this one needed (a lock wait that ran
    out, a deadlock, a serialisation failure): nothing is wrong, the same request later will work."""
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None) or getattr(getattr(error.orig, "diag", None), "sqlstate", None)
    if state in _PG_BUSY_STATES:
        return True
    text = str(error.orig).lower()
    return isinstance(error, OperationalError) and any(part in text for part in _SQLITE_BUSY_TEXT)


def unavailable(error):
    """Whether ``error`` means the database could not be reached at all (down, restarting)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError) or busy(error):
        return False
    text = str(error.orig).lower()
    return any(part in text for part in (
        "connection", "server closed", "could not connect", "terminating", "unable to open database",
        "shutting down", "starting up", "gone away", "went away",
    ))


def init_app(app):
    from portal.extensions import db
    from portal.models.limits import check_values

    if not event.contains(db.session, "before_flush", check_values):
        event.listen(db.session, "before_flush", check_values)
    if not event.contains(Engine, "connect", _sqlite_connect):
        event.listen(Engine, "connect", _sqlite_connect)
    if not event.contains(Engine, "begin", _sqlite_begin):
        event.listen(Engine, "begin", _sqlite_begin)
    if not event.contains(Table, "before_create", _sqlite_never_reuse_ids):
        event.listen(Table, "before_create", _sqlite_never_reuse_ids)
