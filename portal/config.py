"""Configuration defaults and environment overrides.

Order of precedence (later wins): these defaults, ``instance/config.py``,
``PORTAL_*`` environment variables, then ``test_config`` passed to the factory.
"""
import os
from datetime import timedelta

LOCALES = ("zh_Hans_CN", "zh_Hant_TW", "en")


class DefaultConfig:
    SECRET_KEY = None  # never a default: see portal.secret_key
    SQLALCHEMY_DATABASE_URI = None  # filled with the instance SQLite file when unset
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    PORTAL_LOCALES = LOCALES

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)  # also the most any session is honoured (portal.auth.sessions)

    # Seconds a request waits for a lock another one holds (SQLite busy timeout, PostgreSQL
    # lock_timeout) before it answers "busy, try again" (portal.database).
    PORTAL_DB_LOCK_TIMEOUT = 10

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # Lists never count more rows than this on each page (see admin_views.base).
    PORTAL_LIST_COUNT_CAP = 10_000
    PORTAL_EXPORT_MAX_ROWS = 1_000_000
    # Spreadsheet imports (portal.services.imports): largest file, most rows, days a batch is kept.
    PORTAL_IMPORT_MAX_BYTES = 15 * 1024 * 1024
    PORTAL_IMPORT_MAX_ROWS = 50_000
    PORTAL_IMPORT_KEEP_DAYS = 7


    # Cases (portal.services.cases). The number format may use {year}, {short} (the committee's
    # short name), {seq} and {committee} (its full name).
    PORTAL_CASE_NUMBER_FORMAT = "（{year}）{short}调字第{seq:04d}号"
    PORTAL_CASE_TIME_LIMIT_DAYS = 30        # due date = acceptance + this many days
    PORTAL_FOLLOW_UP_DAYS = 15              # follow-up visit this many days after settlement
    PORTAL_CONFIRMATION_WINDOW_DAYS = 30    # judicial confirmation: apply within this many days
    PORTAL_CONFIRMATION_WARN_DAYS = 7       # warn when this few days of the window are left
    # Scanned documents: kept outside the static folder; None means instance/uploads.
    PORTAL_UPLOAD_DIR = None
    PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # Standard documents (portal.services.documents). The dossier counts a paper the portal makes
    # from its records as present, except for these kinds, which must carry the parties'
    # signatures: for them a signed scan is needed (and replaces the blank paper when binding).
    PORTAL_DOSSIER_SIGNED_KINDS = ("application", "agreement", "judicial_confirmation")
    PORTAL_UPLOAD_MAX_FILES = 20            # scans uploaded together at most
    PORTAL_TRAINING_MATERIAL_MAX_BYTES = 10 * 1024 * 1024  # handouts and slides (portal.services.training_materials)

    # Screening and early warning (portal.services.screening): hours a lead of each risk level
    # has to be dealt with, counted from when it is reported; the largest photo a reporter sends.
    PORTAL_LEAD_RESPONSE_HOURS = {"red": 12, "orange": 24, "yellow": 168}
    PORTAL_LEAD_PHOTO_MAX_BYTES = 8 * 1024 * 1024

    # Statistics and monthly reports (portal.services.statistics).
    PORTAL_REPORT_DUE_DAY = 5               # a month's report is due on this day of the next month
    PORTAL_STATS_MANY_PARTIES = 5           # a case with this many parties or more is a many-party case
    PORTAL_STATS_LEFT_DISTRICT_KINDS = ("court",)  # partner kinds (codes) a case "leaves the district" for
    PORTAL_CASE_DUE_SOON_DAYS = 7           # the to-do list warns of cases due within this many days

    # Public site and content API.
    PORTAL_API_CORS_ORIGINS = ()      # origins allowed to read /api/v1 from a browser; "*" for any
    # The public site's and API's answers are cached: in the process, or shared by every host in
    # Redis when PORTAL_CACHE_URL is set (redis://127.0.0.1:6379/0). See portal.public.cache.
    PORTAL_CACHE_URL = None
    PORTAL_CACHE_TIMEOUT = 60         # seconds; scheduled entries appear and go within it
    PORTAL_API_MAX_AGE = 60           # seconds clients may cache an API answer before revalidating
    PORTAL_RATE_LIMITS = {}           # bucket -> (attempts, seconds); see portal.services.ratelimit
    PORTAL_PROXY_HOPS = 0             # reverse proxies in front of the app (for the client's address)
    PORTAL_CONTENT_FILE_MAX_BYTES = 5 * 1024 * 1024

    # Running it for real (portal.ops, deploy/). Uploads of every area live in one file store:
    # None is the folder PORTAL_UPLOAD_DIR; "s3://bucket/prefix?endpoint=…" object storage.
    PORTAL_STORAGE_URL = None
    PORTAL_TRIAL = False              # a trial run: `make serve` accepts a generated secret key
    PORTAL_AUDIT_RETENTION_DAYS = None  # history kept in the database; older goes to archives


# Environment variables read on start, mapped to config keys.
ENV_KEYS = {
    "PORTAL_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "PORTAL_SECRET_KEY": "SECRET_KEY",
    "PORTAL_UPLOAD_DIR": "PORTAL_UPLOAD_DIR",

    "PORTAL_API_CORS_ORIGINS": "PORTAL_API_CORS_ORIGINS",  # comma-separated
    "PORTAL_STORAGE_URL": "PORTAL_STORAGE_URL",
    "PORTAL_CACHE_URL": "PORTAL_CACHE_URL",  # redis://host:6379/0: one cache for every host
}


def _flag(value):
    return value.strip().lower() in ("1", "true", "yes", "on")


# Environment variables that are not text: name -> (config keys, conversion).
TYPED_ENV_KEYS = {
    "PORTAL_PROXY_HOPS": (("PORTAL_PROXY_HOPS",), int),
    "PORTAL_SECURE_COOKIES": (("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"), _flag),
    "PORTAL_TRIAL": (("PORTAL_TRIAL",), _flag),
    "PORTAL_AUDIT_RETENTION_DAYS": (("PORTAL_AUDIT_RETENTION_DAYS",), int),
    "PORTAL_CACHE_TIMEOUT": (("PORTAL_CACHE_TIMEOUT",), int),
}


def env_overrides(environ=os.environ):
    """Return config values given through ``PORTAL_*`` environment variables."""
    values = {key: environ[name] for name, key in ENV_KEYS.items() if environ.get(name)}
    for name, (keys, convert) in TYPED_ENV_KEYS.items():
        if environ.get(name, "").strip():
            try:
                value = convert(environ[name])
            except ValueError:
                raise ValueError(f"{name} must be {'a whole number' if convert is int else 'on or off'}, "
                                 f"not {environ[name]!r}") from None
            values.update(dict.fromkeys(keys, value))
    return values


def normalise_database_url(url):
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url
