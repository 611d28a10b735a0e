"""Configuration defaults and environment overrides.

Order of precedence (later wins): these defaults, ``instance/config.py``,
``PORTAL_*`` environment variables, then ``test_config`` passed to the factory.
"""
import os

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

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # Lists never count more rows than this on each page (see admin_views.base).
    PORTAL_LIST_COUNT_CAP = 10_000
    PORTAL_EXPORT_MAX_ROWS = 50_000


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
    PORTAL_TRAINING_MATERIAL_MAX_BYTES = 10 * 1024 * 1024  # handouts and slides (portal.services.training_materials)

    # Statistics and monthly reports (portal.services.statistics).
    PORTAL_REPORT_DUE_DAY = 5               # a month's report is due on this day of the next month
    PORTAL_STATS_MANY_PARTIES = 5           # a case with this many parties or more is a many-party case
    PORTAL_STATS_LEFT_DISTRICT_KINDS = ("court",)  # partner kinds (codes) a case "leaves the district" for
    PORTAL_CASE_DUE_SOON_DAYS = 7           # the to-do list warns of cases due within this many days

    # Public site and content API.
    PORTAL_API_CORS_ORIGINS = ()      # origins allowed to read /api/v1 from a browser; "*" for any
    PORTAL_API_MAX_AGE = 60           # seconds clients may cache an API answer before revalidating
    PORTAL_RATE_LIMITS = {}           # bucket -> (attempts, seconds); see portal.services.ratelimit
    PORTAL_PROXY_HOPS = 0             # reverse proxies in front of the app (for the client's address)
    PORTAL_CONTENT_FILE_MAX_BYTES = 5 * 1024 * 1024


# Environment variables read on start, mapped to config keys.
ENV_KEYS = {
    "PORTAL_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "PORTAL_SECRET_KEY": "SECRET_KEY",
    "PORTAL_UPLOAD_DIR": "PORTAL_UPLOAD_DIR",

    "PORTAL_API_CORS_ORIGINS": "PORTAL_API_CORS_ORIGINS",  # comma-separated
}


def env_overrides(environ=os.environ):
    """Return config values given through ``PORTAL_*`` environment variables."""
    return {key: environ[name] for name, key in ENV_KEYS.items() if environ.get(name)}


def normalise_database_url(url):
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url
