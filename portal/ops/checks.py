"""What is unsafe in a production set-up: ``portal check-deploy`` (like Django's ``check --deploy``).

Each finding is a Problem with a level: ``unsafe`` (fix before serving the public: the command
exits non-zero) or ``warning`` (fine for one host or a trial, wrong for a real installation).
``make serve`` (the gunicorn config) runs :func:`serve_refusal` and will not start on a
generated or default secret key unless ``PORTAL_TRIAL`` says it is a trial.
"""
from dataclasses import dataclass
from urllib.parse import urlsplit

UNSAFE = "unsafe"
WARNING = "warning"

# Keys that appear in examples, tests and benchmarks: never a production key.
KNOWN_KEYS = {"", "dev", "secret", "change-me", "changeme", "change-this", "test-secret-key", "bench",
              "replace-with-a-long-random-key"}
MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class Problem:
    level: str
    topic: str
    text: str

    def __str__(self):
        return f"{self.level.upper():<8} {self.topic}: {self.text}"


def secret_problem(config):
    key = str(config.get("SECRET_KEY") or "")
    if config.get("PORTAL_SECRET_KEY_GENERATED"):
        return Problem(UNSAFE, "secret key", "generated into this host's instance/secret_key. Set PORTAL_SECRET_KEY "
                                             "to a long random value, the same on every app host "
                                             "(python -c 'import secrets; print(secrets.token_hex(32))').")
    if key.strip().lower() in KNOWN_KEYS or len(key) < MIN_KEY_LENGTH:
        return Problem(UNSAFE, "secret key", f"a default or short key (fewer than {MIN_KEY_LENGTH} characters). Set "
                                             "PORTAL_SECRET_KEY to a long random value.")
    return None


def config_problems(config):
    """What the settings alone say (no database or store needed)."""
    problems = []
    secret = secret_problem(config)
    if secret:
        problems.append(secret)
    if config.get("DEBUG"):
        problems.append(Problem(UNSAFE, "debug", "DEBUG is on: error pages would show code and values."))
    if config.get("TESTING"):
        problems.append(Problem(UNSAFE, "testing", "TESTING is on: errors are raised, not handled."))
    if not config.get("WTF_CSRF_ENABLED", True):
        problems.append(Problem(UNSAFE, "CSRF", "WTF_CSRF_ENABLED is off: forms can be sent from other sites."))
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if not config.get(name):
            problems.append(Problem(UNSAFE, "cookies", f"{name} is off: sign-in cookies would also travel over plain "
                                                       "HTTP. Serve over HTTPS and set PORTAL_SECURE_COOKIES=1."))
    if not int(config.get("PORTAL_PROXY_HOPS") or 0):
        problems.append(Problem(WARNING, "proxy", "PORTAL_PROXY_HOPS is 0. Behind nginx or a balancer set it to the "
                                                  "number of proxies, or every visitor shares the proxy's address "
                                                  "(rate limits) and links say http."))
    url = config.get("SQLALCHEMY_DATABASE_URI") or ""
    if url.startswith("sqlite"):
        problems.append(Problem(WARNING, "database", "SQLite serves one host only; use PostgreSQL "
                                                     "(PORTAL_DATABASE_URL) for several hosts."))
    storage_url = config.get("PORTAL_STORAGE_URL") or ""
    if not storage_url or urlsplit(storage_url).scheme == "file":
        problems.append(Problem(WARNING, "uploads", "kept in a folder of this host. Several hosts need one shared "
                                                    "store: PORTAL_STORAGE_URL=s3://bucket (or a shared folder)."))
    largest_upload = max(int(config.get(name) or 0) for name in
                         ("PORTAL_UPLOAD_MAX_BYTES", "PORTAL_TRAINING_MATERIAL_MAX_BYTES", "PORTAL_CONTENT_FILE_MAX_BYTES"))
    body_limit = config.get("MAX_CONTENT_LENGTH")
    if body_limit and largest_upload + FORM_ALLOWANCE > body_limit:
        problems.append(Problem(WARNING, "uploads", "MAX_CONTENT_LENGTH is smaller than the largest upload allowed "
                                                    "plus its form: such uploads get a bare 413 instead of a message."))
    if not config.get("PORTAL_AUDIT_RETENTION_DAYS"):
        problems.append(Problem(WARNING, "history", "no PORTAL_AUDIT_RETENTION_DAYS: the change history grows without "
                                                    "bound (see portal audit-archive)."))
    return problems


FORM_ALLOWANCE = 1024 * 1024  # room for the other fields of an upload form


def live_problems(app):
    """What needs the database and the store: both reachable, schema current, store writable."""
    from portal.ops.health import readiness

    with app.test_request_context("/readyz"):
        checks = readiness()
    texts = {
        "database": "the database does not answer (PORTAL_DATABASE_URL).",
        "migrations": "the database schema is not the code's latest: run portal init-db.",
        "storage": "the file store does not take a write (PORTAL_STORAGE_URL or PORTAL_UPLOAD_DIR).",
    }
    return [Problem(UNSAFE, name, texts[name]) for name, state in checks.items() if state == "failed"]


def serve_refusal(config):
    """Why the server must not start, or None: a generated or default secret outside a trial."""
    problem = secret_problem(config)
    if problem is None or config.get("PORTAL_TRIAL"):
        return None
    return (f"Refusing to serve: the {problem.topic} is {problem.text}\n"
            "For a trial on this machine only, run `make serve TRIAL=1` (or set PORTAL_TRIAL=1).")
