"""Response headers every page gets, and caching rules for private pages."""
from flask import request

PRIVATE_PREFIXES = ("/admin", "/auth")

_COMMON_POLICY = (
    "default-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
# The public site, sign-in and API run only the portal's own files.
STRICT_POLICY = _COMMON_POLICY + "; script-src 'self'; style-src 'self'"
# Flask-Admin's templates use inline event handlers (delete confirmation, adding inline rows)
# and its widgets write style attributes, so the staff screens need inline script and style.
ADMIN_POLICY = _COMMON_POLICY + "; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"


def _send_response_without_server(handler, code, message=None):
    """Werkzeug's development server (``make run``, the tests' live server) without its Server
    header: naming the server and the Python version helps nobody but an attacker."""
    handler.log_request(code)
    handler.send_response_only(code, message)
    handler.send_header("Date", handler.date_time_string())


def quiet_development_server():
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.send_response = _send_response_without_server


def init_app(app):
    quiet_development_server()

    @app.after_request
    def harden(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        admin = request.path.startswith("/admin")
        headers.setdefault("Content-Security-Policy", ADMIN_POLICY if admin else STRICT_POLICY)
        if request.path.startswith(PRIVATE_PREFIXES):
            # Pages with personal data must not be kept by browsers' back/forward cache or proxies.
            headers["Cache-Control"] = "no-store"
        return response
