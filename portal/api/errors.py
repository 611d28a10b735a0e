"""API errors as JSON with a stable code and a translated message."""
from flask import jsonify
from flask_babel import gettext as _

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    429: lambda: _("Too many requests; please wait a moment and try again."),
}


def json_error(error, code=None, message=None):
    status = getattr(error, "code", 500) or 500
    text = message or MESSAGES.get(status, lambda: _("Something went wrong on our side."))()
    response = jsonify({"error": {"code": code or _slug(status), "message": text}})
    response.status_code = status
    return response


def _slug(status):
    return {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 429: "rate_limited"}.get(
        status, "server_error"
    )
