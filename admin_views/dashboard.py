"""The admin home: panels that steer the day's work, then how many records of each kind the
user can see.

Each tile asks its screen: the screen's own access rules decide whether it shows, and the
screen's own count (street scope included, stopping at the list cap) gives the number, so a
tile always agrees with the list it links to.

Panels come from the areas: an area registers a function with :func:`panel`; it gets the user
and returns a ``Panel`` (a template and its values) or None when it has nothing for that user.
Panels show in ``order``, smallest first::

    @dashboard.panel(order=30)
    def red_leads(user):
        if not can(user, Area.SCREENING, Action.LIST):
            return None
        return dashboard.Panel("admin/portal/screening/_panel.html", {"leads": ...})
"""
from dataclasses import dataclass, field

from flask import current_app, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label) in display order.
TILES = (
    ("committees", _l("Mediation committees")),
    ("mediators", _l("Mediators")),
    ("cases", _l("Dispute cases")),
    ("online_applications", _l("Online applications")),
    ("training_sessions", _l("Training sessions")),
    ("facilities", _l("Facilities")),
    ("judicial_offices", _l("Judicial offices")),
    ("liaison_points", _l("Judge liaison points")),
    ("partner_bodies", _l("Partner bodies")),
    ("content_entries", _l("Content entries")),
    ("users", _l("Users")),
)


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    wide: bool = True  # the full width of the page, else half of it on large screens
    scripts: tuple = ()  # static files (under static/) the panel needs, loaded once at the end
    styles: tuple = ()   # style sheets (under static/) the panel needs, loaded once in the head


_PANELS = {}


def panel(order):
    """Register a dashboard panel builder ``fn(user) -> Panel | None`` (see the module's doc)."""

    def register(fn):
        _PANELS[f"{fn.__module__}.{fn.__qualname__}"] = (order, fn)
        return fn

    return register


def panels_for(user):
    found = []
    for _order, builder in sorted(_PANELS.values(), key=lambda item: item[0]):
        made = builder(user)
        if made is not None:
            found.append(made)
    return found


def tile_counts():
    screens = {getattr(view, "endpoint", None): view for view in current_app.extensions["portal_admin"]._views}
    tiles = []
    for endpoint, label in TILES:
        view = screens.get(endpoint)
        if view is None or not view.is_visible():
            continue
        count = view.get_count_query().scalar()
        tiles.append({"label": label, "display": view.count_display(count), "url": url_for(f"{endpoint}.index_view")})
    return tiles


class DashboardView(AdminIndexView):
    def is_accessible(self):
        return current_user.is_authenticated and current_user.is_active

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        from admin_views.cases import dashboard_tiles as case_tiles
        from admin_views.training import trainer_home
        from portal.models import Role

        if current_user.role == Role.REPORTER:  # a grid reporter's home is their own page
            return redirect(url_for("field_reports.index"))
        extra = [{**tile, "display": format_decimal(tile["count"])} for tile in case_tiles(current_user)]
        return self.render(
            "admin/portal/dashboard.html", tiles=tile_counts() + extra, trainer_home=trainer_home(current_user),
            panels=(panels := panels_for(current_user)),
            panel_scripts=list(dict.fromkeys(script for p in panels for script in p.scripts)),
            panel_styles=list(dict.fromkeys(style for p in panels for style in p.styles)),
        )
