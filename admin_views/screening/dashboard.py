"""Screening panels of the dashboard: the district's early warning (open red leads, leads past
their deadline) and a street office's leads waiting.

Each function returns None when the panel is not for ``user``, else a ``Panel``: the data and the
template to include (``{% include panel.template %}`` with ``panel`` in the context); registered
with the dashboard below. Nothing is cached: a red lead shows on the district's panel and its
street's panel at once.
"""
from dataclasses import dataclass

from flask import url_for

from admin_views import dashboard as home
from admin_views.screening.common import time_left_text
from portal import timeutil
from portal.models import Role
from portal.services.access import Action, Area, can, street_limit
from portal.services.screening import board
from portal.services.screening import leads as lead_rules

PANEL_SIZE = 5


@dataclass
class Panel:
    template: str
    title: str
    sections: list   # [{"title", "rows": [{"lead", "url", "time_left", "overdue"}], "total", "more_url"}]


def _rows(page, now):
    return [{"lead": lead, "url": url_for("screening_leads.details_view", id=lead.id),
             "time_left": time_left_text(lead_rules.time_left(lead, now)), "overdue": lead_rules.is_overdue(lead, now)}
            for lead in page.leads]


def district_panel(user):
    """For the district office (and inspectors): open red leads and leads past their deadline."""
    from flask_babel import gettext

    if not can(user, Area.SCREENING, Action.LIST) or street_limit(user, Area.SCREENING) is not None:
        return None
    lead_rules.sweep()
    now = timeutil.now()
    red = board.open_red(limit=PANEL_SIZE)
    late = board.past_deadline(limit=PANEL_SIZE, now=now)
    return Panel(
        template="admin/portal/screening/_panel.html", title=gettext("Early warning"),
        sections=[
            {"title": gettext("Open red leads"), "rows": _rows(red, now), "total": red.total,
             "more_url": url_for("screening_board.index", level="red")},
            {"title": gettext("Leads past their deadline"), "rows": _rows(late, now), "total": late.total,
             "more_url": url_for("screening_leads.index_view", **_overdue_filter_args())},
        ],
    )


def street_panel(user):
    """For a street's office: its red and orange leads waiting to be dealt with."""
    from flask_babel import gettext

    if user.role != Role.STAFF or not can(user, Area.SCREENING, Action.LIST):
        return None
    lead_rules.sweep()
    now = timeutil.now()
    waiting = board.waiting_in_street(street_limit(user, Area.SCREENING), limit=PANEL_SIZE)
    return Panel(
        template="admin/portal/screening/_panel.html", title=gettext("Leads waiting"),
        sections=[{"title": gettext("Red and orange leads of your street"), "rows": _rows(waiting, now),
                   "total": waiting.total, "more_url": url_for("screening_board.index")}],
    )


def _overdue_filter_args():
    from flask import current_app

    from admin_views.screening.leads import OverdueLeadFilter

    view = next(v for v in current_app.extensions["portal_admin"]._views if getattr(v, "endpoint", None) == "screening_leads")
    index = next(i for i, flt in enumerate(view._filters) if isinstance(flt, OverdueLeadFilter))
    return {f"flt0_{view.get_filter_arg(index, view._filters[index])}": "1"}


# --- on the dashboard -----------------------------------------------------------------------------

def _placed(made):
    if made is None:
        return None
    return home.Panel("admin/portal/screening/_dashboard_panel.html", {"screening": made}, wide=False,
                      styles=("screening.css",))


@home.panel(order=12)
def district_warning(user):
    """Before the district's figures: a red lead is reported to the district at once."""
    return _placed(district_panel(user))


@home.panel(order=12)
def street_warning(user):
    """Beside a street office's to-do list."""
    return _placed(street_panel(user))
