"""Test set-up: one app per session on a schema built by the migrations, a clean database per test.

The suite runs on SQLite by default and on PostgreSQL when ``PORTAL_TEST_DATABASE_URL`` is set.
Tests drive the app over HTTP with CSRF on, as a browser does (see tests/helpers.py).
"""
import os
import tempfile

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db

pytest_plugins = [
    "tests.fixtures.accounts",
    "tests.fixtures.organisation",
    "tests.fixtures.records",
    "tests.fixtures.training",
    "tests.fixtures.cases",
    "tests.fixtures.documents",
    "tests.fixtures.content",
    "tests.fixtures.screening",
    "tests.fixtures.browser",
    "tests.fixtures.ops",
    "tests.fixtures.imports",
    "tests.fixtures.statistics",
    "tests.fixtures.harden",
    "tests.fixtures.inspections",
]

TEST_DATABASE_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + TEST_DATABASE_URL if TEST_DATABASE_URL else 'SQLite (temporary file)'}"


def pytest_collection_modifyitems(config, items):
    if TEST_DATABASE_URL:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set PORTAL_TEST_DATABASE_URL")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


def _reset_schema():
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _truncate_all():
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE TABLE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(text(f'DELETE FROM "{table}"'))


def make_test_app(tmp_path_factory=None, **overrides):
    url = TEST_DATABASE_URL
    if url is None:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "portal-test.sqlite")
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Uploads of every area go to the file store: never the checkout's instance folder.
        "PORTAL_UPLOAD_DIR": tempfile.mkdtemp(prefix="portal-test-uploads-"),
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = make_test_app(tmp_path_factory)
    with app.app_context():
        _reset_schema()
        upgrade(directory=app.extensions["migrate"].directory)
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_database(request, app):
    """Each test starts with only the standard reference data."""
    from portal.public.cache import invalidate
    from portal.services.reference import ensure_reference_data

    with app.app_context():
        invalidate()  # the public cache outlives a test's data, which goes without a commit
        ensure_reference_data()
        db.session.commit()
        db.session.remove()
    yield
    with app.app_context():
        db.session.remove()
        _truncate_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def in_app(app):
    """Run a function inside a fresh app context (never hold one across requests)."""

    def run(fn, *args, **kwargs):
        with app.app_context():
            try:
                return fn(*args, **kwargs)
            finally:
                db.session.remove()

    return run
