"""What every statistics page shares: the period and filters from the query string (limited to
what the reader may pick), a page that says what was wrong, official exports and prints."""
from dataclasses import dataclass, field

from flask import request, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user
from sqlalchemy import select

from admin_views.area_page import AreaPage
from admin_views.fields import int_arg, visible_streets
from portal import timeutil
from portal.extensions import db
from portal.models import CaseSource, Committee, CommitteeLevel, DisputeType
from portal.services.access import Area, sees_personal_data
from portal.services.committees import committees_of_street
from portal.services.statistics import DISTRICT_LEVEL, Filters, Period, PeriodError, parse_period
from portal.services.statistics.periods import KINDS, MAX_YEAR, MIN_YEAR, month_end

OFFICIAL_LOCALE = "zh_Hans_CN"  # official documents are always in Simplified Chinese


@dataclass
class Choice:
    """The period and filters asked for, what the reader may choose from, and any problem."""

    period: Period | None
    error: str | None
    filters: Filters
    streets: list = field(default_factory=list)
    committees: list = field(default_factory=list)
    types: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    levels: list = field(default_factory=list)
    district_level_allowed: bool = False
    args: dict = field(default_factory=dict)

    def period_args(self):
        return self.period.query_args() if self.period is not None else {}

    def filter_args(self):
        names = {"street_id": "street", "committee_id": "committee", "level": "level", "type_id": "type",
                 "source_id": "source"}
        return {names[k]: v for k, v in self.filters.args().items() if k in names}

    def link_args(self, **overrides):
        args = {**self.period_args(), **self.filter_args(), **overrides}
        return {k: v for k, v in args.items() if v is not None}


def _lookup_rows(model):
    return db.session.scalars(select(model).order_by(model.sort_order, model.id)).all()


def _choice_of(values, value):
    return value if value in values else None


class StatisticsPage(AreaPage):
    """A page of the statistics area (``area``); staff see their street only."""

    area = Area.STATISTICS
    charts = False  # whether the page draws charts (loads ECharts)

    # --- the reader's scope ------------------------------------------------------------------------
    def own_street(self):
        """The street the reader is confined to, or None for the whole district."""
        limit = self.street_limit()
        return limit if limit is not None else None

    def masked(self):
        return not sees_personal_data(current_user)

    # --- period and filters --------------------------------------------------------------------------
    def default(self):
        """The period shown when none is asked for: this month."""
        today = timeutil.today()
        return Period.month(today.year, today.month)

    def choice(self, *, with_filters=True):
        try:
            period, error = parse_period(request.args, default=self.default()), None
        except PeriodError as problem:
            period, error = None, str(problem)
        own = self.own_street()
        streets = visible_streets(self.area)().all()
        street_id = int_arg("street")
        allowed = {s.id for s in streets} | ({DISTRICT_LEVEL} if own is None else set())
        street_id = _choice_of(allowed, street_id)
        committee_id = int_arg("committee")
        if street_id is None and committee_id is not None:
            # A committee asked for on its own (a link from a row of committees): its street.
            committee = db.session.get(Committee, committee_id)
            if committee is not None:
                home = committee.street_id if committee.street_id is not None else DISTRICT_LEVEL
                street_id = _choice_of(allowed, home)
        listed = street_id if street_id is not None else (streets[0].id if len(streets) == 1 else None)
        if listed == DISTRICT_LEVEL:
            committees = db.session.scalars(
                select(Committee).where(Committee.street_id.is_(None)).order_by(Committee.name)
            ).all()
        else:
            committees = committees_of_street(listed) if listed is not None else []
        committee_id = _choice_of({c.id for c in committees}, committee_id)
        types, sources = _lookup_rows(DisputeType), _lookup_rows(CaseSource)
        level = _choice_of({lv.value for lv in CommitteeLevel}, request.args.get("level"))
        filters = Filters(
            street_id=street_id, committee_id=committee_id, level=level,
            type_id=_choice_of({t.id for t in types}, int_arg("type")) if with_filters else None,
            source_id=_choice_of({s.id for s in sources}, int_arg("source")) if with_filters else None,
            street_limit=own,
        )
        return Choice(
            period=period, error=error, filters=filters, streets=streets, committees=committees, types=types,
            sources=sources, levels=CommitteeLevel.choices(), district_level_allowed=own is None,
            args=request.args.to_dict(),
        )

    def period_form_context(self, choice):
        today = timeutil.today()
        return {
            "period_kinds": list(KINDS.items()),
            "period_years": list(range(min(today.year + 1, MAX_YEAR), max(today.year - 10, MIN_YEAR) - 1, -1)),
            "period_months": list(range(1, 13)),
            "period_quarters": [1, 2, 3, 4],
        }

    def scope_name(self, choice):
        parts = []
        street = next((s for s in choice.streets if s.id == choice.filters.street_id), None)
        if choice.filters.street_id == DISTRICT_LEVEL:
            parts.append(gettext("District level"))
        elif street is not None:
            parts.append(street.name)
        elif len(choice.streets) == 1:
            parts.append(choice.streets[0].name)
        else:
            parts.append(gettext("Whole district"))
        committee = next((c for c in choice.committees if c.id == choice.filters.committee_id), None)
        if committee is not None:
            parts.append(committee.name)
        return gettext("Scope: %(scope)s", scope=" · ".join(parts))

    def render(self, template, **kwargs):
        from portal.services.statistics.columns import header_groups

        kwargs.setdefault("header_groups", header_groups)
        return super().render(template, **kwargs)

    @property
    def extra_css(self):
        return [url_for("static", filename="statistics.css")]

    @property
    def extra_js(self):
        scripts = ["vendor/echarts/echarts.common.min.js"] if self.charts else []
        return [url_for("static", filename=name) for name in scripts + ["statistics.js"]]

    def refuse(self, message, status=400, back_url=None):
        """Stop the request with a page saying ``message`` (a clear answer, never a bare error page)."""
        from flask import abort, make_response

        page = self.render("admin/portal/statistics/problem.html", message=message,
                           back_url=back_url or url_for(".index"))
        abort(make_response(page, status))

    # --- official documents -----------------------------------------------------------------------------
    @staticmethod
    def official(fn, *args, **kwargs):
        """Run ``fn`` with Simplified Chinese as the language (official documents)."""
        with force_locale(OFFICIAL_LOCALE):
            return fn(*args, **kwargs)

    @staticmethod
    def prepared_line(name="", phone="", on=None):
        from portal.i18n import format_value

        parts = [gettext("Prepared by: %(name)s", name=name or "—")]
        if phone:
            parts.append(gettext("Phone: %(phone)s", phone=phone))
        parts.append(gettext("Date: %(date)s", date=format_value(on or timeutil.today())))
        return "    ".join(parts)


def month_period(year, month, within=None):
    """The month as a period, cut to ``within`` when that starts or ends inside it."""
    period = Period.month(year, month)
    if within is None or (within.start <= period.start and period.end <= within.end):
        return period
    return Period.between(max(period.start, within.start), min(month_end(year, month), within.end))
