"""Running the portal for real: health checks, request logs, forwarded headers, deployment
checks, backups that restore and history archives (``portal check-deploy``, ``portal backup`` …).

Deployment files (gunicorn, nginx, systemd, container) are in ``deploy/``.
"""


def init_app(app):
    from portal.ops import health, logs, proxy

    logs.init_app(app)
    proxy.init_app(app)
    app.register_blueprint(health.bp)
