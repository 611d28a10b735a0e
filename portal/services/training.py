"""Training rules: hours credited, who falls short, the pre-service flag, attendance entry.

Hours count from attendance records (``hours_credited``) of sessions starting in the year, once
the session has ended; absences and the planned roster of a session still to come never count. Pre-service hours count from sessions of the pre-service kind, whenever
they took place. The rule in force (portal.models.training.TrainingRequirement) is a setting the
district office edits; these functions only read it.
"""
import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Numeric, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal import timeutil
from portal.extensions import db
from portal.models import (
    AttendanceStatus, Committee, CommitteeMembership, Employment, Mediator, MediatorStatus, Street,
    TrainingAttendance, TrainingKind, TrainingRequirement, TrainingSession,
)
from portal.models.base import related
from portal.models.training import HEARING_OBSERVATION, PRE_SERVICE, training_session_trainers
from portal.services import bookings
from portal.services.chinese import to_simplified, to_traditional

ZERO = Decimal("0")
HOURS = Numeric(6, 1)
TENTH = Decimal("0.1")

# The rule a new installation starts with (a city's rule quoted in DOMAIN.md): 20 hours a year,
# 10 hours of pre-service training for mediators who joined within the last 12 months.
DEFAULT_REQUIREMENT = {
    "effective_year": 2020,
    "annual_hours_full_time": Decimal("20"),
    "annual_hours_part_time": Decimal("20"),
    "pre_service_hours": Decimal("10"),
    "new_mediator_months": 12,
}


def ensure_training_requirements():
    """Seed the default hours rule when there is none (listed in reference.SEEDERS)."""
    if db.session.scalar(select(TrainingRequirement.id).limit(1)) is not None:
        return 0
    db.session.add(TrainingRequirement(**DEFAULT_REQUIREMENT))
    db.session.flush()
    return 1


def requirement_for(year):
    """The rule in force in ``year``: the latest one effective on or before it."""
    rule = db.session.scalar(
        select(TrainingRequirement)
        .where(TrainingRequirement.effective_year <= year)
        .order_by(TrainingRequirement.effective_year.desc())
        .limit(1)
    )
    if rule is None:  # every rule starts later: the earliest one is the best guide
        rule = db.session.scalar(select(TrainingRequirement).order_by(TrainingRequirement.effective_year).limit(1))
    return rule


# --- dates --------------------------------------------------------------------------------------

def year_window(year):
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def months_before(day, months):
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reference_day(year):
    """The day a year's report speaks of: today for the current year, 31 December for past ones."""
    today = timeutil.today()
    return min(today, date(year, 12, 31)) if year <= today.year else date(year, 12, 31)


# --- the rule applied to one mediator -----------------------------------------------------------

def is_new(joined_on, on, rule):
    """Joined within the rule's number of months before ``on``. Unknown join dates are not new."""
    if joined_on is None or rule is None:
        return False
    return months_before(on, rule.new_mediator_months) < joined_on <= on


def annual_hours_required(employment, joined_on, year, rule):
    """Hours due in ``year``; a mediator who joined during the year owes them pro rata by month."""
    if rule is None:
        return ZERO
    full = rule.annual_hours_full_time if employment == Employment.FULL_TIME else rule.annual_hours_part_time
    if joined_on is None or joined_on.year < year:
        return Decimal(full)
    if joined_on.year > year:
        return ZERO
    months_served = 12 - joined_on.month + 1
    return (Decimal(full) * months_served / 12).quantize(TENTH, rounding=ROUND_HALF_UP)


# --- hours from attendance ------------------------------------------------------------------------

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def has_started(session, now=None):
    return session.starts_at is not None and session.starts_at <= (now or timeutil.now())


def _counted():
    """Attendance that earns its hours: present or late, at a session that is over (a session on
    3 December counts on 4 December, not when the roster is drawn up in November)."""
    return and_(TrainingAttendance.status.in_(ATTENDED), TrainingSession.ends_at <= timeutil.now())


def hours_in_year(mediator_ids, year):
    """{mediator id: hours credited in sessions starting in ``year``} for the given ids or subquery."""
    start, end = year_window(year)
    rows = db.session.execute(
        select(TrainingAttendance.mediator_id, func.sum(TrainingAttendance.hours_credited))
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(
            TrainingAttendance.mediator_id.in_(mediator_ids), _counted(),
            TrainingSession.starts_at >= start, TrainingSession.starts_at < end,
        )
        .group_by(TrainingAttendance.mediator_id)
    )
    return {mediator_id: Decimal(total or 0) for mediator_id, total in rows}


def pre_service_hours(mediator_ids):
    """{mediator id: hours credited in pre-service sessions, ever}."""
    pre_service_sessions = (
        select(TrainingSession.id).join(TrainingKind, TrainingKind.id == TrainingSession.kind_id)
        .where(TrainingKind.code == PRE_SERVICE)
    )
    rows = db.session.execute(
        select(TrainingAttendance.mediator_id, func.sum(TrainingAttendance.hours_credited))
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(
            TrainingAttendance.mediator_id.in_(mediator_ids), _counted(),
            TrainingAttendance.session_id.in_(pre_service_sessions),
        )
        .group_by(TrainingAttendance.mediator_id)
    )
    return {mediator_id: Decimal(total or 0) for mediator_id, total in rows}


# --- who falls short -------------------------------------------------------------------------------

@dataclass
class ComplianceRow:
    mediator_id: int
    name: str
    street_code: str
    street_name: str
    employment: str
    joined_on: date | None
    committees: list
    hours: Decimal
    required: Decimal
    is_new: bool
    pre_service: Decimal
    pre_service_required: Decimal | None  # None when the mediator is not new

    @property
    def employment_label(self):
        return Employment.label_of(self.employment)

    @property
    def shortfall(self):
        return max(self.required - self.hours, ZERO)

    @property
    def missing_pre_service(self):
        return self.pre_service_required is not None and self.pre_service < self.pre_service_required

    @property
    def falls_short(self):
        return self.shortfall > 0 or self.missing_pre_service


class ComplianceReport:
    """Every mediator matching ``conditions`` against the rule for ``year``, computed in SQL.

    Hours, hours due (pro rata by the month joined), the new-mediator flag and who falls short are
    columns of one query (sums per mediator and year in the database): a page, a count or the
    per-street summary reads only what it shows, never every mediator of the district in Python.
    """

    def __init__(self, year, conditions):
        self.year = year
        self.rule = requirement_for(year)
        self.on = reference_day(year)
        self.conditions = conditions
        self._query = _compliance_query(year, self.rule, self.on, conditions)
        self._counts = None

    # --- counts (one grouped query, kept for the report's life) -----------------------------------
    def count(self, short_only=False):
        return sum(falls if short_only else total for _name, total, _short, _pre, falls in self._street_counts())

    def by_street(self):
        """[(street name, mediators, short of hours, missing pre-service)] sorted by street code."""
        return [(name, total, short, pre) for name, total, short, pre, _falls in self._street_counts()]

    def _street_counts(self):
        if self._counts is None:
            rows = self._query.subquery()

            def how_many(flag):
                return func.sum(case((flag, 1), else_=0))

            self._counts = [
                (name or "", total, int(short or 0), int(pre or 0), int(falls or 0))
                for _code, name, total, short, pre, falls in db.session.execute(
                    select(rows.c.street_code, rows.c.street_name, func.count(), how_many(rows.c.short_of_hours),
                           how_many(rows.c.missing_pre_service), how_many(rows.c.falls_short))
                    .group_by(rows.c.street_code, rows.c.street_name)
                    .order_by(func.coalesce(rows.c.street_code, ""), rows.c.street_name)
                )
            ]
        return self._counts

    # --- rows --------------------------------------------------------------------------------------
    def page(self, short_only=False, offset=0, limit=None):
        query = self._query
        if short_only:
            query = query.where(query.selected_columns.falls_short)
        query = query.order_by(Street.code, Mediator.name_pinyin, Mediator.id).offset(offset).limit(limit)
        found = db.session.execute(query).all()
        committees = _committee_names([row.id for row in found]) if found else {}
        return [self._row(row, committees) for row in found]

    @property
    def rows(self):
        return self.page()

    @property
    def short_rows(self):
        return self.page(short_only=True)

    def _row(self, row, committees):
        return ComplianceRow(
            mediator_id=row.id, name=row.name, street_code=row.street_code or "", street_name=row.street_name or "",
            employment=row.employment, joined_on=row.joined_on, committees=committees.get(row.id, []),
            hours=Decimal(row.hours or 0), required=Decimal(row.required or 0), is_new=bool(row.is_new),
            pre_service=Decimal(row.pre_service or 0),
            pre_service_required=Decimal(self.rule.pre_service_hours) if row.is_new else None,
        )


def _hours(year):
    start, end = year_window(year)
    return (
        select(TrainingAttendance.mediator_id, func.sum(TrainingAttendance.hours_credited).label("hours"))
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(_counted(), TrainingSession.starts_at >= start, TrainingSession.starts_at < end)
        .group_by(TrainingAttendance.mediator_id)
    )


def _pre_service():
    return (
        select(TrainingAttendance.mediator_id, func.sum(TrainingAttendance.hours_credited).label("hours"))
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .join(TrainingKind, TrainingKind.id == TrainingSession.kind_id)
        .where(_counted(), TrainingKind.code == PRE_SERVICE)
        .group_by(TrainingAttendance.mediator_id)
    )


def _required_clause(year, rule):
    """Hours due as SQL: the same values annual_hours_required gives, one per month joined."""
    def for_employment(employment):
        def due(joined_on):
            return literal(annual_hours_required(employment, joined_on, year, rule), HOURS)

        whens = [(or_(Mediator.joined_on.is_(None), Mediator.joined_on < date(year, 1, 1)), due(None))]
        for month in range(1, 13):
            first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            whens.append((Mediator.joined_on < first_of_next, due(date(year, month, 1))))
        return case(*whens, else_=literal(ZERO, HOURS))

    return case(
        (Mediator.employment == Employment.FULL_TIME, for_employment(Employment.FULL_TIME)),
        else_=for_employment(Employment.PART_TIME),
    )


def _compliance_query(year, rule, on, conditions):
    hours = _hours(year).where(TrainingAttendance.mediator_id.in_(select(Mediator.id).where(*conditions))).subquery()
    if rule is not None:
        new_since = months_before(on, rule.new_mediator_months)
        is_new_clause = and_(Mediator.joined_on > new_since, Mediator.joined_on <= on)
        pre_required = literal(Decimal(rule.pre_service_hours), HOURS)
    else:
        new_since, is_new_clause, pre_required = on, literal(False), literal(ZERO, HOURS)
    pre = _pre_service().where(TrainingAttendance.mediator_id.in_(
        select(Mediator.id).where(*conditions, Mediator.joined_on > new_since)
    )).subquery()
    done = func.coalesce(hours.c.hours, literal(ZERO, HOURS))
    pre_done = func.coalesce(pre.c.hours, literal(ZERO, HOURS))
    required = _required_clause(year, rule) if rule is not None else literal(ZERO, HOURS)
    short = done < required
    missing = and_(is_new_clause, pre_done < pre_required)
    return (
        select(
            Mediator.id, Mediator.name, Mediator.employment, Mediator.joined_on,
            Street.code.label("street_code"), Street.name.label("street_name"),
            done.label("hours"), required.label("required"), pre_done.label("pre_service"),
            case((is_new_clause, True), else_=False).label("is_new"),
            case((short, True), else_=False).label("short_of_hours"),
            case((missing, True), else_=False).label("missing_pre_service"),
            case((or_(short, missing), True), else_=False).label("falls_short"),
        )
        .outerjoin(Street, Street.id == Mediator.street_id)
        .outerjoin(hours, hours.c.mediator_id == Mediator.id)
        .outerjoin(pre, pre.c.mediator_id == Mediator.id)
        .where(*conditions)
    )


def mediator_filter(*, street_limit=None, street_id=None, committee_id=None, employment=None):
    """Conditions selecting active mediators for a report (``street_limit``: the user's scope)."""
    conditions = [Mediator.status == MediatorStatus.ACTIVE]
    if street_limit is not None:
        conditions.append(Mediator.street_scope(street_limit))
    if street_id is not None:
        conditions.append(Mediator.street_id == street_id)
    if committee_id is not None:
        conditions.append(exists().where(
            CommitteeMembership.mediator_id == Mediator.id, CommitteeMembership.committee_id == committee_id
        ))
    if employment:
        conditions.append(Mediator.employment == employment)
    return conditions


def _committee_names(mediator_ids):
    names = {}
    rows = db.session.execute(
        select(CommitteeMembership.mediator_id, Committee.name)
        .join(Committee, Committee.id == CommitteeMembership.committee_id)
        .where(CommitteeMembership.mediator_id.in_(mediator_ids))
        .order_by(CommitteeMembership.id)
    )
    for mediator_id, name in rows:
        names.setdefault(mediator_id, []).append(name)
    return names


def compliance_report(year, conditions):
    """The training report of the mediators matching ``conditions`` in ``year`` (ComplianceReport)."""
    return ComplianceReport(year, conditions)


def lacking_pre_service(mediators, on=None):
    """The new mediators among ``mediators`` who have not done their pre-service training."""
    on = on or timeutil.today()
    rule = requirement_for(on.year)
    new = [m for m in mediators if is_new(m.joined_on, on, rule)]
    if not new or rule is None or rule.pre_service_hours <= 0:
        return []
    done = pre_service_hours([m.id for m in new])
    return [m for m in new if done.get(m.id, ZERO) < rule.pre_service_hours]


# --- one mediator's record ------------------------------------------------------------------------------

@dataclass
class TrainingRecord:
    attendances: list
    year: int
    hours_this_year: Decimal
    required_this_year: Decimal
    pre_service: Decimal
    pre_service_required: Decimal | None

    @property
    def missing_pre_service(self):
        return self.pre_service_required is not None and self.pre_service < self.pre_service_required


def training_record(mediator, limit=200):
    """The sessions ``mediator`` was entered for, newest first, with this year's hours."""
    attendances = db.session.scalars(
        select(TrainingAttendance)
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(TrainingAttendance.mediator_id == mediator.id)
        .options(joinedload(TrainingAttendance.session).joinedload(TrainingSession.kind))
        .order_by(TrainingSession.starts_at.desc())
        .limit(limit)
    ).all()
    today = timeutil.today()
    rule = requirement_for(today.year)
    new = is_new(mediator.joined_on, today, rule)
    return TrainingRecord(
        attendances=attendances,
        year=today.year,
        hours_this_year=hours_in_year([mediator.id], today.year).get(mediator.id, ZERO),
        required_this_year=annual_hours_required(mediator.employment, mediator.joined_on, today.year, rule),
        pre_service=pre_service_hours([mediator.id]).get(mediator.id, ZERO),
        pre_service_required=Decimal(rule.pre_service_hours) if new else None,
    )


# --- attendance entry ----------------------------------------------------------------------------------

MAX_CANDIDATES = 300


def name_search(term):
    """Mediators whose name, pinyin or pinyin initials contain ``term`` (either script)."""
    term = (term or "").strip()
    if not term:
        return None
    lowered = term.lower().replace(" ", "")
    names = {term, to_simplified(term), to_traditional(term)}
    return or_(
        *[Mediator.name.contains(name, autoescape=True) for name in names],
        Mediator.name_pinyin.startswith(lowered, autoescape=True),
        Mediator.name_initials.startswith(lowered, autoescape=True),
    )


def candidates(session, *, street_limit=None, street_id=None, committee_id=None, term=None):
    """Active mediators not yet on ``session``'s roster, picked by street, committee and/or name.

    Returns (mediators, more): ``more`` says the list was cut at MAX_CANDIDATES.
    """
    conditions = mediator_filter(street_limit=street_limit, street_id=street_id, committee_id=committee_id)
    search = name_search(term)
    if search is not None:
        conditions.append(search)
    if street_id is None and committee_id is None and search is None:
        return [], False
    on_roster = select(TrainingAttendance.mediator_id).where(TrainingAttendance.session_id == session.id)
    found = db.session.scalars(
        select(Mediator)
        .where(*conditions, Mediator.id.not_in(on_roster))
        .options(selectinload(Mediator.memberships).joinedload(CommitteeMembership.committee))
        .order_by(Mediator.name_pinyin, Mediator.id)
        .limit(MAX_CANDIDATES + 1)
    ).all()
    return found[:MAX_CANDIDATES], len(found) > MAX_CANDIDATES


def add_attendees(session, mediator_ids, *, street_limit=None):
    """Put the given mediators on the roster as present with the session's hours, or, before the
    session starts, as expected (the planned roster: no hours until they have attended).

    Ids outside the user's scope, of inactive mediators or already on the roster are skipped.
    Returns how many were added.
    """
    ids = {int(i) for i in mediator_ids}
    if not ids:
        return 0
    allowed = db.session.scalars(
        select(Mediator.id).where(Mediator.id.in_(ids), *mediator_filter(street_limit=street_limit))
    ).all()
    present = set(db.session.scalars(
        select(TrainingAttendance.mediator_id).where(TrainingAttendance.session_id == session.id)
    ))
    added = 0
    started = has_started(session)
    for mediator_id in sorted(set(allowed) - present):
        db.session.add(TrainingAttendance(
            session=session, mediator_id=mediator_id,
            status=AttendanceStatus.PRESENT if started else AttendanceStatus.PLANNED,
            hours_credited=session.hours if started else ZERO,
        ))
        added += 1
    db.session.flush()
    return added


def roster(session, *, committees=False):
    """``session``'s attendance rows by the mediator's pinyin, each with its mediator (and, if
    asked, the mediator's committees) loaded in the same few queries however long the roster."""
    mediator = contains_eager(TrainingAttendance.mediator)
    if committees:
        mediator = mediator.selectinload(Mediator.memberships).joinedload(CommitteeMembership.committee)
    return db.session.scalars(
        select(TrainingAttendance).join(Mediator, Mediator.id == TrainingAttendance.mediator_id)
        .where(TrainingAttendance.session_id == session.id)
        .options(mediator)
        .order_by(Mediator.name_pinyin, TrainingAttendance.id)
    ).all()


def mark_all_present(session):
    """Everyone on the roster present, credited with the session's hours (once it has started)."""
    if not has_started(session):
        raise RosterError("not_started")
    for attendance in session.attendances:
        attendance.status = AttendanceStatus.PRESENT
        attendance.hours_credited = session.hours
    db.session.flush()


@dataclass
class RosterChange:
    attendance_id: int
    version: str
    status: str
    hours: Decimal | None
    score: Decimal | None


class RosterError(Exception):
    """A roster row cannot be saved; ``code`` picks the message, ``names`` the rows concerned."""

    def __init__(self, code, names=()):
        super().__init__(code)
        self.code = code
        self.names = list(names)


def update_roster(session, changes):
    """Apply status, hours and score changes to the roster, all or nothing.

    Absent earns no hours. Hours credited may not exceed the session's hours. Before the session
    starts nobody can be marked present, late or absent (RosterError "not_started"). A row
    changed by someone else since the form was loaded stops the whole save (RosterError "stale").
    """
    rows = {a.id: a for a in session.attendances}
    stale = [rows[c.attendance_id].mediator.name for c in changes
             if c.attendance_id in rows and str(rows[c.attendance_id].version) != c.version]
    if stale:
        raise RosterError("stale", stale)
    if not has_started(session):
        early = [rows[c.attendance_id].mediator.name for c in changes
                 if c.attendance_id in rows and c.status != AttendanceStatus.PLANNED]
        if early:
            raise RosterError("not_started", early)
    too_many = []
    for change in changes:
        attendance = rows.get(change.attendance_id)
        if attendance is None:
            continue  # removed meanwhile by someone else: nothing to change
        hours = session.hours if change.hours is None else change.hours
        if change.status in (AttendanceStatus.ABSENT, AttendanceStatus.PLANNED):
            hours = ZERO
        if hours > session.hours:
            too_many.append(attendance.mediator.name)
            continue
        if attendance.status != change.status:
            attendance.status = change.status
        if attendance.hours_credited != hours:
            attendance.hours_credited = hours
        if attendance.score != change.score:
            attendance.score = change.score
    if too_many:
        raise RosterError("hours_over", too_many)
    db.session.flush()


class SessionRuleError(Exception):
    """A session the rules refuse; ``str()`` gives the translated reason."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


def hearing_observation_kind_id():
    """The id of the training kind that records a court and judge (None if it was never seeded)."""
    return db.session.scalar(select(TrainingKind.id).where(TrainingKind.code == HEARING_OBSERVATION))


def check_session(session):
    """Where it is held, the court and judge (hearing observations only) and the hours credited;
    raises SessionRuleError."""
    if session.facility is None and not (session.location_text or "").strip():
        raise SessionRuleError(_l("Give the place: one of our facilities or another location."))
    kind = related(session, "kind")
    if kind is not None and kind.code == HEARING_OBSERVATION:
        if session.court is None or not (session.judge_name or "").strip():
            raise SessionRuleError(_l("A court hearing observation records the court and the presiding judge."))
    elif session.court is not None or (session.judge_name or "").strip():
        raise SessionRuleError(_l("The court and judge are recorded only for court hearing observations."))
    if session.starts_at and session.ends_at and session.hours is not None:
        length = (session.ends_at - session.starts_at).total_seconds() / 3600
        if float(session.hours) > length:
            raise SessionRuleError(_l("The hours credited cannot be more than the session lasts."))
    if not has_started(session) and any(a.status != AttendanceStatus.PLANNED for a in session.attendances):
        raise SessionRuleError(_l(
            "Attendance is already marked for this session, so it cannot start at a time still to come."))


def follow_session_hours(session, old_hours):
    """The session's hours changed: attendees credited the old full hours get the new ones,
    and nobody keeps more than the session now gives."""
    if old_hours is None or old_hours == session.hours:
        return
    for attendance in session.attendances:
        if attendance.status not in ATTENDED:
            continue
        if attendance.hours_credited == old_hours or attendance.hours_credited > session.hours:
            attendance.hours_credited = session.hours


def remove_attendee(session, attendance_id):
    attendance = next((a for a in session.attendances if a.id == attendance_id), None)
    if attendance is not None:
        session.attendances.remove(attendance)
        db.session.flush()
    return attendance


# --- the session's room ----------------------------------------------------------------------------------

def sync_room_booking(session):
    """Hold the session's room for its time when the room is bookable; release it otherwise.

    Raises portal.services.bookings.BookingConflict when the room is taken.
    """
    facility = related(session, "facility")
    kind = related(facility, "kind") if facility is not None else None
    if kind is not None and kind.bookable:
        return bookings.book_room(
            facility, session.starts_at, session.ends_at, purpose=session.title[:200], booking=session.booking,
            training_session=session,
        )
    release_room(session)
    return None


def release_room(session):
    if session.booking is not None:
        bookings.cancel_booking(session.booking)
        session.booking = None


# --- a trainer's home ---------------------------------------------------------------------------------

def trainer_sessions(user, limit=8):
    """(upcoming, recent) sessions ``user`` runs, each as (session, number on the roster)."""
    roster = (
        select(func.count(TrainingAttendance.id))
        .where(TrainingAttendance.session_id == TrainingSession.id)
        .correlate(TrainingSession)
        .scalar_subquery()
    )
    mine = TrainingSession.id.in_(
        select(training_session_trainers.c.session_id).where(training_session_trainers.c.user_id == user.id)
    )
    now = timeutil.now()
    base = select(TrainingSession, roster).where(mine).options(joinedload(TrainingSession.kind))
    upcoming = db.session.execute(
        base.where(TrainingSession.ends_at >= now).order_by(TrainingSession.starts_at).limit(limit)
    ).all()
    recent = db.session.execute(
        base.where(TrainingSession.ends_at < now).order_by(TrainingSession.starts_at.desc()).limit(limit)
    ).all()
    return upcoming, recent
