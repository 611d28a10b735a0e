"""Reusable pieces for declaring admin screens: filters and choice lists limited by scope."""
from datetime import date
from decimal import Decimal
from math import isfinite

from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, BooleanEqualFilter, IntEqualFilter
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.models import Street, limits
from portal.models.labels import field_label
from portal.models.lookups import name_for_reader
from portal.services.access import street_limit
from portal.services.committees import committees_of_street
from portal.services.inputs import DB_INT_MAX, parse_id, parse_int


def visible_streets(area):
    """Streets the current user may pick or filter by in ``area``, as a query."""

    def factory():
        query = db.session.query(Street).order_by(Street.code)
        limit = street_limit(current_user, area) if current_user.is_authenticated else -1
        if limit is not None:
            query = query.filter(Street.id == limit)
        return query

    return factory


def street_and_committee_choice(area):
    """The ``street`` and ``committee`` asked for in the query string, each dropped unless the user
    may pick it in ``area``, with the choices to offer. The committees offered are the chosen
    street's, or the only street's the user sees."""
    streets = visible_streets(area)().all()
    street_id = int_arg("street")
    if street_id not in {s.id for s in streets}:
        street_id = None
    listed_street = street_id if street_id is not None else (streets[0].id if len(streets) == 1 else None)
    committees = committees_of_street(listed_street) if listed_street is not None else []
    committee_id = int_arg("committee")
    if committee_id not in {c.id for c in committees}:
        committee_id = None
    return {"streets": streets, "street_id": street_id, "committees": committees, "committee_id": committee_id}


def street_filter(model, area, column=None, label=None):
    """A drop-down filter of streets the user may see (a handful of rows, not a big table)."""
    column = column if column is not None else model.street_id

    def options():
        if not has_request_context():
            return []  # Flask-Admin asks once at start-up; real options come per request
        streets = visible_streets(area)().with_entities(Street.id, Street.name)  # two columns, not records
        return [(str(street_id), name) for street_id, name in streets]

    return IntEqualFilter(column, label or field_label(model, "street"), options=options)


def lookup_filter(model, attr, lookup_model, column=None):
    def options():
        if not has_request_context():
            return []
        # The id and the three names, not whole records: this runs on every list page.
        rows = db.session.execute(select(lookup_model.id, lookup_model.name, lookup_model.name_zh_hant,
                                         lookup_model.name_en).order_by(lookup_model.sort_order, lookup_model.id))
        return [(str(row.id), name_for_reader(row.name, row.name_zh_hant, row.name_en)) for row in rows]

    column = column if column is not None else getattr(model, f"{attr}_id")
    return IntEqualFilter(column, field_label(model, attr), options=options)


def active_lookup(lookup_model):
    """Choices for a lookup field: the entries in use, in their set order."""
    return lambda: db.session.scalars(lookup_model.in_use()).all()


def bool_filter(model, attr):
    return BooleanEqualFilter(getattr(model, attr), field_label(model, attr))


class CommitteeNameFilter(BaseSQLAFilter):
    """Mediators who sit on a committee whose name contains the text."""

    def apply(self, query, value, alias=None):
        from portal.models import Committee, CommitteeMembership, Mediator

        return query.filter(Mediator.memberships.any(
            CommitteeMembership.committee.has(Committee.name.ilike(f"%{value}%"))
        ))

    def operation(self):
        return admin_lazy_gettext("contains")


def int_arg(name, values=None, *, low=-DB_INT_MAX, high=DB_INT_MAX):
    """The integer sent as ``name`` (in the query string, or in ``values`` such as request.form)
    within ``low``..``high``, or None."""
    return parse_int((request.args if values is None else values).get(name), low=low, high=high)


def int_ids(values):
    """Ids posted as text, as integers; anything else (not a number, not a possible id) is dropped."""
    return [pk for pk in map(parse_id, values) if pk is not None]


# --- list filters -----------------------------------------------------------------------------------

FILTER_VALUE_MAX = 200


def filter_value_ok(flt, value):
    """Whether ``value`` of list filter ``flt`` can be asked of the database: parsable by the filter
    and within what the column can hold (an integer past the database's, a NaN or a date in year 1
    would make the query fail instead of finding nothing)."""
    if not isinstance(value, str) or len(value) > FILTER_VALUE_MAX:
        return False
    try:
        if not flt.validate(value):
            return False
        cleaned = flt.clean(value)
    except (TypeError, ValueError, ArithmeticError):
        return False
    for item in cleaned if isinstance(cleaned, (list, tuple)) else [cleaned]:
        if isinstance(item, bool):
            continue
        if isinstance(item, int) and parse_int(item) is None:
            return False
        if isinstance(item, (float, Decimal)) and not (isfinite(item) and abs(item) < 10**15):
            return False
        if isinstance(item, date) and not limits.EARLIEST.year <= item.year <= limits.LATEST.year:
            return False
    return True
