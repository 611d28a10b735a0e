"""How long, how large, how early and how late a stored value may be.

The same limits serve twice: forms show and check them on every field (forms.limits, so a person
is told next to the field), and every flush checks them again on whatever is written (a service,
an import, a command), raising ValueOutOfRange before the database sees a value it would refuse
or that cannot be right: a NaN or infinite amount, a date in year 1 or 9999, a 15 MB note.
"""
from datetime import date, datetime
from decimal import Decimal
from math import isfinite

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, Float, Integer, Numeric, String, Text, inspect  # noqa: F401 - Text for forms.limits

# Free text (Text columns) holds this many characters unless named below.
TEXT_MAX = 5_000
LONG_TEXT_MAX = 20_000
# Narratives that may run long: a case's facts, what was said at a meeting, an agreement.
LONG_TEXT = frozenset({
    ("cases", "facts"), ("mediation_sessions", "summary"),
    ("case_agreements", "facts"), ("case_agreements", "responsibilities"), ("case_agreements", "terms"),
})
# Real events and plans alike fall within these years; anything outside is a typing mistake.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
DB_INT_MAX = 2**31 - 1


def max_length(column):
    """Characters a string column holds, or None for columns without a limit of their own."""
    if not isinstance(column.type, String):
        return None
    if isinstance(column.type, Text) or not column.type.length:
        return LONG_TEXT_MAX if (column.table.name, column.key) in LONG_TEXT else TEXT_MAX
    return column.type.length


def number_bound(column):
    """Numbers stored in ``column`` must be smaller than this in magnitude (None: not a number)."""
    kind = column.type
    if isinstance(kind, Integer):
        return DB_INT_MAX + 1
    if isinstance(kind, Numeric) and not isinstance(kind, Float) and kind.precision:
        return 10 ** (kind.precision - (kind.scale or 0))
    if isinstance(kind, (Numeric, Float)):
        return 10**15
    return None


def is_dated(column):
    return isinstance(column.type, (Date, DateTime))


TOO_LONG = _l("At most %(max)s characters.")
NOT_A_NUMBER = _l("Enter an ordinary number (not NaN or infinity).")
TOO_LARGE = _l("The number must be smaller than %(bound)s.")
IMPLAUSIBLE_DATE = _l("Enter a date between %(earliest)s and %(latest)s.")


def problem(column, value):
    """Why ``value`` cannot be stored in ``column`` (a lazy translated message), or None."""
    if value is None:
        return None
    length = max_length(column)
    if length is not None and isinstance(value, str) and len(value) > length:
        return TOO_LONG % {"max": f"{length:,}"}
    bound = number_bound(column)
    if bound is not None and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if isinstance(value, (float, Decimal)) and not isfinite(value):
            return NOT_A_NUMBER
        if abs(value) >= bound:
            return TOO_LARGE % {"bound": f"{bound:,}"}
    if is_dated(column) and isinstance(value, (date, datetime)):
        day = value.date() if isinstance(value, datetime) else value
        if not EARLIEST <= day <= LATEST:
            return IMPLAUSIBLE_DATE % {"earliest": EARLIEST.year, "latest": LATEST.year}
    return None


class ValueOutOfRange(ValueError):
    """A value no column of the portal may hold; ``str()`` names the field and says why."""

    def __init__(self, model, key, reason):
        from portal.models.labels import field_label

        super().__init__(key)
        self.label, self.reason = field_label(model, key), reason

    def __str__(self):
        return f"{self.label}: {self.reason}"


def check_values(session, flush_context=None, instances=None):
    """Before each flush: every new value of every new or changed record within its limits."""
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if obj in session.dirty and not state.attrs[attr.key].history.has_changes():
                continue
            value = state.attrs[attr.key].loaded_value
            for column in attr.columns:
                reason = problem(column, value) if column.table is not None else None
                if reason is not None:
                    raise ValueOutOfRange(type(obj), attr.key, reason)
