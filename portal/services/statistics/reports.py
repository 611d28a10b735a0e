"""Monthly reports from a judicial office to the district's leading-group office.

A report is for one street and month. Its case figures are always computed from the case records
(portal.services.statistics.facts), by the committee where each case started, plus the office's
own figures (office_figures). The states::

    draft ──submit──▶ submitted ──accept──▶ accepted
                          │
                          └──return (with a reason)──▶ returned ──edit──▶ corrected ──submit──▶ submitted …

Each submission freezes everything into a new version (never changed afterwards but for the
district's verdict), so the district reads exactly what was sent while the live figures, which
move with every late change to a case, are shown beside it. A submitted or accepted report
cannot be changed. Like the other services, nothing here commits.
"""
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal import timeutil
from portal.extensions import db
from portal.models import Committee, JudicialOffice, MonthlyReport, MonthlyReportVersion, Street
from portal.models.statistics import OFFICE_FIGURE_FIELDS, ReportStatus, VersionOutcome
from portal.services.statistics import facts, office_figures
from portal.services.statistics import tiers as tier_figures
from portal.services.statistics.tiers import TierCounts
from portal.services.statistics.columns import COUNTING_RULES, REPORT_COLUMNS
from portal.services.statistics.figures import Figures
from portal.services.statistics.periods import Period, add_months, month_end

SCHEMA = 1
S = ReportStatus
MAX_FIGURE = 1_000_000
NOTES_MAX = 2000
REASON_MAX = 2000


class ReportError(Exception):
    """A step the report's state or input refuses; ``str()`` is the translated reason."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message, self.params = message, params

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


# --- deadline ----------------------------------------------------------------------------------

def due_day_setting():
    return int(current_app.config.get("PORTAL_REPORT_DUE_DAY", 5))


def due_date(year, month):
    """The last day to submit the report of ``month``: the set day of the next month."""
    next_year, next_month = add_months(year, month, 1)
    last = month_end(next_year, next_month)
    return last.replace(day=max(1, min(due_day_setting(), last.day)))


def report_period(year, month):
    return Period.month(year, month)


# --- finding and creating ----------------------------------------------------------------------

def find(street_id, year, month):
    return db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.street_id == street_id, MonthlyReport.year == year, MonthlyReport.month == month,
    ))


def blank(street_id, year, month):
    """A report not yet saved (for showing a month nobody has started): every figure 0."""
    return MonthlyReport(street_id=street_id, year=year, month=month, status=S.DRAFT, preparer="", preparer_phone="",
                         notes="", return_reason="", **dict.fromkeys(OFFICE_FIGURE_FIELDS, 0))


def obtain(street_id, year, month):
    """The street's report for the month, created as a draft when there is none yet.

    Two people opening a new report at once: the second insert hits the unique constraint, is
    rolled back to its savepoint, and reads the first one's report.
    """
    return obtain_new(street_id, year, month)[0]


def obtain_new(street_id, year, month):
    """(report, whether this call created it): see :func:`obtain`."""
    report = find(street_id, year, month)
    if report is not None:
        return report, False
    try:
        with db.session.begin_nested():
            report = blank(street_id, year, month)
            db.session.add(report)
    except IntegrityError:
        return find(street_id, year, month), False
    return report, True


# --- the figures of a report -------------------------------------------------------------------

@dataclass
class ReportFigures:
    """A report's content: rows by committee, the street's total with the office figures, the
    three-tier counts and where each office figure came from."""

    year: int
    month: int
    street_name: str
    office_name: str
    rows: list = field(default_factory=list)       # [(committee id, name, Figures)]
    total: Figures = field(default_factory=Figures)
    sources: dict = field(default_factory=dict)    # office figure -> "typed" or a provider key
    tiers: TierCounts = field(default_factory=TierCounts)
    preparer: str = ""
    preparer_phone: str = ""
    as_of: date | None = None

    def as_dict(self):
        return {
            "schema": SCHEMA, "year": self.year, "month": self.month,
            "street": self.street_name, "office": self.office_name,
            "rows": [{"committee_id": key, "name": name, "measures": fig.measures} for key, name, fig in self.rows],
            "total": self.total.as_dict(), "sources": self.sources, "tiers": self.tiers.as_dict(),
            "preparer": self.preparer, "preparer_phone": self.preparer_phone,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "rules": str(COUNTING_RULES),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            year=data["year"], month=data["month"], street_name=data.get("street", ""),
            office_name=data.get("office", ""),
            rows=[(r["committee_id"], r["name"], Figures(r["measures"])) for r in data.get("rows", [])],
            total=Figures.from_dict(data.get("total", {})), sources=data.get("sources", {}),
            tiers=TierCounts(**data.get("tiers", {})), preparer=data.get("preparer", ""),
            preparer_phone=data.get("preparer_phone", ""),
            as_of=date.fromisoformat(data["as_of"]) if data.get("as_of") else None,
        )

    def source_of(self, figure):
        return office_figures.source_label(self.sources.get(figure, office_figures.TYPED))


def office_name_of(street_id):
    office = db.session.scalar(select(JudicialOffice).where(JudicialOffice.street_id == street_id))
    return office.name if office is not None else ""


def live_figures(report, today=None):
    """The report's content as the records stand now (office figures as typed or supplied)."""
    period = report_period(report.year, report.month)
    filters = facts.Filters(street_id=report.street_id)
    as_of = period.as_of(today)
    by_committee = facts.aggregate(period.start, period.end, ("committee",), filters)
    for (committee_id, _day), values in facts.snapshot([as_of], ("committee",), filters).items():
        by_committee.setdefault((committee_id,), {}).update(values)
    names = dict(db.session.execute(
        select(Committee.id, Committee.name).where(Committee.id.in_([k[0] for k in by_committee if k[0] is not None]))
    ).all())
    street = db.session.get(Street, report.street_id)
    content = ReportFigures(
        year=report.year, month=report.month, street_name=street.name if street else "",
        office_name=office_name_of(report.street_id), preparer=report.preparer,
        preparer_phone=report.preparer_phone, as_of=as_of,
    )
    total = Figures()
    for (committee_id,), values in sorted(by_committee.items(), key=lambda item: names.get(item[0][0], "")):
        row = Figures(values)
        content.rows.append((committee_id, names.get(committee_id, ""), row))
        total = total + row
    office = office_figures.office_values(report, period.start, period.end)
    content.total = Figures(total.measures, office.values)
    content.sources = office.sources
    content.tiers = tier_figures.district_total(tier_figures.tier_counts(period.start, period.end, filters=filters))
    return content


def frozen_figures(version):
    return ReportFigures.from_dict(version.figures)


def differences(frozen, live):
    """{(committee id or None for the total, column key): (frozen value, live value)} where they differ."""
    found = {}
    columns = [c for c in REPORT_COLUMNS]
    live_rows = {key: fig for key, _name, fig in live.rows}
    frozen_rows = {key: fig for key, _name, fig in frozen.rows}
    for key in set(live_rows) | set(frozen_rows):
        before, after = frozen_rows.get(key, Figures()), live_rows.get(key, Figures())
        for column in columns:
            if column.is_office:
                continue
            if before.value(column) != after.value(column):
                found[(key, column.key)] = (before.value(column), after.value(column))
    for column in columns:
        if frozen.total.value(column) != live.total.value(column):
            found[(None, column.key)] = (frozen.total.value(column), live.total.value(column))
    return found


# --- the steps ------------------------------------------------------------------------------------

def edit_refusal(report):
    """Why ``report`` cannot be changed now, or None."""
    if report.status == S.SUBMITTED:
        return ReportError(_l("This report was submitted and is frozen while the district reviews it."))
    if report.status == S.ACCEPTED:
        return ReportError(_l("This report was accepted by the district and is frozen."))
    return None


def _raise(refusal):
    if refusal is not None:
        raise refusal


def _figure(value, name):
    from portal.models.labels import field_label

    if value is None or value == "":
        return 0
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ReportError(_l("%(field)s must be a whole number."), field=field_label(MonthlyReport, name)) from None
    if not 0 <= number <= MAX_FIGURE:
        raise ReportError(_l("%(field)s must be between 0 and %(max)s."), field=field_label(MonthlyReport, name),
                          max=MAX_FIGURE)
    return number


def save(report, *, values, preparer="", preparer_phone="", notes=""):
    """Keep the office's figures and notes; a returned report becomes "corrected"."""
    _raise(edit_refusal(report))
    clean = {}
    period = report_period(report.year, report.month)
    supplied = office_figures.office_values(report, period.start, period.end)
    for name in OFFICE_FIGURE_FIELDS:
        if supplied.from_records(name):
            continue  # supplied by records for this month: not typed
        clean[name] = _figure(values.get(name), name)
    for name, (cases, persons) in {
        "criminal": ("criminal_cases", "criminal_persons"), "suicide": ("suicide_cases", "suicide_persons"),
        "petition": ("petition_cases", "petition_persons"), "fight": ("fight_cases", "fight_persons"),
    }.items():
        if cases in clean and persons in clean and clean[persons] < clean[cases]:
            from portal.models.labels import field_label

            raise ReportError(_l("%(persons)s cannot be fewer than %(cases)s."),
                              persons=field_label(MonthlyReport, persons), cases=field_label(MonthlyReport, cases))
    for name, value in clean.items():
        setattr(report, name, value)
    report.preparer = (preparer or "").strip()[:40]
    report.preparer_phone = (preparer_phone or "").strip()[:30]
    report.notes = (notes or "").strip()[:NOTES_MAX]
    if report.status == S.RETURNED:
        report.status = S.CORRECTED
    db.session.flush()
    return report


def submit_refusal(report, today=None):
    refusal = edit_refusal(report)
    if refusal is not None:
        return refusal
    today = today or timeutil.today()
    period = report_period(report.year, report.month)
    if period.end >= today:
        return ReportError(_l("A month's report can be submitted once the month is over (from %(day)s)."),
                           day=_day_text(period.end.toordinal() + 1))
    if not report.preparer:
        return ReportError(_l("Give the name of the person who prepared the report before submitting it."))
    return None


def _day_text(ordinal):
    from portal.i18n import format_value

    day = date.fromordinal(ordinal)
    return format_value(day) if has_request_context() else day.isoformat()


def submit(report, *, user_id=None, at=None):
    """Freeze the report as it stands into a new version and send it to the district."""
    at = at or timeutil.now()
    _raise(submit_refusal(report, today=at.date()))
    content = live_figures(report, today=at.date())
    version = MonthlyReportVersion(
        report=report, number=len(report.versions) + 1, submitted_at=at, submitted_by_id=user_id,
        preparer=report.preparer, figures=content.as_dict(), outcome=VersionOutcome.PENDING,
    )
    db.session.add(version)
    report.status = S.SUBMITTED
    report.submitted_at = at
    if report.first_submitted_at is None:
        report.first_submitted_at = at
    report.return_reason = ""
    db.session.flush()
    return version


def _review(report, outcome, *, user_id, note, at):
    if report.status != S.SUBMITTED or report.latest_version is None:
        raise ReportError(_l("Only a submitted report awaiting review can be accepted or returned; this one is “%(status)s”."),
                          status=S.label_of(report.status))
    at = at or timeutil.now()
    version = report.latest_version
    version.outcome, version.reviewed_at, version.reviewed_by_id, version.review_note = outcome, at, user_id, note
    report.reviewed_at, report.reviewed_by_id = at, user_id
    db.session.flush()
    return version


def accept(report, *, user_id=None, note="", at=None):
    version = _review(report, VersionOutcome.ACCEPTED, user_id=user_id, note=(note or "").strip()[:REASON_MAX], at=at)
    report.status = S.ACCEPTED
    db.session.flush()
    return version


def return_for_correction(report, *, reason, user_id=None, at=None):
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_l("Say why the report is returned, so the office knows what to correct."))
    version = _review(report, VersionOutcome.RETURNED, user_id=user_id, note=reason[:REASON_MAX], at=at)
    report.status = S.RETURNED
    report.return_reason = reason[:REASON_MAX]
    db.session.flush()
    return version


# --- timeliness --------------------------------------------------------------------------------------

@dataclass
class ReportState:
    """How a street stands with one month's report, for the district's table."""

    code: str        # on_time, late, missing, returned, not_due
    review: str      # accepted, awaiting, returned, draft or ""
    report: MonthlyReport | None
    due_on: date

    LABELS = {
        "on_time": _l("On time"), "late": _l("Late"), "missing": _l("Missing"),
        "returned": _l("Returned"), "not_due": _l("Not yet due"),
    }
    REVIEWS = {
        "accepted": _l("accepted"), "awaiting": _l("awaiting review"), "returned": _l("being corrected"),
        "draft": _l("draft"), "": "",
    }

    @property
    def label(self):
        return self.LABELS[self.code]

    @property
    def review_label(self):
        return self.REVIEWS[self.review]


def state_of(report, year, month, today=None):
    today = today or timeutil.today()
    due = due_date(year, month)
    if report is not None and report.status in (S.RETURNED, S.CORRECTED):
        return ReportState("returned", "returned", report, due)
    if report is not None and report.first_submitted_at is not None:
        code = "on_time" if report.first_submitted_at.date() <= due else "late"
        review = "accepted" if report.status == S.ACCEPTED else "awaiting"
        return ReportState(code, review, report, due)
    draft = "draft" if report is not None else ""
    return ReportState("missing" if today > due else "not_due", draft, report, due)


def reported_months(count=12, today=None):
    """The ``count`` most recent months whose reports can be filed (the last full month first)."""
    today = today or timeutil.today()
    months = []
    year, month = add_months(today.year, today.month, -1)
    for _ in range(count):
        months.append((year, month))
        year, month = add_months(year, month, -1)
    return months


def status_grid(streets, months, today=None):
    """{street id: {(year, month): ReportState}} from one query."""
    today = today or timeutil.today()
    street_ids = [getattr(s, "id", s) for s in streets]
    years = {y for y, _m in months}
    reports = db.session.scalars(select(MonthlyReport).where(
        MonthlyReport.street_id.in_(street_ids), MonthlyReport.year.in_(years),
    )).all()
    by_key = {(r.street_id, r.year, r.month): r for r in reports}
    return {
        street_id: {(y, m): state_of(by_key.get((street_id, y, m)), y, m, today) for y, m in months}
        for street_id in street_ids
    }


def not_submitted(year, month, streets, today=None):
    """(street, state) of the streets whose report of the month is not in: never submitted, or
    returned and not yet submitted again."""
    grid = status_grid(streets, [(year, month)], today)
    return [(s, grid[s.id][(year, month)]) for s in streets
            if grid[s.id][(year, month)].code in ("missing", "not_due", "returned")]


# --- the district's summary -----------------------------------------------------------------------

@dataclass
class SummaryRow:
    street: Street
    state: ReportState
    accepted: ReportFigures | None      # the accepted version's content
    live: Figures


def accepted_version(report):
    return next((v for v in reversed(report.versions) if v.outcome == VersionOutcome.ACCEPTED), None) if report else None


def district_summary(year, month, streets, today=None):
    """Per street: the accepted report's total beside the live figures; and the sums."""
    today = today or timeutil.today()
    period = report_period(year, month)
    states = status_grid(streets, [(year, month)], today)
    live_by_street = facts.aggregate(period.start, period.end, ("street",))
    for (street_id, _day), values in facts.snapshot([period.as_of(today)], ("street",)).items():
        live_by_street.setdefault((street_id,), {}).update(values)
    rows, accepted_total, live_total = [], Figures(), Figures()
    for street in streets:
        state = states[street.id][(year, month)]
        version = accepted_version(state.report) if state.review == "accepted" else None
        content = frozen_figures(version) if version is not None else None
        live = Figures(live_by_street.get((street.id,), {}))
        rows.append(SummaryRow(street, state, content, live))
        if content is not None:
            accepted_total = accepted_total + content.total
            live_total = live_total + Figures(live.measures, content.total.office)
    return rows, accepted_total, live_total


def other_live_total(year, month, today=None):
    """Live figures of the committees with no street (district and industry level) for the month."""
    period = report_period(year, month)
    filters = facts.Filters(street_id=facts.DISTRICT_LEVEL)
    values = facts.aggregate(period.start, period.end, (), filters).get((), {})
    for _key, snap in facts.snapshot([period.as_of(today)], (), filters).items():
        values.update(snap)
    return Figures(values)


# --- office figures of accepted reports (annual report) -----------------------------------------------

@dataclass
class AcceptedOffice:
    by_month: dict = field(default_factory=dict)    # month -> {figure: n}
    by_street: dict = field(default_factory=dict)   # street id -> {figure: n}
    total: dict = field(default_factory=dict)


def _add_into(target, values):
    for key, value in values.items():
        if value is not None:
            target[key] = target.get(key, 0) + value


def accepted_office_figures(year, street_id=None):
    """Sums of the office figures (screened, prevention) of the year's accepted reports."""
    query = (select(MonthlyReport).options(selectinload(MonthlyReport.versions))
             .where(MonthlyReport.year == year, MonthlyReport.status == S.ACCEPTED))
    if street_id is not None:
        query = query.where(MonthlyReport.street_id == street_id)
    found = AcceptedOffice()
    for report in db.session.scalars(query):
        version = accepted_version(report)
        if version is None:
            continue
        office = version.figures.get("total", {}).get("office", {})
        _add_into(found.by_month.setdefault(report.month, {}), office)
        _add_into(found.by_street.setdefault(report.street_id, {}), office)
        _add_into(found.total, office)
    return found
