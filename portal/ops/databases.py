"""The few things backups need to know of a database URL: which kind, the SQLite file, libpq
arguments for pg_dump/pg_restore, and throw-away PostgreSQL databases for verify-backup."""
import os
import secrets
import shutil

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portal.config import normalise_database_url


class ToolMissing(Exception):
    pass


def url_of(database_url):
    return make_url(normalise_database_url(database_url))


def dialect(database_url):
    return url_of(database_url).get_backend_name()


def sqlite_path(database_url):
    path = url_of(database_url).database
    if not path or path == ":memory:":
        raise ValueError("an in-memory SQLite database cannot be backed up or restored")
    return path


def engine(database_url):
    return create_engine(url_of(database_url), hide_parameters=True)


def is_empty(database_url):
    """True when the database has no tables at all (a brand-new database)."""
    if dialect(database_url) == "sqlite" and not os.path.exists(sqlite_path(database_url)):
        return True
    eng = engine(database_url)
    try:
        with eng.connect() as connection:
            return not inspect(connection).get_table_names()
    finally:
        eng.dispose()


def clear_postgres(database_url):
    """Drop everything in the public schema (a forced restore over a database in use)."""
    eng = engine(database_url)
    try:
        with eng.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        eng.dispose()


def libpq(database_url):
    """(``--dbname`` value, environment) for PostgreSQL's own tools; the password only in the
    environment, never on a command line others can read."""
    url = url_of(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return target, env


def tool(name):
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"{name} is not installed (Debian: apt-get install postgresql-client-15).")
    return found


def scratch_postgres_url(database_url, label="verify"):
    """A new, empty database beside ``database_url``'s, named ``<name>_<label>_<random>``."""
    url = url_of(database_url)
    name = f"{url.database}_{label}_{secrets.token_hex(4)}"
    _maintenance(url, f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(database_url):
    url = url_of(database_url)
    _maintenance(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def _maintenance(url, statement):
    eng = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", hide_parameters=True)
    try:
        with eng.connect() as connection:
            connection.execute(text(statement))
    finally:
        eng.dispose()
