"""The generated admin screens (Flask-Admin), grouped in a menu that reads naturally in Chinese."""
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from admin_views import audit, cases, facilities, geography, lookups, mediators, organisation, training, users
from admin_views import content, documents, imports, linkage, online_applications, screening
from admin_views import inspections, menu_cache, statistics
from admin_views.account import AccountView
from admin_views.dashboard import DashboardView
from portal.i18n import TRANSLATIONS_DIR

# (menu category, module) in menu order.
MENU = (
    (_l("Organisation"), organisation.VIEWS + geography.VIEWS),
    (_l("Mediators"), mediators.VIEWS),
    (_l("Cases"), cases.VIEWS + linkage.VIEWS + documents.VIEWS + documents.TEMPLATE_VIEWS),
    (_l("Screening and early warning"), screening.VIEWS),
    (_l("Statistics"), statistics.VIEWS),
    (_l("Inspection and assessment"), inspections.VIEWS),
    (_l("Training"), training.VIEWS),
    (_l("Facilities"), facilities.VIEWS),
    (_l("Public site"), content.VIEWS),
    (_l("Reference data"), lookups.VIEWS),
    (_l("Users"), users.VIEWS + audit.VIEWS),
    (None, imports.VIEWS),
)

# Menu names per endpoint (the model's own label serves when absent).
NAMES = {
    "districts": _l("Districts"),
    "streets": _l("Streets"),
    "communities": _l("Communities / villages"),
    "grids": _l("Grids"),
    "judicial_offices": _l("Judicial offices"),
    "committees": _l("Mediation committees"),
    "partner_bodies": _l("Partner bodies"),
    "liaison_points": _l("Judge liaison points"),
    "mediators": _l("Mediators"),
    "mediator_names": _l("Mediator directory"),
    "cases": _l("Dispute cases"),
    "mediation_sessions": _l("Mediation and investigation records"),
    "follow_ups": _l("Follow-up visits"),
    "case_agreements": _l("Mediation agreements"),
    "judicial_confirmations": _l("Judicial confirmations"),
    "training_sessions": _l("Training sessions"),
    "facilities": _l("Facilities"),
    "room_bookings": _l("Room bookings"),
    "training_requirements": _l("Training requirements"),
    "users": _l("Users"),
    "audit_log": _l("Change history"),
    "sign_ins": _l("Sign-in log"),
    "dispute_types": _l("Dispute types"),
    "case_sources": _l("Case sources"),
    "training_kinds": _l("Training kinds"),
    "facility_kinds": _l("Facility kinds"),
    "equipment_kinds": _l("Equipment kinds"),
    "political_statuses": _l("Political statuses"),
    "education_levels": _l("Education levels"),
    "ethnicities": _l("Ethnic groups"),
    "mediator_grades": _l("Mediator grades"),
    "partner_kinds": _l("Partner kinds"),
    "content_entries": _l("Content entries"),
    "content_types": _l("Content types"),
    "online_applications": _l("Online applications"),
    "judge_reviews": _l("Judge reviews of agreements"),
    "case_referrals": _l("Transfers and entrustments"),
    "document_templates": _l("Document templates"),
    **screening.NAMES,
    **inspections.NAMES,
    "imports": _l("Import"),
}


def init_app(app):
    """Create the Admin for this app (never at import: a second app would share it)."""
    admin = Admin(
        app,
        name=_l("Dispute Resolution Portal"),
        url="/admin",
        theme=Bootstrap4Theme(base_template="admin/portal/master.html", fluid=True),
        # Our catalog (compiled also as admin.mo) fills the gaps in Flask-Admin's own.
        translations_path=TRANSLATIONS_DIR,
        index_view=DashboardView(name=_l("Dashboard"), url="/admin", template="admin/portal/dashboard.html"),
    )
    for category, views in MENU:
        for view_class, model, endpoint in views:
            name = NAMES.get(endpoint, model.__label__)
            admin.add_view(view_class(model, name=name, category=category, endpoint=endpoint))
    online_applications.add_waiting_badges(admin)
    # Each user's own account page (password, recent sign-ins), opened from the user menu.
    admin.add_view(AccountView(name=_l("My account"), endpoint="account", url="/admin/account"))
    app.extensions["portal_admin"] = admin
    documents.init_app(app)
    menu_cache.init_app(app)
    return admin
