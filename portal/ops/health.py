"""``/healthz`` and ``/readyz`` for a load balancer: no login, no details.

``/healthz`` answers 200 while the process serves requests. ``/readyz`` answers 200 only when
this host can do its work: the database answers, its schema is the code's latest migration, and
the file store takes a write. Otherwise 503, naming which check failed and nothing more (the
reason goes to the log with the request id).
"""
import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from portal import storage
from portal.extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
def healthz():
    return _no_store(jsonify(status="ok"))


def code_revision(app):
    """The newest migration the code has (read once: the code does not change while it runs)."""
    revision = app.extensions.get("portal_code_revision")
    if revision is None:
        from alembic.script import ScriptDirectory
        from flask_migrate import Config

        config = Config()
        config.set_main_option("script_location", app.extensions["migrate"].directory)
        revision = app.extensions["portal_code_revision"] = ScriptDirectory.from_config(config).get_current_head()
    return revision


def database_revision():
    """The schema revision the database is at, or None when it has none."""
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def readiness():
    """{check: "ok" | "failed" | "unknown"} for the database, its migrations and the file store."""
    checks = {"database": "failed", "migrations": "unknown", "storage": "failed"}
    try:
        revision = database_revision()
        checks["database"] = "ok"
        checks["migrations"] = "ok" if revision == code_revision(current_app) else "failed"
        if checks["migrations"] == "failed":
            log.error("database schema %s is not the code's %s: run portal init-db", revision,
                      code_revision(current_app))
    except Exception:
        db.session.rollback()
        log.exception("readiness: the database did not answer")
    try:
        storage.get_store().probe()
        checks["storage"] = "ok"
    except Exception:
        log.exception("readiness: the file store did not take a write")
    return checks


@bp.route("/readyz")
def readyz():
    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    return _no_store(response)
