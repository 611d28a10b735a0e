"""One clock for the whole portal.

The portal serves one district, so every stored datetime is a naive *local wall time* in
``BABEL_DEFAULT_TIMEZONE`` (Asia/Shanghai by default): what staff type into a form is what is
stored and shown, with no hidden shifts. Convert with :func:`to_utc` where a protocol needs UTC
(HTTP ``Last-Modified``).
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TZ = "Asia/Shanghai"


def local_zone():
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", DEFAULT_TZ) if has_app_context() else DEFAULT_TZ
    return ZoneInfo(name)


def now():
    """The current local wall time, naive, to the second."""
    return datetime.now(local_zone()).replace(tzinfo=None, microsecond=0)


def today():
    return now().date()


def to_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=local_zone()).astimezone(timezone.utc)


def as_date(value):
    return value.date() if isinstance(value, datetime) else value


__all__ = ["now", "today", "to_utc", "as_date", "date", "datetime"]
