"""Forwarded headers, trusted only from the ``PORTAL_PROXY_HOPS`` proxies an installation declares.

Behind nginx (one hop) or a balancer and nginx (two), the connecting address is the proxy's.
The proxies' ``X-Forwarded-For`` and ``X-Forwarded-Proto`` then give the visitor's address
(rate limits, sign-in throttles) and the scheme (https links and redirects). With 0 hops the
headers are ignored: a visitor could write anything in them.
"""
from werkzeug.middleware.proxy_fix import ProxyFix


class ForwardedHeaders:
    def __init__(self, wsgi_app, app):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        hops = int(self.app.config.get("PORTAL_PROXY_HOPS") or 0)  # read per request: tests change it
        if hops <= 0:
            return self.wsgi_app(environ, start_response)
        return ProxyFix(self.wsgi_app, x_for=hops, x_proto=hops)(environ, start_response)


def init_app(app):
    app.wsgi_app = ForwardedHeaders(app.wsgi_app, app)
