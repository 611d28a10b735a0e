"""Comparing a stale form with the record's history, field by field (see PortalModelView.merge_stale_edit).

Audit entries store column values as JSON (``committee_id``, ISO dates, decimals as strings) and
many-to-many links as id lists; forms hold Python values keyed by field name (``committee`` holds
a Committee). These helpers bring both to one comparable form.
"""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import inspect

from portal.services.audit import jsonable


def _relationship_for_column(model, key):
    for rel in inspect(type(model)).relationships:
        if rel.secondary is None and any(col.key == key for col in rel.local_columns):
            return rel
    return None


def form_field_for(model, key, form):
    """The form field editing ``key`` (a column or a many-to-many relationship), or None."""
    if key in form:
        return key
    rel = _relationship_for_column(model, key)
    if rel is not None and rel.key in form:
        return rel.key
    return None


def _column(model, key):
    return type(model).__table__.c.get(key)


def normalise(model, key, value):
    """A value as audit JSON would hold it, with empty and None alike and decimals by value."""
    if value in ("", None):
        return None
    if isinstance(value, list):
        return sorted(value)
    column = _column(model, key)
    try:
        python_type = column.type.python_type if column is not None else None
    except NotImplementedError:
        python_type = None
    if python_type is Decimal:
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if python_type is datetime and isinstance(value, str):
        return value.replace(" ", "T")
    return value


def submitted(model, key, field):
    data = field.data
    rel = inspect(type(model)).relationships.get(field.name)
    if rel is not None:
        if rel.secondary is not None:
            return sorted(item.id for item in (data or []))
        return data.id if data is not None else None
    return normalise(model, key, jsonable(data))


def current(model, key):
    rel = inspect(type(model)).relationships.get(key)
    if rel is not None and rel.secondary is not None:
        return sorted(item.id for item in getattr(model, key))
    return jsonable(getattr(model, key))


def load_current(model, key, field):
    """Put the record's current value into ``field``."""
    rel = inspect(type(model)).relationships.get(field.name)
    field.data = list(getattr(model, field.name)) if rel is not None and rel.secondary is not None else getattr(model, field.name)
    if hasattr(field, "raw_data"):
        field.raw_data = None
