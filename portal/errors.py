"""Error pages in the user's language; JSON for the API."""
from flask import render_template, request
from werkzeug.exceptions import HTTPException


def error_headers(error):
    """The headers an HTTP error carries besides its body's type: Retry-After on 429, Allow on 405…"""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def init_app(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path.startswith("/api/"):
            from portal.api.errors import json_error

            return json_error(error)
        return render_template("errors/error.html", error=error), error.code, error_headers(error)

    from portal import storage

    @app.errorhandler(storage.StorageUnavailable)
    def store_unavailable(error):
        # Any page that needs the file store while it is down: a clear 503, never a 500.
        from portal.services.files import store_unavailable as unavailable

        app.logger.error("file store unavailable: %s", error)
        return http_error(unavailable())
