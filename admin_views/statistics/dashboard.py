"""The statistics panels of the admin home: the district's (or a street office's) year at a
glance with charts, and a street office's to-do list. Every number links to the list behind it."""
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext
from sqlalchemy import select

from admin_views import dashboard
from portal import timeutil
from portal.extensions import db
from portal.models import Street
from portal.models.users import Role
from portal.services import facilities, training
from portal.services.access import Action, Area, can, street_limit
from portal.services.statistics import dashboard as overview_service
from portal.services.statistics import reports, tiers
from portal.services.statistics.periods import Period, month_label

CHART_SCRIPTS = ("vendor/echarts/echarts.common.min.js", "statistics.js")
STYLES = ("statistics.css",)


def _float(value):
    return float(value) if value is not None else None


def _ledger(period, street_id=None, **args):
    query = {**period.query_args(), "kind": "cases", **args}
    if street_id is not None:
        query["street"] = street_id
    return url_for("ledgers.index", **query)


def _screen(endpoint):
    return next((v for v in current_app.extensions["portal_admin"]._views if getattr(v, "endpoint", None) == endpoint), None)


def _filter_url(endpoint, wanted):
    """The list of ``endpoint`` with filters set: ``wanted`` is [(column key, filter class name, value)].

    Flask-Admin numbers its filters; this finds each by the column it reads and its kind, so a
    link keeps working when a screen's filters are reordered. None when a filter is missing.
    """
    view = _screen(endpoint)
    if view is None or not view.is_visible():
        return None
    args = {}
    for position, (column, kind, value) in enumerate(wanted):
        index = next((i for i, flt in enumerate(view._filters)
                      if getattr(getattr(flt, "column", None), "key", None) == column and type(flt).__name__ == kind), None)
        if index is None:
            return None
        args[f"flt{position}_{view.get_filter_arg(index, view._filters[index])}"] = value
    return url_for(f"{endpoint}.index_view", **args)


def _charts(overview, street_id):
    months = overview.months
    month_periods = [Period.month(y, m) for y, m in months]
    monthly = {
        "id": "chart-monthly", "type": "bar",
        "title": gettext("Received and settled, month by month"),
        "categories": overview.month_labels,
        "series": [
            {"name": gettext("Received"), "data": [row.value("received") for row in overview.series],
             "links": [_ledger(p, street_id) for p in month_periods]},
            {"name": gettext("Settled"), "data": [row.value("settled") for row in overview.series],
             "links": [_ledger(p, street_id, column="settled") for p in month_periods]},
        ],
    }
    by_type = {
        "id": "chart-types", "type": "hbar",
        "title": gettext("Received by dispute type, last twelve months"),
        "categories": [label for _id, label, _fig in overview.by_type],
        "series": [{"name": gettext("Received"), "data": [fig.value("received") for _id, _l, fig in overview.by_type],
                    "links": [_ledger(overview.period, street_id, type=type_id) for type_id, _l, _f in overview.by_type]}],
    }
    return monthly, by_type


def _tier_chart(overview):
    streets = db.session.scalars(select(Street).order_by(Street.code)).all()
    return {
        "id": "chart-tiers", "type": "bar", "percent": True,
        "title": gettext("Three-tier resolution by street, last twelve months"),
        "categories": [s.name for s in streets],
        "series": [
            {"name": str(name),
             "data": [_float(overview.tiers_by_street.get(s.id, tiers.TierCounts()).share(key)) for s in streets],
             "links": [url_for("statistics_tiers.index", street=s.id, **overview.period.query_args()) for s in streets]}
            for key, name, _text in tiers.definitions()
        ],
    }


def _cards(overview, street_id, user, today):
    this_month = Period.month(today.year, today.month)
    cards = [
        {"label": gettext("Received this month"), "value": overview.this_month.value("received"),
         "url": _ledger(this_month, street_id)},
        {"label": gettext("Settled this month"), "value": overview.this_month.value("settled"),
         "url": _ledger(this_month, street_id, column="settled")},
        {"label": gettext("Success rate, last twelve months"), "value": overview.total.value("success_rate"),
         "percent": True, "url": url_for("statistics.index", **overview.period.query_args(),
                                         **({"street": street_id} if street_id else {}))},
    ]
    if can(user, Area.CASES, Action.LIST):
        from portal.services import cases as lifecycle
        from portal.models import Case

        limit = street_limit(user, Area.CASES)
        overdue = lifecycle.count_overdue(Case.street_scope(limit) if limit is not None else None)
        view = _screen("cases")
        cards.append({"label": gettext("Overdue cases now"), "value": overdue, "warning": overdue > 0,
                      "url": view.overdue_url() if view is not None else None})
    return cards


def _district_cards(user, today):
    cards = []
    year, month = reports.reported_months(1, today)[0]
    if can(user, Area.DISTRICT_REPORTS, Action.LIST):
        streets = db.session.scalars(select(Street).order_by(Street.code)).all()
        missing = reports.not_submitted(year, month, streets, today)
        cards.append({"label": gettext("Reports for %(month)s not in yet", month=month_label(year, month)),
                      "value": len(missing), "warning": any(state.code in ("missing", "returned") for _s, state in missing),
                      "url": url_for("monthly_reports.index"),
                      "note": "、".join(s.name for s, _state in missing[:4]) + ("…" if len(missing) > 4 else "")})
    if can(user, Area.TRAINING, Action.LIST):
        report = training.compliance_report(today.year, training.mediator_filter())
        short = report.count(short_only=True)
        cards.append({"label": gettext("Mediators short of training hours"), "value": short, "warning": short > 0,
                      "url": url_for("training_compliance.index", year=today.year)})
    if can(user, Area.FACILITIES, Action.LIST):
        checklists = facilities.office_checklists(facilities.offices_in_scope(), today.year)
        gaps = sum(1 for c in checklists if not c.complete)
        cards.append({"label": gettext("Offices with three-in-place gaps"), "value": gaps, "warning": gaps > 0,
                      "url": url_for("office_checklist.index", year=today.year, show="incomplete")})
    return cards


def _overview_panel(user, street_id, heading, extra_cards=(), extra_charts=(), **context):
    today = timeutil.today()
    overview = overview_service.overview(street_id, today)
    monthly, by_type = _charts(overview, street_id)
    return dashboard.Panel("admin/portal/statistics/_dashboard_overview.html", {
        "heading": heading, "overview": overview, "tiers": tiers.definitions(),
        "cards": _cards(overview, street_id, user, today) + [card for make in extra_cards for card in make(user, today)],
        "charts": [monthly, by_type] + [make(overview) for make in extra_charts], **context,
    }, scripts=CHART_SCRIPTS, styles=STYLES)


@dashboard.panel(order=20)
def district_panel(user):
    """District office and inspectors: the whole district."""
    if user.role not in (Role.ADMIN, Role.VIEWER, Role.INSPECTOR) or not can(user, Area.STATISTICS, Action.LIST):
        return None
    return _overview_panel(user, None, gettext("The district at a glance"),
                           extra_cards=(_district_cards,), extra_charts=(_tier_chart,))


@dashboard.panel(order=20)
def office_panel(user):
    """A street office: its own street."""
    if user.role != Role.STAFF or user.street_id is None or not can(user, Area.STATISTICS, Action.LIST):
        return None
    street = db.session.get(Street, user.street_id)
    panel = _overview_panel(user, user.street_id, gettext("%(street)s at a glance", street=street.name if street else ""))
    panel.context["street_tiers"] = panel.context["overview"].tiers_total
    return panel


@dashboard.panel(order=10)
def todo_panel(user):
    """A street office's to-do list."""
    if user.role != Role.STAFF or user.street_id is None or not can(user, Area.CASES, Action.LIST):
        return None
    today = timeutil.today()
    items = overview_service.todo(user.street_id, today)
    inbox = _screen("online_applications")
    links = {
        "applications": inbox.waiting_url() if inbox is not None and inbox.is_accessible() else None,
        "past_due": _screen("cases").overdue_url() if _screen("cases") is not None else None,
        "due_soon": _filter_url("cases", [("due_on", "DueSoonFilter", "1")]),
        "follow_ups": _filter_url("follow_ups", [("done_on", "DoneFilter", "0"),
                                                 ("due_on", "DateSmallerFilter", _soon(today, extra_day=True))]),
    }
    year, month, state = items["report"]
    return dashboard.Panel("admin/portal/statistics/_dashboard_todo.html", {
        "items": items, "links": links, "report_month": month_label(year, month), "report_state": state,
        "soon_days": int(current_app.config.get("PORTAL_CASE_DUE_SOON_DAYS", 7)),
        "report_url": url_for("monthly_reports.report_view", street=user.street_id, year=year, month=month),
    }, styles=STYLES)


def _soon(today, extra_day=False):
    """The last day the to-do list looks ahead to (the day after, for a "before" filter)."""
    days = int(current_app.config.get("PORTAL_CASE_DUE_SOON_DAYS", 7)) + (1 if extra_day else 0)
    return (today + timedelta(days=days)).isoformat()


