"""The database busy or gone: "busy, try again" (503 with Retry-After) instead of a failure; an
answer after a commit and every error page work without it; SQLite runs in WAL mode and a writing
request takes the write lock first; no Server header names the server or Python."""
import sqlite3
import urllib.request
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.models import Case
from tests.conftest import TEST_DATABASE_URL, make_test_app
from tests.fixtures.accounts import Auth
from tests.helpers import assert_redirect, csrf_token, text_of
from tests.test_list_queries import counted_queries


@contextmanager
def database_down(app):
    """Every statement sent to the database fails as if the server had gone away."""
    with app.app_context():
        engine = db.engine
    error_class = engine.dialect.loaded_dbapi.OperationalError

    def refuse(conn, cursor, statement, parameters, context, executemany):
        raise error_class("server closed the connection unexpectedly")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def test_a_step_saved_just_before_the_database_goes_away_is_answered_as_saved(app, client, login_as, network, case_in, case_page, in_app, monkeypatch):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    form = page.step_form("accept")
    real_commit = db.session.commit
    went_away = []

    def commit_then_go_away():
        real_commit()
        went_away.append(database_down(app))
        went_away[-1].__enter__()

    monkeypatch.setattr(db.session, "commit", commit_then_go_away)
    try:
        response = form.submit(client)
    finally:
        for outage in went_away:
            outage.__exit__(None, None, None)
    monkeypatch.undo()
    assert went_away, "the step did not commit"
    assert_redirect(response)
    assert response.headers["Location"].endswith(f"/admin/cases/details/?id={case.id}")
    html = page.html()
    assert "已完成：受理" in html and "案件编号：" in html  # the answer was decided before the commit
    assert in_app(lambda: db.session.get(Case, case.id).status) == "accepted"


def test_error_pages_do_not_need_the_database(app, client, login_as):
    login_as("admin")
    with counted_queries(app, include_begin=True) as statements:
        response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in text_of(response)
    assert statements == []  # not even the signed-in user is loaded for an error page
    with database_down(app):
        down = client.get("/admin/cases/")
        missing = client.get("/no-such-page")
        public = client.get("/")
    # The signed-in user cannot even be loaded: a translated page says so, and when to come back.
    assert down.status_code == 503 and int(down.headers["Retry-After"]) > 0
    assert "数据库暂时无法连接" in text_of(down)
    assert missing.status_code == 404 and "<html" in text_of(missing)
    assert public.status_code == 503 and "数据库暂时无法连接" in text_of(public)


def test_the_api_says_unavailable_in_json(app, client):
    with database_down(app):
        response = client.get("/api/v1/types")
    assert response.status_code == 503 and response.is_json and response.json["error"]["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) > 0


@pytest.fixture
def impatient_app(app, tmp_path_factory):
    """A second app on the same database that waits only a moment for a lock."""
    other = make_test_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                          PORTAL_DB_LOCK_TIMEOUT=0.3)
    yield other
    with other.app_context():
        db.engine.dispose()


def hold_the_case(app, case_id):
    """Another transaction holding what a step on the case needs (SQLite: the write lock;
    PostgreSQL: the case's row), until closed."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        return connection
    import psycopg

    connection = psycopg.connect(TEST_DATABASE_URL)
    connection.execute("SELECT id FROM cases WHERE id = %s FOR UPDATE", (case_id,))
    return connection


def test_a_lock_held_too_long_answers_busy_try_again(app, impatient_app, make_user, network, case_in, case_page, in_app):
    user = make_user("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    client = impatient_app.test_client()
    Auth(client).login(user.username)
    form = case_page(case.id, on_client=client).step_form("accept")
    holder = hold_the_case(app, case.id)
    try:
        response = form.submit(client)
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503, text_of(response)[:500]
    assert response.headers["Retry-After"] == "5"
    assert "请过几秒钟再试" in text_of(response)
    assert in_app(lambda: db.session.get(Case, case.id).status) == "registered"
    # Once the lock is gone the same step goes through.
    assert_redirect(case_page(case.id, on_client=client).step("accept"))


def test_sqlite_runs_in_wal_mode_and_a_writing_request_takes_the_write_lock_first(app, client, login_as, monkeypatch):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    login_as("admin")
    with counted_queries(app, include_begin=True) as statements:
        client.get("/admin/cases/")
    assert "BEGIN" in statements and "BEGIN IMMEDIATE" not in statements
    token = csrf_token(text_of(client.get("/admin/")))
    with counted_queries(app, include_begin=True) as statements:
        assert client.post("/locale/en", data={"csrf_token": token}).status_code == 302
    assert statements[0] == "BEGIN IMMEDIATE"


def test_no_server_header_names_the_server_or_python(live_server):
    with urllib.request.urlopen(live_server + "/") as response:
        server = response.headers.get("Server") or ""
    assert "Werkzeug" not in server and "Python" not in server
