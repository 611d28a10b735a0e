"""Response headers every page gets, and caching rules for private pages."""
from flask import request

PRIVATE_PREFIXES = ("/admin", "/auth")


def init_app(app):
    @app.after_request
    def harden(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.path.startswith(PRIVATE_PREFIXES):
            # Pages with personal data must not be kept by browsers' back/forward cache or proxies.
            headers["Cache-Control"] = "no-store"
        return response
