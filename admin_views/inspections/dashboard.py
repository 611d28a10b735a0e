"""Rectification panels of the dashboard: for the district, items past their deadline and items
the offices answered; for a street office, the items it still has to answer, overdue ones
flagged. Nothing is cached: an item turns overdue on both sides at once."""
from flask import url_for
from flask_babel import gettext

from admin_views import dashboard as home
from portal.models import Role
from portal.services.access import Action, Area, can
from portal.services.inspections import rectifications as rules

PANEL_SIZE = 5


def _rows(items):
    return [{"item": item, "url": url_for("rectifications.details_view", id=item.id),
             "overdue": rules.is_overdue(item)} for item in items]


def _list_url(**filters):
    return url_for("rectifications.index_view", **filters)


@home.panel(order=14)
def district_rectifications(user):
    if user.role == Role.STAFF or not can(user, Area.RECTIFICATIONS, Action.LIST):
        return None
    late, late_total = rules.overdue(limit=PANEL_SIZE)
    answered, answered_total = rules.waiting_for_district(limit=PANEL_SIZE)
    return home.Panel("admin/portal/inspections/_panel.html", {"title": gettext("Rectification"), "sections": [
        {"title": gettext("Past their deadline"), "rows": _rows(late), "total": late_total, "more_url": _list_url()},
        {"title": gettext("Answered, awaiting the district"), "rows": _rows(answered), "total": answered_total,
         "more_url": _list_url()},
    ]}, wide=False)


@home.panel(order=14)
def office_rectifications(user):
    if user.role != Role.STAFF or not can(user, Area.RECTIFICATIONS, Action.LIST) or user.street_id is None:
        return None
    items, total = rules.open_for_office(user.street_id, limit=PANEL_SIZE)
    late, late_total = rules.overdue(user.street_id, limit=0)
    return home.Panel("admin/portal/inspections/_panel.html", {"title": gettext("Rectification"), "sections": [
        {"title": gettext("Items to answer"), "rows": _rows(items), "total": total, "late_total": late_total,
         "more_url": _list_url()},
    ]}, wide=False)
