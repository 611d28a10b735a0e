"""Periods a statistic is asked for: a month, a quarter, a year or any range of days.

A period is always a closed range of days (``start`` to ``end``, both included). Periods come
from people (query strings) through :func:`parse_period`, which refuses what makes no sense with
a translated message: a month 13, an end before the start, a range longer than ten years.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_skeleton
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from portal import timeutil
from portal.i18n import format_value

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_YEARS = 10

KINDS = {
    "month": _l("Month"),
    "quarter": _l("Quarter"),
    "year": _l("Year"),
    "range": _l("Date range"),
}


class PeriodError(ValueError):
    """A period that cannot be used; ``str()`` is the translated reason."""


def month_end(year, month):
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def add_months(year, month, delta):
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = "range"

    # --- the usual periods ------------------------------------------------------------------
    @classmethod
    def month(cls, year, month):
        return cls(date(year, month, 1), month_end(year, month), "month")

    @classmethod
    def quarter(cls, year, quarter):
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), month_end(year, first + 2), "quarter")

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def between(cls, start, end):
        return cls(start, end, "range")

    @classmethod
    def last_months(cls, count, today=None):
        """The ``count`` months up to and including the current one."""
        today = today or timeutil.today()
        year, month = add_months(today.year, today.month, -(count - 1))
        return cls(date(year, month, 1), month_end(today.year, today.month), "range")

    # --- reading it ---------------------------------------------------------------------------
    def months(self):
        """(year, month) of every month the period touches, in order."""
        year, month = self.start.year, self.start.month
        found = []
        while (year, month) <= (self.end.year, self.end.month):
            found.append((year, month))
            year, month = add_months(year, month, 1)
        return found

    def as_of(self, today=None):
        """The day "at the end of the period" means: its last day, or today while it runs."""
        today = today or timeutil.today()
        return min(self.end, max(today, self.start))

    def is_over(self, today=None):
        return self.end < (today or timeutil.today())

    @property
    def quarter_number(self):
        return (self.start.month - 1) // 3 + 1

    def label(self):
        if self.kind == "month":
            return month_label(self.start.year, self.start.month)
        if self.kind == "quarter":
            return gettext("Q%(quarter)s %(year)s", quarter=self.quarter_number, year=self.start.year)
        if self.kind == "year":
            return gettext("Year %(year)s", year=self.start.year)
        return gettext("%(start)s to %(end)s", start=format_value(self.start), end=format_value(self.end))

    def query_args(self):
        """The query string that asks for this period again."""
        if self.kind == "month":
            return {"period": "month", "year": self.start.year, "month": self.start.month}
        if self.kind == "quarter":
            return {"period": "quarter", "year": self.start.year, "quarter": self.quarter_number}
        if self.kind == "year":
            return {"period": "year", "year": self.start.year}
        return {"period": "range", "start": self.start.isoformat(), "end": self.end.isoformat()}


def month_label(year, month):
    """"2026年11月" / "Nov 2026" in the reader's language."""
    try:
        locale = get_locale()
    except RuntimeError:
        locale = None
    return format_skeleton("yMMM", date(year, month, 1), locale=locale or "zh_Hans_CN")


def short_month_label(year, month):
    """"11月" / "Nov": for chart axes."""
    try:
        locale = get_locale()
    except RuntimeError:
        locale = None
    return format_skeleton("MMM", date(year, month, 1), locale=locale or "zh_Hans_CN")


# --- from a query string ----------------------------------------------------------------------

def _year(value):
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise PeriodError(gettext("Choose a year between %(low)s and %(high)s.", low=MIN_YEAR, high=MAX_YEAR)) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(gettext("Choose a year between %(low)s and %(high)s.", low=MIN_YEAR, high=MAX_YEAR))
    return year


def _number(value, high, message):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise PeriodError(message) from None
    if not 1 <= number <= high:
        raise PeriodError(message)
    return number


def _day(value, what):
    text = str(value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(gettext("The %(what)s “%(value)s” is not a date (write it as 2026-11-30).",
                                  what=what, value=text[:20])) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise PeriodError(gettext("Choose a year between %(low)s and %(high)s.", low=MIN_YEAR, high=MAX_YEAR))
    return day


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_period(args, default=None):
    """The period asked for in ``args`` (a query string), or ``default`` (this month) when none is.

    Raises PeriodError with a message for a person when the values make no sense.
    """
    kind = (args.get("period") or "").strip()
    if not kind:
        if default is not None:
            return default
        today = timeutil.today()
        return Period.month(today.year, today.month)
    if kind not in KINDS:
        raise PeriodError(gettext("Choose a month, a quarter, a year or a date range."))
    if kind == "range":
        start = _day(args.get("start"), gettext("start date"))
        end = _day(args.get("end"), gettext("end date"))
        if end < start:
            raise PeriodError(gettext("The end date %(end)s is before the start date %(start)s.",
                                      end=format_value(end), start=format_value(start)))
        if end >= _years_later(start, MAX_YEARS):
            raise PeriodError(gettext("A period can be at most %(years)s years long.", years=MAX_YEARS))
        return Period.between(start, end)
    year = _year(args.get("year"))
    if kind == "year":
        return Period.year(year)
    if kind == "quarter":
        return Period.quarter(year, _number(args.get("quarter"), 4, gettext("A quarter is a number from 1 to 4.")))
    return Period.month(year, _number(args.get("month"), 12, gettext("A month is a number from 1 to 12.")))
