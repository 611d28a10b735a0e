"""Limits every form field keeps, so a value no column could hold gets a message next to its
field instead of an error page: numbers that are not numbers or too large, implausible dates,
texts longer than their column (portal.models.limits holds the figures).

Two layers: ``generic_validators`` go in front of every number, date and text field of every form
(TranslatedMeta adds them), and ``column_field_args`` gives a screen's fields the exact limits of
their model's columns, shown in the form (maxlength, a hint under long text fields).
"""
from datetime import date, datetime
from decimal import Decimal
from math import isfinite

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeField, DecimalField, FloatField, IntegerField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError

from portal.models import limits

class FiniteNumber:
    """A number the database can hold: not NaN or infinite (stops the chain: later validators
    such as NumberRange cannot compare NaN), and smaller than ``bound`` in magnitude."""

    def __init__(self, bound):
        self.bound = bound

    def __call__(self, form, field):
        value = field.data
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            return
        if isinstance(value, (float, Decimal)) and not isfinite(value):
            field.errors[:] = []
            raise StopValidation(str(limits.NOT_A_NUMBER))
        if abs(value) >= self.bound:
            raise StopValidation(str(limits.TOO_LARGE % {"bound": f"{self.bound:,}"}))


class PlausibleDate:
    """A date (or time) between 1900 and 2199: a real event or a plan, never year 1 or 9999.
    Checked after the field's own rules, whose message (not in the future…) says more."""

    def __call__(self, form, field):
        value = field.data
        if not isinstance(value, (date, datetime)) or field.errors:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not limits.EARLIEST <= day <= limits.LATEST:
            raise StopValidation(str(limits.IMPLAUSIBLE_DATE % {"earliest": limits.EARLIEST.year,
                                                                  "latest": limits.LATEST.year}))


class TextLimit(Length):
    """Length(max=…) whose message reads like the other limits (and sets maxlength on the field)."""

    def __init__(self, maximum):
        super().__init__(max=maximum)
        self.maximum = maximum

    def __call__(self, form, field):
        if field.data is not None and len(field.data) > self.maximum:
            raise ValidationError(str(limits.TOO_LONG % {"max": f"{self.maximum:,}"}))


def with_generic_validators(field_class, validators):
    """``validators`` of a field of ``field_class`` in any form, with the generic limits added
    (None when there are none to add): number checks first (a NaN must not reach NumberRange),
    date and length checks last."""
    if issubclass(field_class, IntegerField):
        return [FiniteNumber(limits.DB_INT_MAX + 1), *validators]
    if issubclass(field_class, (DecimalField, FloatField)):
        return [FiniteNumber(10**15), *validators]
    if issubclass(field_class, (DateField, DateTimeField)):
        return [*validators, PlausibleDate()]
    if issubclass(field_class, TextAreaField) and not any(isinstance(v, Length) for v in validators):
        return [*validators, TextLimit(limits.LONG_TEXT_MAX)]
    return None


def column_field_args(column, args):
    """``args`` (a screen's form_args for ``column``) with the column's own limits added."""
    validators = list(args.get("validators", []))
    length = limits.max_length(column)
    if length is not None and isinstance(column.type, limits.Text):
        validators.append(TextLimit(length))
        args.setdefault("description", _l("Up to %(max)s characters.", max=f"{length:,}"))
    bound = limits.number_bound(column)
    if bound is not None and not column.primary_key and not column.foreign_keys:
        validators.insert(0, FiniteNumber(bound))
    if validators:
        args["validators"] = validators
    return args
