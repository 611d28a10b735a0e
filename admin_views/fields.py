"""Reusable pieces for declaring admin screens: filters and choice lists limited by scope."""
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, BooleanEqualFilter, IntEqualFilter
from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.models import Street
from portal.models.labels import field_label
from portal.services.access import street_limit


def visible_streets(area):
    """Streets the current user may pick or filter by in ``area``, as a query."""

    def factory():
        query = db.session.query(Street).order_by(Street.code)
        limit = street_limit(current_user, area) if current_user.is_authenticated else -1
        if limit is not None:
            query = query.filter(Street.id == limit)
        return query

    return factory


def street_filter(model, area, column=None, label=None):
    """A drop-down filter of streets the user may see (a handful of rows, not a big table)."""
    column = column if column is not None else model.street_id

    def options():
        if not has_request_context():
            return []  # Flask-Admin asks once at start-up; real options come per request
        return [(str(s.id), s.name) for s in visible_streets(area)()]

    return IntEqualFilter(column, label or field_label(model, "street"), options=options)


def lookup_filter(model, attr, lookup_model, column=None):
    def options():
        if not has_request_context():
            return []
        rows = db.session.scalars(select(lookup_model).order_by(lookup_model.sort_order, lookup_model.id))
        return [(str(row.id), row.label) for row in rows]

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


def int_ids(values):
    """Ids posted as text, as integers; anything else is dropped."""
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids
