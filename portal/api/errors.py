"""API errors as JSON with a stable code and a translated message.

The message is in the language the client asked for with ``?locale=`` (when it is one the
portal speaks), else in the one its Accept-Language prefers.
"""
from flask import current_app, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from portal.errors import error_headers

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    429: lambda: _("Too many requests; please wait a moment and try again."),
    503: lambda: _("The service is busy or briefly unavailable; please try again shortly."),
}

# Messages of the API's own error codes.
CODE_MESSAGES = {
    "unknown_type": lambda: _("There is no public content type with this key."),
    "unknown_entry": lambda: _("There is no published entry with this address."),
    "unsupported_locale": lambda: _("Unsupported locale; use one of: %(locales)s.",
                                    locales=", ".join(current_app.config["PORTAL_LOCALES"])),
    "invalid_parameter": lambda: _("A query parameter has an invalid value."),
    "unknown_street": lambda: _("There is no street with this code."),
    "unknown_community": lambda: _("There is no community with this code in the street given."),
}


class ApiNotFound(NotFound):
    def __init__(self, api_code):
        super().__init__()
        self.api_code = api_code


class ApiBadRequest(BadRequest):
    def __init__(self, api_code, parameter=None):
        super().__init__()
        self.api_code = api_code
        self.parameter = parameter


def error_locale():
    from portal.i18n import current_locale_code, from_accept_language

    supported = current_app.config["PORTAL_LOCALES"]
    asked = request.args.get("locale")
    if asked in supported:
        return asked
    return from_accept_language(request.accept_languages) or current_locale_code()


def json_error(error, code=None, message=None):
    status = getattr(error, "code", 500) or 500
    code = code or getattr(error, "api_code", None) or _slug(status)
    with force_locale(error_locale()):
        text = message or CODE_MESSAGES.get(code, MESSAGES.get(status, lambda: _("Something went wrong on our side.")))()
    body = {"error": {"code": code, "message": text}}
    parameter = getattr(error, "parameter", None)
    if parameter:
        body["error"]["parameter"] = parameter
    response = jsonify(body)
    response.status_code = status
    if isinstance(error, HTTPException):
        response.headers.extend(error_headers(error))
    return response


def _slug(status):
    return {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 429: "rate_limited",
            503: "unavailable"}.get(
        status, "server_error"
    )
