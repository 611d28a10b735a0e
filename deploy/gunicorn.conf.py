"""gunicorn settings for the portal: `make serve`, the systemd unit and the container all use it.

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8000 wsgi:app

Settings come from the environment, like the portal's own (see README, "Running it for real"):
PORTAL_WORKERS (default 2 × CPUs + 1), PORTAL_TIMEOUT (60 s), PORTAL_PROXY_HOPS (trusted proxies
in front), PORTAL_ACCESS_LOG (a path or "-" to add gunicorn's access log; off by default since
the portal writes its own JSON line per request with the user and request id).
"""
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the checkout: wsgi, portal

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")

# Sync workers behind nginx, which buffers slow clients: CPU-bound pages, one request per worker.
workers = int(os.environ.get("PORTAL_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A worker silent for this long is killed and replaced (the longest export takes a few seconds);
# nginx's proxy_read_timeout in deploy/nginx/portal.conf is longer, so nginx never gives up first.
timeout = int(os.environ.get("PORTAL_TIMEOUT") or 60)
graceful_timeout = 30   # finish running requests on a restart or reload (SIGHUP)
keepalive = 5
# Recycle workers now and then, so a slow leak in any library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# No control socket: several portals (or test servers) on one machine would share its path.
control_socket_disable = True
# Heartbeat files in memory: a full or slow disk must not get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Forwarded headers: trusted only when PORTAL_PROXY_HOPS says proxies are in front (then only
# they can reach this port: bind to 127.0.0.1 or a private address). The portal itself takes
# exactly that many hops from X-Forwarded-For and X-Forwarded-Proto (portal/ops/proxy.py).
proxy_hops = int(os.environ.get("PORTAL_PROXY_HOPS") or 0)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or ("*" if proxy_hops else "")

# Logs: JSON lines on stderr, like the portal's. The access log format names no address and no
# query string (both can be personal data), and carries the request id the portal sends back.
errorlog = "-"
loglevel = os.environ.get("PORTAL_LOG_LEVEL", "info")
accesslog = os.environ.get("PORTAL_ACCESS_LOG") or None
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
)

def _logging(access_log):
    """Everything through the portal's JSON handler on stderr; gunicorn's access log (if asked
    for) as its own JSON lines."""
    handlers = {"stderr": {"class": "portal.ops.logs.StderrHandler"}}
    loggers = {"gunicorn.error": {"level": loglevel.upper(), "propagate": True}}
    if access_log:
        handlers["access"] = (
            {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"} if access_log == "-"
            else {"class": "logging.FileHandler", "filename": access_log, "formatter": "plain"}
        )
        loggers["gunicorn.access"] = {"level": "INFO", "handlers": ["access"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(message)s"}},
        "handlers": handlers,
        "loggers": loggers,
        "root": {"level": "WARNING", "handlers": ["stderr"]},
    }


logconfig_dict = _logging(accesslog)


def on_starting(server):
    """Check the settings once before any worker starts: refuse a generated or default secret
    key (unless PORTAL_TRIAL), and print the other findings of `portal check-deploy`."""
    from portal import create_app
    from portal.ops.checks import config_problems, serve_refusal

    app = create_app()
    refusal = serve_refusal(app.config)
    if refusal:
        sys.exit(refusal)
    for problem in config_problems(app.config):
        server.log.warning("check-deploy: %s", problem)
