"""Error pages in the user's language; JSON for the API.

An error page never touches the database: it is what a person sees when the database is down
or busy, so needing it would turn every error into a second one (the page reads neither the
signed-in user nor anything else stored; see portal.i18n.select_locale).

Database trouble that is nobody's fault gets its own answer: a lock wait that ran out, a deadlock
or a serialisation failure is "busy, try again" (503 with Retry-After), a database that cannot be
reached is "temporarily unavailable" (503). Two people saving the same record at the same moment
is not an error at all: the screens handle it where they can; anywhere else the loser is sent back
to the page with a message (never a 500).
"""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable, default_exceptions

from portal import database
from portal.models.limits import ValueOutOfRange

BUSY_RETRY_SECONDS = 5
UNAVAILABLE_RETRY_SECONDS = 30


def error_headers(error):
    """The headers an HTTP error carries besides its body's type: Retry-After on 429, Allow on 405…"""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def http_error(code, message=None, **kwargs):
    """The HTTP error ``code`` with a translated ``message`` for the person reading the page
    (``portal_message``; the API puts it in its JSON). Raise it."""
    error = default_exceptions[code](**kwargs)
    error.portal_message = message
    return error


class _DatabaseTrouble(ServiceUnavailable):
    """503 with when to come back and what happened to what was being saved."""

    retry_seconds = BUSY_RETRY_SECONDS
    message = None

    def __init__(self):
        super().__init__(retry_after=self.retry_seconds)
        self.portal_message = str(self.message)


class DatabaseBusy(_DatabaseTrouble):
    """Another transaction held what this request needed; nothing was saved."""

    message = _l(
        "Many people are saving at this moment and the portal could not finish your request. "
        "Nothing was saved. Please try again in a few seconds."
    )


class DatabaseUnavailable(_DatabaseTrouble):
    """The database cannot be reached (restarting, down)."""

    retry_seconds = UNAVAILABLE_RETRY_SECONDS
    message = _l(
        "The portal's database cannot be reached right now. Please try again in a minute; if "
        "you were saving something, check afterwards whether it was saved."
    )


def as_http_error(error):
    """The HTTP error a database error stands for, or None when it is a real failure."""
    if database.busy(error):
        return DatabaseBusy()
    if database.unavailable(error):
        return DatabaseUnavailable()
    return None


def _same_site_referrer():
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _roll_back():
    """End the failed transaction (the next query would refuse to run in it); a database that is
    gone cannot make this fail."""
    from portal.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is already lost; nothing to undo
        current_app.logger.warning("rollback failed after a database error", exc_info=True)


def render_error(error):
    if request.path.startswith("/api/"):
        from portal.api.errors import json_error

        return json_error(error, message=getattr(error, "portal_message", None))
    return render_template("errors/error.html", error=error), error.code, error_headers(error)


def init_app(app):
    @app.errorhandler(HTTPException)
    def http_exception(error):
        return render_error(error)

    @app.errorhandler(SQLAlchemyError)
    def database_error(error):
        _roll_back()
        answer = as_http_error(error)
        if answer is None:
            current_app.logger.error("database error on %s %s", request.method, request.path, exc_info=error)
            answer = InternalServerError(original_exception=error)
        return render_error(answer)

    @app.errorhandler(ValueOutOfRange)
    def value_out_of_range(error):
        return render_error(http_error(400, str(error)))

    @app.errorhandler(StaleDataError)
    @app.errorhandler(ObjectDeletedError)
    @app.errorhandler(IntegrityError)
    def changed_meanwhile(error):
        """Someone else changed or removed the record between reading and saving it (or saved the
        same new row: a unique key both wrote, where a screen does not say so itself): nothing was
        saved; back to the page the person came from, which now shows the record as it is."""
        _roll_back()
        if request.method in database.READ_ONLY_METHODS or request.path.startswith("/api/"):
            return render_error(http_error(409, gettext("The record was changed by someone else. Please reload the page.")))
        flash(gettext(
            "Someone else changed or removed this record at the same moment. Nothing was saved; "
            "check the record as it is now and try again."
        ), "error")
        return redirect(_same_site_referrer() or request.full_path.rstrip("?"), code=303)

    from portal import storage

    @app.errorhandler(storage.StorageUnavailable)
    def store_unavailable(error):
        # Any page that needs the file store while it is down: a clear 503, never a 500.
        from portal.services.files import store_unavailable as unavailable

        app.logger.error("file store unavailable: %s", error)
        return render_error(unavailable())
