"""The admin home: how many records of each kind the user can see."""
from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from portal.extensions import db
from portal.services.access import Action, Area, can, street_limit

# (area, endpoint, model path, label) in display order.
TILES = (
    (Area.ORGANISATION, "committees", "Committee", _l("Mediation committees")),
    (Area.MEDIATORS, "mediators", "Mediator", _l("Mediators")),
    (Area.CASES, "cases", "Case", _l("Dispute cases")),
    (Area.CASES, "online_applications", "OnlineApplication", _l("Online applications")),
    (Area.TRAINING, "training_sessions", "TrainingSession", _l("Training sessions")),
    (Area.FACILITIES, "facilities", "Facility", _l("Facilities")),
    (Area.OFFICES, "judicial_offices", "JudicialOffice", _l("Judicial offices")),
    (Area.PARTNERS, "liaison_points", "JudgeLiaisonPoint", _l("Judge liaison points")),
    (Area.PARTNERS, "partner_bodies", "PartnerBody", _l("Partner bodies")),
    (Area.CONTENT, "content_entries", "ContentEntry", _l("Content entries")),
    (Area.USERS, "users", "User", _l("Users")),
)


def tile_counts(user):
    from portal import models

    tiles = []
    for area, endpoint, model_name, label in TILES:
        if not can(user, area, Action.LIST):
            continue
        model = getattr(models, model_name)
        query = select(func.count()).select_from(model)
        limit = street_limit(user, area)
        if limit is not None and hasattr(model, "street_scope"):
            query = query.where(model.street_scope(limit))
        tiles.append({"label": label, "count": db.session.scalar(query), "url": url_for(f"{endpoint}.index_view")})
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

        return self.render(
            "admin/portal/dashboard.html",
            tiles=tile_counts(current_user) + case_tiles(current_user),
            trainer_home=trainer_home(current_user),
        )
