"""Health checks for the balancer, a JSON line per request with its request id, errors with
their traceback and the id on the page, and no personal data in any of it."""
import io
import json
import logging
import re

import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.ops import health
from portal.ops.logs import JsonFormatter
from tests.helpers import text_of
from tests.test_applications import APPLICANT_ID, application_form


@pytest.fixture
def log_lines(app):
    """The portal's log as the JSON lines a server writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("portal")
    logger.addHandler(handler)

    def lines():
        handler.flush()
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.raw = lambda: stream.getvalue()
    yield lines
    logger.removeHandler(handler)


def test_healthz_and_readyz_answer_without_a_login(client):
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {
        "status": "ready", "checks": {"database": "ok", "migrations": "ok", "storage": "ok"}}


def test_readyz_names_the_failed_check_and_nothing_more(client, app, monkeypatch, tmp_path, log_lines):
    monkeypatch.setattr(health, "code_revision", lambda app: "zzz9999")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "not ready",
                                   "checks": {"database": "ok", "migrations": "failed", "storage": "ok"}}
    assert "zzz9999" not in response.get_data(as_text=True)  # revisions go to the log, not the balancer
    assert any("zzz9999" in line["message"] and line["request_id"] == response.headers["X-Request-ID"]
               for line in log_lines())

    monkeypatch.undo()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the uploads folder should be")
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_DIR", str(blocker))
    assert client.get("/readyz").get_json()["checks"] == {"database": "ok", "migrations": "ok", "storage": "failed"}

    def no_database():
        db.session.execute(text("SELECT * FROM no_such_table"))

    monkeypatch.setattr(health, "database_revision", no_database)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["database"] == "failed"
    assert "no_such_table" not in response.get_data(as_text=True)


def test_every_answer_carries_a_request_id_that_a_trusted_proxy_may_set(client, app, monkeypatch):
    ids = {client.get(path).headers["X-Request-ID"] for path in ("/", "/admin/", "/api/v1/", "/nowhere", "/healthz")}
    assert len(ids) == 5 and all(re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", i) for i in ids)
    sent = {"X-Request-ID": "nginx-0123456789abcdef"}
    assert client.get("/", headers=sent).headers["X-Request-ID"] != sent["X-Request-ID"]  # nobody declared a proxy
    monkeypatch.setitem(app.config, "PORTAL_PROXY_HOPS", 1)
    assert client.get("/", headers=sent).headers["X-Request-ID"] == sent["X-Request-ID"]
    assert client.get("/", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"] != "<script>"


def test_one_json_line_per_request_with_user_status_and_duration(client, login_as, log_lines):
    user = login_as("admin")
    response = client.get("/admin/cases/?search=张三")
    requests = [line for line in log_lines() if line["logger"] == "portal.requests"]
    last = requests[-1]
    assert last["request_id"] == response.headers["X-Request-ID"]
    assert (last["method"], last["path"], last["status"], last["user_id"]) == ("GET", "/admin/cases/", 200, str(user.id))
    assert last["duration_ms"] > 0 and last["endpoint"] == "cases.index_view"
    assert "张三" not in log_lines.raw()  # no query strings: searches carry names and ID numbers
    assert client.get("/healthz") and not any(l["path"] == "/healthz" for l in log_lines() if "path" in l)


def test_proxy_hops_decide_the_client_address_and_scheme(client, app, monkeypatch):
    from flask import request

    seen = {}

    def record():
        seen.update(address=request.remote_addr, scheme=request.scheme)

    app.before_request_funcs.setdefault(None, []).append(record)
    try:
        headers = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7", "X-Forwarded-Proto": "https"}
        client.get("/healthz", headers=headers)
        assert seen == {"address": "127.0.0.1", "scheme": "http"}  # no proxy declared: headers ignored
        monkeypatch.setitem(app.config, "PORTAL_PROXY_HOPS", 1)
        client.get("/healthz", headers=headers)
        assert seen == {"address": "203.0.113.7", "scheme": "https"}
        monkeypatch.setitem(app.config, "PORTAL_PROXY_HOPS", 2)
        client.get("/healthz", headers=headers)
        assert seen["address"] == "1.2.3.4"
    finally:
        app.before_request_funcs[None].remove(record)


def test_an_error_is_logged_with_its_traceback_and_the_page_shows_the_reference(
        client, app, in_app, public_world, monkeypatch, log_lines):
    """The request carries an ID number and fails in the database: the log has the traceback
    and the request id, and not the ID number (nor the phone)."""
    from portal.services import applications

    def broken_submit(data):
        db.session.execute(text("INSERT INTO no_such_table VALUES (:id_number)"), {"id_number": data.applicant_id_number})

    monkeypatch.setattr(applications, "submit", broken_submit)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    form = application_form(client, in_app, public_world["peace"].id)
    response = form.submit(client)
    assert response.status_code == 500
    rid = response.headers["X-Request-ID"]
    assert rid in text_of(response)
    errors = [line for line in log_lines() if line["level"] == "error"]
    assert errors and errors[0]["request_id"] == rid and "no_such_table" in errors[0]["traceback"]
    assert "Traceback" in errors[0]["traceback"]
    assert APPLICANT_ID not in log_lines.raw() and "1234" not in log_lines.raw()
    assert any(line.get("status") == 500 and line["request_id"] == rid for line in log_lines())

    # A search by ID number in the staff screens is not logged either.
    client.get(f"/admin/mediators/?search={APPLICANT_ID}")
    assert APPLICANT_ID not in log_lines.raw()
