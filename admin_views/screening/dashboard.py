"""Screening panels for the dashboard (to be placed by the per-role dashboard).

Each function returns None when the panel is not for ``user``, else a ``Panel``: the data and the
template to include (``{% include panel.template %}`` with ``panel`` in the context). Nothing is
cached: a red lead shows on the district's panel and its street's to-do panel at once.
"""
from dataclasses import dataclass

from flask import url_for

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
            {"title": gettext("Past their deadline"), "rows": _rows(late, now), "total": late.total,
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


def tiles(user):
    """Small tiles for today's dashboard: open red leads and leads past their deadline."""
    from flask_babel import lazy_gettext as _l

    if not can(user, Area.SCREENING, Action.LIST):
        return []
    lead_rules.sweep()
    limit = street_limit(user, Area.SCREENING)
    red = board.open_red(street_limit=limit, limit=0).total
    late = board.past_deadline(street_limit=limit, limit=0).total
    return [
        {"label": _l("Open red leads"), "count": red, "url": url_for("screening_board.index", level="red"),
         "warning": red > 0},
        {"label": _l("Leads past their deadline"), "count": late,
         "url": url_for("screening_leads.index_view", **_overdue_filter_args()), "warning": late > 0},
    ]


def _overdue_filter_args():
    from flask import current_app

    from admin_views.screening.leads import OverdueLeadFilter

    view = next(v for v in current_app.extensions["portal_admin"]._views if getattr(v, "endpoint", None) == "screening_leads")
    index = next(i for i, flt in enumerate(view._filters) if isinstance(flt, OverdueLeadFilter))
    return {f"flt0_{view.get_filter_arg(index, view._filters[index])}": "1"}
