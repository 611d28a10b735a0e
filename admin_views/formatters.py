"""Column formatters: translated enum labels, locale formats, masked personal data.

Each returns plain text (Jinja escapes it), so the same formatter serves lists, details and
exports.
"""
from datetime import date, datetime
from decimal import Decimal

from flask import g, has_request_context
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user

from portal import timeutil
from portal.i18n import format_value
from portal.models.lookups import NamedInThreeLanguages
from portal.services import identity
from portal.services.access import sees_personal_data


def enum_label(enum_cls):
    labels = {}  # value -> its lazy label: the same object for every reader, translated when shown

    def formatter(view, context, model, name):
        value = getattr(model, name)
        label = labels.get(value)
        if label is None:
            label = enum_cls.label_of(value)
            if isinstance(label, LazyString):  # a member's (an unknown value stays uncached)
                labels[value] = label
        return label

    return formatter


def label_text(value, known=None):
    """The text of a translated label or of a record named in three languages, worked out once
    per request (or per ``known``, a page's own memo): a list or an export shows the same few
    statuses and types on every row."""
    if isinstance(value, LazyString):
        key = (value._func, value._args, tuple(value._kwargs.items()))
    elif isinstance(value, NamedInThreeLanguages):
        key = (type(value), value.id)
    else:
        return value
    if known is None:
        if not has_request_context():
            return str(value)
        known = g.setdefault("_label_texts", {})
    try:
        if key not in known:
            known[key] = str(value)
        return known[key]
    except TypeError:  # an argument that cannot be a key
        return str(value)


def _value(model, name):
    value = model
    for part in name.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def id_masked(view, context, model, name):
    """ID numbers are masked in lists and exports for everybody."""
    return identity.mask_id_number(_value(model, name))


def phone_masked(view, context, model, name):
    return identity.mask_phone(_value(model, name))


def name_masked(view, context, model, name):
    return identity.mask_name(_value(model, name))


def id_for_reader(view, context, model, name):
    """Details: in full for the office that needs it, masked for inspectors."""
    value = _value(model, name)
    return value if sees_personal_data(current_user) else identity.mask_id_number(value)


def phone_for_reader(view, context, model, name):
    value = _value(model, name)
    return value if sees_personal_data(current_user) else identity.mask_phone(value)


def name_for_reader(view, context, model, name):
    value = _value(model, name)
    return value if sees_personal_data(current_user) else identity.mask_name(value)


def text_for_reader(view, context, model, name):
    value = _value(model, name)
    return format_value(value) if sees_personal_data(current_user) else ("***" if value else "")


def localised(view, value, name=None):
    """Type formatter for dates, datetimes and numbers."""
    return format_value(value)


def yes_no(view, value, name=None):
    return gettext("Yes") if value else gettext("No")


def plain(view, value, name=None):
    """Exports: a date as ISO 8601 and a number without grouping, so a spreadsheet reads a value."""
    return plain_text(value)


def plain_text(value):
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # a spreadsheet has no time zones: the district's wall time
            value = value.astimezone(timeutil.local_zone()).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def joined(values):
    return "、".join(str(v) for v in values)


def export_value(value):
    """A CSV cell."""
    if isinstance(value, bool):
        return yes_no(None, value)
    if value is None:
        return ""
    if isinstance(value, (datetime, date, Decimal, int, float)):
        return plain_text(value)
    if isinstance(value, (list, tuple, set)):
        return joined(value)
    return str(value)


def xlsx_value(value):
    """An XLSX cell: dates, datetimes and numbers keep their type (the cell format shows them)."""
    if isinstance(value, bool):
        return yes_no(None, value)
    if value is None or value == "":
        return None
    if isinstance(value, float) and value != value:  # NaN has no cell value
        return None
    if isinstance(value, (datetime, date, Decimal, int, float)):
        return value
    if isinstance(value, (list, tuple, set)):
        return joined(value)
    return str(value)


TYPE_FORMATTERS = {
    bool: yes_no,
    date: localised,
    datetime: localised,
    Decimal: localised,
    type(None): lambda view, value, name=None: "",
}

EXPORT_TYPE_FORMATTERS = {
    bool: yes_no,
    date: plain,
    datetime: plain,
    Decimal: plain,
    list: lambda view, value, name=None: export_value(value),
    type(None): lambda view, value, name=None: "",
}

# XLSX: typed values pass through untouched (see xlsx_value).
XLSX_TYPE_FORMATTERS = {
    bool: yes_no,
    list: lambda view, value, name=None: joined(value),
    type(None): lambda view, value, name=None: None,
}


# Per personal field: (list/export formatter, details formatter).
PERSONAL_FORMATTERS = {
    "id_number": (id_masked, id_for_reader),
    "mobile": (phone_masked, phone_for_reader),
    "landline": (phone_masked, phone_for_reader),
    "phone": (phone_masked, phone_for_reader),
    "address": (None, text_for_reader),
    "name": (name_masked, name_for_reader),
    "birth_date": (None, text_for_reader),
}
