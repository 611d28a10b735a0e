"""One JSON line per request, a request id on every answer, errors with their traceback.

Each request gets an id (sixteen digits, or the proxy's ``X-Request-ID`` when it sits behind
trusted proxies that send one). The id goes back in the ``X-Request-ID`` header, on every log
line written while the request runs, and on the error page, so an office can quote it.

Nothing a person typed is logged: the request line has the path without its query string, no
form values, no address; database errors carry no statement values (``hide_parameters``).
"""
import json
import logging
import re
import sys
import secrets
import time
from datetime import datetime, timezone

from flask import current_app, g, has_request_context, request

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_LOGGER = "portal.requests"
QUIET_ENDPOINTS = {"ops.healthz", "ops.readyz"}


def request_id():
    """This request's id (made on first use), or None outside a request."""
    if not has_request_context():
        return None
    rid = g.get("request_id")
    if rid is None:
        incoming = request.headers.get(HEADER, "")
        from_proxy = current_app.config.get("PORTAL_PROXY_HOPS") and _SANE_ID.match(incoming)
        rid = g.request_id = incoming if from_proxy else new_request_id()
    return rid


def new_request_id():
    """Sixteen digits in fours (3917-2286-0457-1183): easy to read out over the phone."""
    digits = f"{secrets.randbelow(10 ** 16):016d}"
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message, request id, fields, traceback."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id()
        if rid:
            line["request_id"] = rid
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the moment (servers and test runners swap it)."""

    portal_json = True

    def __init__(self):
        super().__init__(sys.stderr)
        self.setFormatter(JsonFormatter())

    def emit(self, record):
        self.stream = sys.stderr
        super().emit(record)


class _NoWerkzeugRequestLines(logging.Filter):
    # The development server logs each request line with its query string (which may carry an
    # ID number); the portal's own JSON line replaces it.
    def filter(self, record):
        return record.msg != '"%s" %s %s'


def configure_logging(app):
    from flask.logging import default_handler

    logger = app.logger  # "portal": every portal.* logger writes through it
    logger.removeHandler(default_handler)
    # One JSON handler: the portal's own, unless a server put one on the root logger (gunicorn).
    if not any(getattr(h, "portal_json", False) for h in logger.handlers + logging.getLogger().handlers):
        logger.addHandler(StderrHandler())
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoWerkzeugRequestLines) for f in werkzeug.filters):
        werkzeug.addFilter(_NoWerkzeugRequestLines())


def _user_id():
    # Only a user already loaded by this request: logging never loads one (nor touches the session).
    # The record's id, not get_id(): that is the session's token (id, session version, stamp).
    user = g.get("_login_user")
    return str(user.id) if user is not None and getattr(user, "is_authenticated", False) else None


def init_app(app):
    configure_logging(app)
    log = logging.getLogger(REQUEST_LOGGER)

    def start_clock():
        g.request_started = time.perf_counter()
        request_id()

    def log_request(response):
        response.headers[HEADER] = request_id()
        if request.endpoint in QUIET_ENDPOINTS and response.status_code < 400:
            return response  # a balancer asks every few seconds; only trouble is worth a line
        started = g.get("request_started")
        fields = {
            "method": request.method,
            "path": request.path,  # never the query string: searches carry names and ID numbers
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user_id": _user_id(),
        }
        log.info("%s %s %s", request.method, request.path, response.status_code, extra={"fields": fields})
        return response

    # The clock starts before any other hook (CSRF, locale) and the line is written after all.
    app.before_request_funcs.setdefault(None, []).insert(0, start_clock)
    app.after_request_funcs.setdefault(None, []).insert(0, log_request)

    app.jinja_env.globals["request_id"] = request_id
