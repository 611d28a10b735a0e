"""Dates and amounts the way official documents write them.

The document formats write dates in full Chinese numerals (二〇二六年十一月二十九日): years digit
by digit, months and days as numbers (十一, 二十九).
"""
from datetime import date, datetime
from decimal import Decimal

DIGITS = "〇一二三四五六七八九"


def _number(n):
    """1–31 in Chinese numerals: 一, 十, 十一, 二十, 二十九, 三十一."""
    tens, units = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else DIGITS[tens]) + "十"
    if units:
        text += DIGITS[units]
    return text


def official_date(value):
    """二〇二六年十一月二十九日 (empty for no date)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    year = "".join(DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{_number(value.month)}月{_number(value.day)}日"


def numeric_date(value):
    """2026年11月29日, for tables where the full form does not fit."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def official_time(value):
    """9时30分."""
    return f"{value.hour}时{value.minute:02d}分" if value is not None else ""


def official_span(starts_at, ends_at):
    """二〇二六年十一月二十九日9时30分至11时00分 (the end's date too when it is another day)."""
    if starts_at is None:
        return ""
    text = official_date(starts_at) + official_time(starts_at)
    if ends_at is not None:
        end = official_time(ends_at)
        if ends_at.date() != starts_at.date():
            end = official_date(ends_at) + end
        text += "至" + end
    return text


def age_on(birth_date, on):
    if birth_date is None or on is None:
        return None
    if isinstance(on, datetime):
        on = on.date()
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def amount(value):
    """12,345.00元 (empty for none)."""
    if value is None:
        return ""
    return f"{Decimal(value):,.2f}元"


def today():
    from portal import timeutil

    return timeutil.today()


__all__ = ["official_date", "numeric_date", "official_time", "official_span", "age_on", "amount", "today", "date"]
