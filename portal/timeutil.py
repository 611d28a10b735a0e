"""One clock for the whole portal.

The portal serves one district, so every stored datetime is a naive *local wall time* in
``BABEL_DEFAULT_TIMEZONE`` (Asia/Shanghai by default): what staff type into a form is what is
stored and shown, with no hidden shifts. Convert with :func:`to_utc` where a protocol needs UTC
(HTTP ``Last-Modified``).

Everything that asks "what time is it?" asks :func:`now` (or :func:`today`), never
``datetime.now()`` or ``date.today()``: the server's own zone may differ from the district's
(a UTC server is eight hours behind Beijing, so from 16:00 UTC it is already tomorrow here).
Tests set the clock with :func:`frozen`.
"""
from contextlib import contextmanager
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TZ = "Asia/Shanghai"


def local_zone():
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", DEFAULT_TZ) if has_app_context() else DEFAULT_TZ
    return ZoneInfo(name)


_frozen = []  # a stack of fixed local wall times (tests)


def now():
    """The current local wall time, naive, to the second."""
    if _frozen:
        return _frozen[-1]
    return datetime.now(local_zone()).replace(tzinfo=None, microsecond=0)


def today():
    return now().date()


def to_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=local_zone()).astimezone(timezone.utc)


def as_date(value):
    return value.date() if isinstance(value, datetime) else value


@contextmanager
def frozen(at):
    """Within the block, :func:`now` is ``at`` (a naive local wall time)."""
    _frozen.append(at.replace(microsecond=0))
    try:
        yield at
    finally:
        _frozen.pop()


__all__ = ["now", "today", "to_utc", "as_date", "frozen", "date", "datetime"]
