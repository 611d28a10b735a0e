"""Online applications, in the Cases menu: what came in from the public and what became of it.

The case itself is an ordinary registered case (the cases screen); this screen is the online
channel's inbox: each application's state for the office (waiting, registered as case N,
refused, withdrawn), the applicant's requests, and a count of those waiting in the menu.
"""
from flask import g, url_for
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from admin_views import menu_cache
from admin_views.base import PortalModelView
from portal.models.applications import OnlineApplication
from portal.services import applications
from portal.services.access import Action, Area, can, street_limit
from portal.services.applications import OfficeState, format_code, normalise_code
from portal.services.privacy import case_label, preload


def _case_link(view, context, model, name):
    if model.case is None:
        return gettext("Case deleted")
    url = url_for("cases.details_view", id=model.case_id)
    return Markup('<a href="{}">{}</a>').format(url, case_label(model.case))


def _code(view, context, model, name):
    return format_code(model.tracking_code)


def _case_name(view, context, model, name):
    return case_label(model.case) if model.case else ""


def state_text(application):
    """"Waiting", "Registered as case （2026）…号", "Refused"…, for the office."""
    state = applications.office_state(application)
    if state == OfficeState.REGISTERED:
        return gettext("Registered as case %(number)s", number=application.case.number)
    return str(state.label)


def _state(view, context, model, name):
    text = state_text(model)
    if context is None:  # export: the words only
        return text
    waiting = applications.office_state(model) == OfficeState.WAITING
    return Markup('<span class="badge badge-warning">{}</span>').format(text) if waiting else text


class StateFilter(FilterEqual):
    """Applications in one office state (waiting, registered, refused, withdrawn, case deleted)."""

    def __init__(self, name):
        super().__init__(OnlineApplication.case_id, name, options=OfficeState.choices)

    def apply(self, query, value, alias=None):
        try:
            return query.filter(applications.office_state_clause(OfficeState(value)))
        except ValueError:
            return query

    def clean(self, value):
        return value


class OnlineApplicationView(PortalModelView):
    """The online channel's part of an application; the case itself is in the cases screen."""

    area = Area.CASES
    disabled_actions = frozenset({Action.CREATE, Action.EDIT, Action.DELETE})
    column_list = ("created_at", "tracking_code", "state", "case", "locale")
    column_details_list = ("tracking_code", "state", "case", "requests", "consented_at", "locale", "created_at")
    column_export_list = ("tracking_code", "state", "case", "created_at", "consented_at", "locale")
    column_labels = {"state": _l("State")}
    column_searchable_list = ("tracking_code",)
    column_sortable_list = ("tracking_code", "created_at")
    column_default_sort = ("created_at", True)
    column_formatters = {"case": _case_link, "tracking_code": _code, "state": _state}
    column_formatters_export = {"tracking_code": _code, "case": _case_name, "state": lambda v, c, m, n: state_text(m)}

    def __init__(self, model, **kwargs):
        self.column_filters = (StateFilter(_l("State")), "created_at")
        super().__init__(model, **kwargs)

    def preload_rows(self, rows):
        preload({row.case_id for row in rows})

    def _apply_search(self, query, count_query, joins, count_joins, search):
        # Codes are stored without the dash the applicant reads out (ABCDE-23456), in capitals.
        return super()._apply_search(query, count_query, joins, count_joins, normalise_code(search) or search)

    def waiting_url(self):
        index = next(i for i, flt in enumerate(self._filters) if isinstance(flt, StateFilter))
        arg = self.get_filter_arg(index, self._filters[index])
        return url_for(f"{self.endpoint}.index_view", **{f"flt0_{arg}": OfficeState.WAITING.value})


def waiting_for(user):
    """How many online applications wait for ``user``'s office (cached for the request)."""
    if not getattr(user, "is_authenticated", False) or not can(user, Area.CASES, Action.LIST):
        return 0
    if "waiting_applications" not in g:
        limit = street_limit(user, Area.CASES)
        g.waiting_applications = applications.waiting_count(limit)
    return g.waiting_applications


class WaitingBadge:
    """A menu label followed by the number of applications waiting, e.g. 案件 ③.

    Only the menu gets it (through ``__html__``); titles and breadcrumbs read the plain label.
    """

    def __init__(self, label):
        self.label = label

    def __str__(self):
        return str(self.label)

    def __html__(self):
        if menu_cache.drawing_menu():  # the cached menu: the count is filled in per request
            return escape(str(self.label)) + menu_cache.slot("waiting")
        return escape(str(self.label)) + waiting_badge()


def waiting_badge():
    """The badge after a menu label, or nothing when no application waits."""
    count = waiting_for(current_user)
    if not count:
        return Markup("")
    return Markup(' <span class="badge badge-pill badge-warning menu-count" title="{}">{}</span>').format(
        gettext("%(num)s online applications waiting", num=count), count,
    )


def add_waiting_badges(admin):
    """Show the waiting count on the Cases menu and on its online applications item."""
    menu_cache.register_slot("waiting", waiting_badge)
    for view in admin._views:
        if isinstance(view, OnlineApplicationView) and getattr(view, "menu", None) is not None:
            view.menu.name = WaitingBadge(view.name)
            category = admin.get_category_menu_item(str(view.category)) if view.category else None
            if category is not None:
                category.name = WaitingBadge(category.name)


VIEWS = ((OnlineApplicationView, OnlineApplication, "online_applications"),)
