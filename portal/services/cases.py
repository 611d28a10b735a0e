"""The case lifecycle: a state machine, case numbers, the time limit, and the rules around
meetings, agreements, judicial confirmation, follow-ups and the archive dossier.

Every move goes through :func:`apply_transition` (or the named functions it calls): it checks
the move is allowed from the case's status, checks what the move needs, changes the case,
writes a timeline event and flushes. Nothing here commits: the request (or CLI) does, so a
refused or failed move leaves nothing behind, not even a used case number.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select, update

from portal import timeutil
from portal.extensions import db
from portal.models.case_records import (
    AgreementKind, CaseAgreement, CaseEvent, CaseNumberCounter, ConfirmationOutcome, DocumentKind,
    FollowUp, MeetingKind, Transition,
)
from portal.models.cases import Case, CaseStatus, RemedyRoute
from portal.models.users import Role
from portal.services.bookings import BookingConflict, BookingTimeError, book_room, cancel_booking

S = CaseStatus

# (statuses a move starts from, status it leads to)
RULES = {
    Transition.ACCEPT: (frozenset({S.REGISTERED}), S.ACCEPTED),
    Transition.REFUSE: (frozenset({S.REGISTERED}), S.REFUSED),
    Transition.START: (frozenset({S.ACCEPTED, S.ESCALATED}), S.IN_MEDIATION),
    Transition.SETTLE: (frozenset({S.IN_MEDIATION}), S.SETTLED),
    # Mediation needs both parties' consent: one party's refusal ends it even before a session.
    Transition.FAIL: (frozenset({S.ACCEPTED, S.IN_MEDIATION}), S.FAILED),
    Transition.ESCALATE: (frozenset({S.ACCEPTED, S.IN_MEDIATION, S.ESCALATED}), S.ESCALATED),
    Transition.TRANSFER: (frozenset({S.REGISTERED, S.ACCEPTED, S.IN_MEDIATION, S.ESCALATED}), S.TRANSFERRED),
    # The applicant withdraws (撤回申請): the case ends, with the reason, and stays in the register.
    Transition.WITHDRAW: (frozenset({S.REGISTERED, S.ACCEPTED, S.IN_MEDIATION, S.ESCALATED}), S.WITHDRAWN),
    Transition.ARCHIVE: (frozenset({S.SETTLED, S.FAILED, S.REFUSED, S.TRANSFERRED, S.WITHDRAWN}), S.ARCHIVED),
}

# Cases still being worked on: they run against the time limit.
OPEN_STATUSES = frozenset({S.ACCEPTED, S.IN_MEDIATION, S.ESCALATED})
# Meetings can be recorded while the case is handled, and afterwards for the record.
MEETING_STATUSES = frozenset({S.ACCEPTED, S.IN_MEDIATION, S.ESCALATED, S.SETTLED, S.FAILED})


class CaseRuleError(Exception):
    """A move or record the rules refuse; ``str()`` gives the translated reason."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self):
        params = {key: _text(value) for key, value in self.params.items()}
        return str(self.message) % params if params else str(self.message)


def _text(value):
    if isinstance(value, (list, tuple)):
        return join_labels(value)
    if isinstance(value, date):
        from portal.i18n import format_value

        return format_value(value) if has_request_context() else value.isoformat()
    return str(value)


def list_separator():
    """、 between items in Chinese, a comma in English."""
    from portal.i18n import current_locale_code

    return ", " if has_request_context() and current_locale_code() == "en" else "、"


def join_labels(items):
    return list_separator().join(str(item) for item in items)


def setting(name):
    return current_app.config[name]


# --- the state machine ---------------------------------------------------------------------------

def allowed_transitions(case):
    """The steps to offer for ``case`` now (escalation only where there is a committee above)."""
    return [
        t for t, (sources, _target) in RULES.items()
        if case.status in sources and (t != Transition.ESCALATE or case.committee.parent_id is not None)
    ]


def _raise(refusal):
    if refusal is not None:
        raise refusal


def archived_refusal(user, case):
    """Why ``user`` may not change ``case`` (archived cases are read-only except for the district
    office), or None."""
    if case.status == S.ARCHIVED and (user is None or user.role != Role.ADMIN):
        return CaseRuleError(_l("This case is archived: only the district office can change it."))
    return None


def deletion_refusal(user, case, *, from_public):
    """Why ``user`` may not delete ``case``, or None. A case in the register (it was accepted and
    numbered) or one the public applied for online is ended through a step with its reason
    (refuse, withdraw…), never deleted by an office; the district office can still remove it.
    ``from_public``: the case came from an online application."""
    refusal = archived_refusal(user, case)
    if refusal is not None or (user is not None and user.role == Role.ADMIN):
        return refusal
    if case.number or case.accepted_on is not None:
        return CaseRuleError(_l(
            "An accepted case stays in the register and cannot be deleted: record how it ended (for "
            "example its withdrawal, with the reason). Only the district office can remove it."))
    if from_public:
        return CaseRuleError(_l(
            "A case applied for online by the public cannot be deleted: refuse it or record its "
            "withdrawal, with the reason. Only the district office can remove it."))
    return None


def check_can_change(user, case):
    _raise(archived_refusal(user, case))


def check_community(case):
    """A case's community lies in its committee's street (a district committee serves them all,
    and keeps the community of a case escalated to it)."""
    community, committee = case.community, case.committee
    if community is None or committee is None or committee.street_id is None:
        return
    if community.street_id != committee.street_id:
        raise CaseRuleError(
            _l("%(community)s is not in %(street)s, the street of %(committee)s."),
            community=community.name, street=committee.street.name, committee=committee.name,
        )


def check_transition(case, transition):
    """Raise CaseRuleError when ``case`` cannot take ``transition`` from its status."""
    sources, target = RULES[Transition(transition)]
    if case.status not in sources:
        _raise(already_taken(case, transition))
        raise CaseRuleError(
            _l("A case that is “%(status)s” cannot take the step “%(step)s”."),
            status=CaseStatus.label_of(case.status), step=Transition.label_of(transition),
        )
    return target


# What a second person asking for the same step is told: who took it, when, and its result.
ALREADY = {
    Transition.ACCEPT: _l("This case was just accepted by %(who)s (%(time)s): number %(number)s."),
    Transition.REFUSE: _l("This case was just refused by %(who)s (%(time)s)."),
    Transition.START: _l("Mediation of this case was just started by %(who)s (%(time)s)."),
    Transition.SETTLE: _l("This case was just recorded as settled by %(who)s (%(time)s)."),
    Transition.FAIL: _l("This case was just recorded as failed by %(who)s (%(time)s)."),
    Transition.ESCALATE: _l("This case was just escalated to %(committee)s by %(who)s (%(time)s)."),
    Transition.TRANSFER: _l("This case was just transferred to %(partner)s by %(who)s (%(time)s)."),
    Transition.ARCHIVE: _l("This case was just archived by %(who)s (%(time)s)."),
}


def last_step(case):
    """The case's latest timeline event, read from the database (not from what this request holds)."""
    return db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.created_at.desc(), CaseEvent.id.desc()).limit(1)
    ).first()


def already_taken(case, transition):
    """The refusal for asking ``transition`` of ``case`` when its latest step is that very step
    (two people pressing the same button), naming who took it and its result; else None."""
    if getattr(case, "id", None) is None:
        return None  # not saved yet: it has taken no step
    event = last_step(case)
    if event is None or event.transition != Transition(transition):
        return None
    who = event.created_by
    return CaseRuleError(
        ALREADY[Transition(transition)], who=str(who) if who is not None else _l("another user"),
        time=_moment(event.created_at), number=case.number or "",
        committee=event.to_committee.name if event.to_committee is not None else "",
        partner=case.transferred_to.name if case.transferred_to is not None else "",
    )


def changed_meanwhile(case, transition):
    """What to tell someone whose step lost the race for ``case`` (the database refused it as
    stale): the step the other person took, or that the case was changed."""
    return already_taken(case, transition) or CaseRuleError(
        _l("Someone else changed this case at the same moment. Nothing was saved; check the case, then try again.")
    )


def _begin(case, transition):
    return case.status, check_transition(case, transition)


def _record(case, transition, from_status, note="", *, on=None, from_committee=None, to_committee=None):
    event = CaseEvent(
        case=case, transition=transition, from_status=from_status, to_status=case.status,
        occurred_on=on or timeutil.today(),
        from_committee=from_committee, to_committee=to_committee, note=(note or "").strip(),
    )
    db.session.add(event)
    db.session.flush()
    return event


def _date(on, *, not_before=None, not_before_what=None):
    on = on or timeutil.today()
    if on > timeutil.today():
        raise CaseRuleError(_l("The date %(date)s is in the future."), date=on)
    if not_before is not None and on < not_before:
        raise CaseRuleError(
            _l("The date %(date)s is before %(what)s (%(limit)s)."), date=on, what=not_before_what, limit=not_before
        )
    return on


def _not_after(on, limit, what):
    if limit is not None and on is not None and on > limit:
        raise CaseRuleError(_l("The date %(date)s is after %(what)s (%(limit)s)."), date=on, what=what, limit=limit)
    return on


def _previous_step_date(case, until=None):
    """The date of the case's latest step (of those before the event ``until``), or its receipt."""
    dates = [case.received_on]
    for event in case.events:
        if event is until:
            break
        if event.occurred_on is not None:
            dates.append(event.occurred_on)
    return max(dates)


def _step_date(case, on, until=None):
    """The step's date: not in the future, and not before the case's previous step."""
    return _date(on, not_before=_previous_step_date(case, until), not_before_what=_l("the case's previous step"))


def _last_meeting_day(case, excluding=None):
    days = [s.starts_at.date() for s in case.sessions if s is not excluding and s.starts_at is not None]
    return max(days, default=None)


def _ending_date(case, on, until=None):
    """The date of a step that ends mediation (settle, fail, transfer, withdraw): as any step, and
    not before a meeting already recorded (a case is not settled before its last meeting)."""
    on = _step_date(case, on, until)
    last_meeting = _last_meeting_day(case)
    if last_meeting is not None and on < last_meeting:
        raise CaseRuleError(
            _l("The date %(date)s is before %(what)s (%(limit)s)."), date=on,
            what=_l("the last mediation or investigation meeting"), limit=last_meeting,
        )
    return on


def _archive_date(case, on):
    """The archiving date: as any step, and after the follow-ups and the court's decision it files."""
    on = _step_date(case, on)
    records = [(f.done_on, _l("a follow-up visit")) for f in case.follow_ups]
    if case.confirmation is not None:
        records.append((case.confirmation.decided_on or case.confirmation.applied_on, _l("the judicial confirmation")))
    for day, what in records:
        if day is not None and on < day:
            raise CaseRuleError(_l("The date %(date)s is before %(what)s (%(limit)s)."), date=on, what=what, limit=day)
    return on


def _not_after_archiving(day, case):
    """A record of an archived case (the district office may still edit it) predates the archive."""
    if case.archived_on is not None and day is not None:
        _not_after(day, case.archived_on, _l("the date the case was archived"))


def check_received_on(case):
    """The date a case was received cannot move past its first step."""
    first = min((e.occurred_on for e in case.events if e.occurred_on is not None), default=None)
    _not_after(case.received_on, first, _l("the case's first step"))


def _require(value, message):
    if value is None or (isinstance(value, str) and not value.strip()) or value in ([], ()):
        raise CaseRuleError(message)
    return value.strip() if isinstance(value, str) else value


def accept(case, *, on=None, note=""):
    """受理: the case gets its number and its due date."""
    from_status, target = _begin(case, Transition.ACCEPT)
    on = _step_date(case, on)
    case.number = assign_number(case.committee, on.year)
    case.accepted_on = on
    case.due_on = on + timedelta(days=setting("PORTAL_CASE_TIME_LIMIT_DAYS"))
    case.status = target
    return _record(case, Transition.ACCEPT, from_status, note, on=on)


def refuse(case, *, reason, referred_to, on=None, note=""):
    """不予受理: say why, and where the party was told to go instead."""
    from_status, target = _begin(case, Transition.REFUSE)
    # Every check before the first change: a refused step leaves the case as it was.
    reason = _require(reason, _l("Give the reason for refusing the case."))
    referred_to = _require(referred_to, _l("Say where the party was referred."))
    on = _step_date(case, on)
    case.refusal_reason, case.referred_to, case.concluded_on = reason, referred_to, on
    case.status = target
    return _record(case, Transition.REFUSE, from_status, note, on=case.concluded_on)


def start_mediation(case, *, on=None, note=""):
    from_status, target = _begin(case, Transition.START)
    on = _step_date(case, on)
    case.status = target
    return _record(case, Transition.START, from_status, note, on=on)


def settle(case, *, kind, terms, signed_on=None, facts="", responsibilities="", performance_method="",
           performance_place="", performance_deadline=None, amount=None, copies=None, note=""):
    """調解成功: the agreement (art. 29) is recorded and a follow-up visit scheduled."""
    from_status, target = _begin(case, Transition.SETTLE)
    kind = AgreementKind(_require(kind, _l("Choose whether the agreement is written or oral.")))
    signed_on = _ending_date(case, signed_on)
    terms = _check_terms(terms, signed_on, performance_deadline, amount)
    if case.agreement is not None:
        raise CaseRuleError(_l("This case already has an agreement."))
    case.agreement = CaseAgreement(
        kind=kind, signed_on=signed_on, terms=terms, facts=(facts or case.facts or "").strip(),
        responsibilities=(responsibilities or "").strip(), performance_method=(performance_method or "").strip(),
        performance_place=(performance_place or "").strip(), performance_deadline=performance_deadline,
        amount=amount, copies=copies or max(len(case.parties), 2) + 1,
    )
    case.status = target
    case.concluded_on = signed_on
    case.settled_level = case.committee.level
    schedule_follow_up(case)
    return _record(case, Transition.SETTLE, from_status, note, on=signed_on)


def fail(case, *, routes, on=None, note=""):
    """調解不成: record which routes (arbitration, administrative, court) the parties were told of."""
    from_status, target = _begin(case, Transition.FAIL)
    routes = [RemedyRoute(r) for r in _require(list(routes or []), _l("Tick the routes the parties were told about."))]
    on = _ending_date(case, on)
    case.concluded_on = on
    case.failure_routes = ",".join(r.value for r in RemedyRoute if r in routes)
    case.status = target
    return _record(case, Transition.FAIL, from_status, note, on=case.concluded_on)


def escalate(case, *, note, on=None):
    """升級: the parent committee takes the case over (community → street → district)."""
    from_status, target = _begin(case, Transition.ESCALATE)
    note = _require(note, _l("Say why the case is escalated."))
    source = case.committee
    parent = source.parent
    if parent is None:
        raise CaseRuleError(
            _l("%(committee)s has no parent committee to escalate to."), committee=source.name
        )
    on = _step_date(case, on)
    case.committee = parent
    # The receiving committee gets the full time limit from the day it takes the case over.
    case.due_on = on + timedelta(days=setting("PORTAL_CASE_TIME_LIMIT_DAYS"))
    case.status = target
    return _record(case, Transition.ESCALATE, from_status, note, on=on, from_committee=source, to_committee=parent)


def transfer(case, *, partner, on=None, note="", kind="transfer", matter=""):
    """移交/委托: an administrative or judicial body takes the matter over (or handles it on the
    committee's behalf); the letter is recorded to follow its receipt and the body's feedback."""
    from portal.services.linkage import record_referral

    from_status, target = _begin(case, Transition.TRANSFER)
    partner = _require(partner, _l("Choose the body the case is transferred to."))
    on = _ending_date(case, on)
    case.transferred_to, case.concluded_on = partner, on
    case.status = target
    record_referral(case, partner=partner, kind=kind, on=on, matter=matter)
    return _record(case, Transition.TRANSFER, from_status, note, on=case.concluded_on)


def withdraw(case, *, note, on=None):
    """撤回: the applicant withdraws the application; the reason is the step's note."""
    from_status, target = _begin(case, Transition.WITHDRAW)
    note = _require(note, _l("Say why the application was withdrawn."))
    on = _ending_date(case, on)
    case.concluded_on = on
    case.status = target
    return _record(case, Transition.WITHDRAW, from_status, note, on=on)


def archive(case, *, retention, filed_by=None, on=None, note=""):
    """歸檔: only with the required documents in the dossier and nothing left pending.
    ``filed_by`` is the person who compiled the dossier (立卷人), printed on its cover; None
    means the user recording the step."""
    from_status, target = _begin(case, Transition.ARCHIVE)
    retention = _require(retention, _l("Choose the retention period."))
    if filed_by is None:
        filed_by = _acting_person()
    filed_by = _require(filed_by, _l("Give the name of the person who compiled the dossier."))
    missing = missing_documents(case)
    if missing:
        raise CaseRuleError(_l("The dossier still lacks required documents: %(documents)s."), documents=missing)
    if any(not f.is_done for f in case.follow_ups):
        raise CaseRuleError(_l("Record the open follow-up visits (or remove them) before archiving."))
    if case.confirmation is not None and case.confirmation.outcome == ConfirmationOutcome.PENDING:
        raise CaseRuleError(_l("Wait for the court's decision on the judicial confirmation before archiving."))
    on = _archive_date(case, on)
    case.archived_on, case.retention, case.archived_by = on, retention, filed_by[:40]
    case.status = target
    return _record(case, Transition.ARCHIVE, from_status, note, on=case.archived_on)


def _acting_person():
    """The name of the user taking a step (for a command or job that names no one)."""
    from portal.models.users import User
    from portal.services.actor import current_actor_id

    actor_id = current_actor_id()
    user = db.session.get(User, actor_id) if actor_id is not None else None
    return user.display_name if user is not None else ""


ACTIONS = {
    Transition.ACCEPT: accept,
    Transition.REFUSE: refuse,
    Transition.START: start_mediation,
    Transition.SETTLE: settle,
    Transition.FAIL: fail,
    Transition.ESCALATE: escalate,
    Transition.TRANSFER: transfer,
    Transition.WITHDRAW: withdraw,
    Transition.ARCHIVE: archive,
}


def apply_transition(case, transition, **values):
    return ACTIONS[Transition(transition)](case, **values)


# --- case numbers --------------------------------------------------------------------------------

def assign_number(committee, year):
    """The committee's next number in ``year``: unique, and gapless because the counter moves in
    the accepting transaction (a rollback gives the number back)."""
    if not committee.short_name and "{short" in setting("PORTAL_CASE_NUMBER_FORMAT"):
        raise CaseRuleError(
            _l("%(committee)s has no short name for case numbers: set it on the committee first."),
            committee=committee.name,
        )
    seq = next_sequence(committee.id, year)
    try:
        number = setting("PORTAL_CASE_NUMBER_FORMAT").format(
            year=year, short=committee.short_name, seq=seq, committee=committee.name
        )
    except (KeyError, IndexError, ValueError):
        raise CaseRuleError(_l("The case number format in the settings is not valid.")) from None
    if db.session.scalar(select(Case.id).where(Case.number == number)) is not None:
        raise CaseRuleError(
            _l("The number %(number)s is already used by another committee's case: give %(committee)s its own short name."),
            number=number, committee=committee.name,
        )
    return number


def next_sequence(committee_id, year):
    """Take the next sequence number under a row lock (SELECT … FOR UPDATE on PostgreSQL).

    A second worker accepting a case of the same committee waits here until the first commits
    or rolls back, then reads the number it left.
    """
    table = CaseNumberCounter.__table__
    where = and_(table.c.committee_id == committee_id, table.c.year == year)
    _ensure_counter(committee_id, year)
    last = db.session.execute(select(table.c.last_seq).where(where).with_for_update()).scalar_one()
    db.session.execute(update(table).where(where).values(last_seq=last + 1))
    return last + 1


def number_used(committee_id, year, seq):
    """A number given outside the portal (an imported register) used ``seq``: the committee's
    counter for ``year`` moves past it, so the next acceptance never collides with it."""
    _ensure_counter(committee_id, year)
    table = CaseNumberCounter.__table__
    db.session.execute(update(table).where(
        table.c.committee_id == committee_id, table.c.year == year, table.c.last_seq < seq,
    ).values(last_seq=seq))


def _ensure_counter(committee_id, year):
    """Create the year's counter row if missing; a concurrent creator simply wins the race."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the portal supports these two
        raise RuntimeError(f"unsupported database {dialect}")
    statement = insert(CaseNumberCounter.__table__).values(committee_id=committee_id, year=year, last_seq=0)
    db.session.execute(statement.on_conflict_do_nothing())


# --- time limit ---------------------------------------------------------------------------------

def overdue_clause(today=None):
    """SQL condition: open cases past their due date."""
    return and_(Case.status.in_(OPEN_STATUSES), Case.due_on < (today or timeutil.today()))


def due_soon_clause(today=None, days=None):
    """SQL condition: open cases due today or within ``days`` (PORTAL_CASE_DUE_SOON_DAYS)."""
    today = today or timeutil.today()
    days = setting("PORTAL_CASE_DUE_SOON_DAYS") if days is None else days
    return and_(Case.status.in_(OPEN_STATUSES), Case.due_on >= today, Case.due_on <= today + timedelta(days=days))


def is_overdue(case, today=None):
    return case.status in OPEN_STATUSES and case.due_on is not None and case.due_on < (today or timeutil.today())


def days_left(case, today=None):
    if case.status not in OPEN_STATUSES or case.due_on is None:
        return None
    return (case.due_on - (today or timeutil.today())).days


def count_overdue(scope=None):
    query = select(func.count()).select_from(Case).where(overdue_clause())
    if scope is not None:
        query = query.where(scope)
    return db.session.scalar(query)


# --- follow-ups ---------------------------------------------------------------------------------

def follow_up_due(agreement):
    """When to visit: the configured days after settling, but not before the performance deadline."""
    due = agreement.signed_on + timedelta(days=setting("PORTAL_FOLLOW_UP_DAYS"))
    if agreement.performance_deadline is not None and agreement.performance_deadline > due:
        due = agreement.performance_deadline
    return due


def schedule_follow_up(case):
    follow_up = FollowUp(case=case, due_on=follow_up_due(case.agreement))
    db.session.add(follow_up)
    return follow_up


def follow_up_refusal(case):
    """Why ``case`` can have no follow-up visits, or None."""
    if case.status not in (S.SETTLED, S.ARCHIVED):
        return CaseRuleError(_l("Follow-up visits are for settled cases."))
    return None


def check_follow_up(follow_up, case):
    _raise(follow_up_refusal(case))
    if case.concluded_on and follow_up.due_on and follow_up.due_on < case.concluded_on:
        raise CaseRuleError(_l("A follow-up cannot be due before the case was settled."))
    if follow_up.done_on is not None:
        _date(follow_up.done_on, not_before=case.concluded_on, not_before_what=_l("the date the case was settled"))
        _not_after_archiving(follow_up.done_on, case)
        if not (follow_up.method and follow_up.performed and follow_up.satisfaction and follow_up.risk):
            raise CaseRuleError(
                _l("A follow-up that was done needs how it was done, whether the agreement was performed, the parties' satisfaction and the remaining risk.")
            )
    elif follow_up.performed or follow_up.satisfaction or follow_up.risk:
        raise CaseRuleError(_l("Give the date the follow-up was done, or leave the findings empty."))


# --- meetings -------------------------------------------------------------------------------------

def meeting_refusal(case):
    """Why no mediation or investigation record can be kept on ``case`` now, or None."""
    if case.status not in MEETING_STATUSES:
        return CaseRuleError(
            _l("Mediation and investigation records can be kept only for accepted cases; this one is “%(status)s”."),
            status=CaseStatus.label_of(case.status),
        )
    return None


def meeting_window(case):
    """(first, last) day a meeting on ``case`` can be held: from its acceptance to the day it was
    settled or otherwise ended (None: still open). No meeting before the case was taken on, and
    none after it was settled."""
    return case.accepted_on or case.received_on, case.concluded_on


def check_meeting(meeting, case):
    _raise(meeting_refusal(case))
    if meeting.ends_at is not None and meeting.starts_at is not None and meeting.ends_at <= meeting.starts_at:
        raise CaseRuleError(_l("The meeting must end after it starts."))
    if meeting.starts_at is not None:
        first, last = meeting_window(case)
        day = meeting.starts_at.date()
        if first is not None and day < first:
            raise CaseRuleError(_l("The date %(date)s is before %(what)s (%(limit)s)."), date=day,
                                what=_l("the date the case was accepted"), limit=first)
        if last is not None and day > last:
            raise CaseRuleError(_l("The date %(date)s is after %(what)s (%(limit)s)."), date=day,
                                what=_l("the date the case was settled or ended"), limit=last)
    if meeting.facility is None and not (meeting.location_text or "").strip():
        raise CaseRuleError(_l("Choose the room or write where the meeting takes place."))
    foreign = [p for p in meeting.parties if p.case_id != case.id]
    if foreign:
        raise CaseRuleError(_l("Only parties of this case can be present."))


def book_meeting_room(meeting, case):
    """Hold the meeting's room; a room already held for part of the time is refused."""
    if meeting.facility is None:
        if meeting.booking is not None:
            cancel_booking(meeting.booking)
            meeting.booking = None
        return None
    if not meeting.facility.kind.bookable:
        raise CaseRuleError(_l("%(room)s is not a room that can be booked."), room=meeting.facility.name)
    try:
        # No purpose text: a room's bookings are seen by whoever sees the room (trainers too), and
        # the booking names its meeting through the link, shown only to those who may open it.
        return book_room(
            meeting.facility, meeting.starts_at, meeting.ends_at, purpose="",
            booking=meeting.booking, mediation_session=meeting,
        )
    except BookingTimeError:
        raise CaseRuleError(_l("The meeting must end after it starts.")) from None
    except BookingConflict as clash:
        existing = clash.existing
        raise CaseRuleError(
            _l("%(room)s is already booked from %(start)s to %(end)s. Choose another time or room."),
            room=meeting.facility.name, start=_moment(existing.starts_at), end=_moment(existing.ends_at),
        ) from None


def _moment(value):
    from portal.i18n import format_value

    return format_value(value) if has_request_context() else value.strftime("%Y-%m-%d %H:%M")


# --- the agreement --------------------------------------------------------------------------------

def _check_terms(terms, signed_on, performance_deadline, amount):
    """What an agreement needs however it is recorded; returns the terms, trimmed."""
    terms = _require(terms, _l("Write down the agreed terms."))
    if performance_deadline is not None and performance_deadline < signed_on:
        raise CaseRuleError(_l("The performance deadline cannot be before the agreement."))
    if amount is not None and Decimal(amount) < 0:
        raise CaseRuleError(_l("The amount cannot be negative."))
    return terms


def _settle_event(case):
    return next((e for e in reversed(case.events) if e.transition == Transition.SETTLE), None)


def revise_agreement(agreement, case):
    """An agreement edited after settling keeps to the rules it was recorded under, and the dates
    that follow from its date move with it: the case's conclusion, the settle step on the
    timeline and the follow-up visits still to do. Visits done and a judicial confirmation
    already applied for must still fit it (an oral agreement cannot have been confirmed)."""
    settled = _settle_event(case)
    signed_on = _ending_date(case, agreement.signed_on, until=settled)
    if settled is not None:
        later = [e.occurred_on for e in case.events[case.events.index(settled) + 1:] if e.occurred_on is not None]
        _not_after(signed_on, min(later, default=None), _l("the case's next step"))
    agreement.terms = _check_terms(agreement.terms, signed_on, agreement.performance_deadline, agreement.amount)

    shift = signed_on - case.concluded_on if case.concluded_on is not None else timedelta(0)
    case.concluded_on = signed_on
    if settled is not None:
        settled.occurred_on = signed_on
    for follow_up in case.follow_ups:
        if not follow_up.is_done:
            follow_up.due_on += shift
        check_follow_up(follow_up, case)
    if case.confirmation is not None:
        check_confirmation(case.confirmation, case)


# --- judicial confirmation ------------------------------------------------------------------------

@dataclass
class ConfirmationWindow:
    closes_on: date
    days_left: int
    state: str  # "open", "closing" or "closed"


def confirmation_window(agreement, today=None):
    closes_on = agreement.signed_on + timedelta(days=setting("PORTAL_CONFIRMATION_WINDOW_DAYS"))
    left = (closes_on - (today or timeutil.today())).days
    if left < 0:
        state = "closed"
    elif left <= setting("PORTAL_CONFIRMATION_WARN_DAYS"):
        state = "closing"
    else:
        state = "open"
    return ConfirmationWindow(closes_on, left, state)


def confirmation_refusal(case):
    """Why this case cannot be judicially confirmed, or None."""
    agreement = case.agreement
    if case.status not in (S.SETTLED, S.ARCHIVED) or agreement is None:
        return CaseRuleError(_l("Only a settled case with an agreement can be judicially confirmed."))
    if agreement.kind != AgreementKind.WRITTEN:
        return CaseRuleError(_l("Only a written agreement can be judicially confirmed."))
    if case.dispute_type is not None and case.dispute_type.personal_status:
        return CaseRuleError(
            _l("Marriage, adoption and other personal-status matters cannot be judicially confirmed.")
        )
    return None


def confirmation_application_refusal(case):
    """Why no application for judicial confirmation can be recorded on ``case`` now, or None."""
    refusal = confirmation_refusal(case)
    if refusal is not None:
        return refusal
    if case.confirmation is not None:
        return CaseRuleError(_l("This case's judicial confirmation is already recorded; edit it instead."))
    window = confirmation_window(case.agreement)
    if window.state == "closed":
        return CaseRuleError(
            _l("The %(days)s-day window for judicial confirmation closed on %(date)s."),
            days=setting("PORTAL_CONFIRMATION_WINDOW_DAYS"), date=window.closes_on,
        )
    return None


def check_confirmation(confirmation, case):
    _raise(confirmation_refusal(case))
    window = confirmation_window(case.agreement)
    applied = _date(confirmation.applied_on, not_before=case.agreement.signed_on,
                    not_before_what=_l("the date the agreement took effect"))
    if applied > window.closes_on:
        raise CaseRuleError(
            _l("The application must be made within %(days)s days of the agreement, by %(date)s."),
            days=setting("PORTAL_CONFIRMATION_WINDOW_DAYS"), date=window.closes_on,
        )
    if confirmation.outcome == ConfirmationOutcome.PENDING:
        if confirmation.decided_on is not None:
            raise CaseRuleError(_l("Choose the court's decision, or leave its date empty while the application is pending."))
    else:
        if confirmation.decided_on is None:
            raise CaseRuleError(_l("Give the date of the court's decision."))
        _date(confirmation.decided_on, not_before=applied, not_before_what=_l("the application"))
    _not_after_archiving(confirmation.decided_on or applied, case)


# --- the archive dossier --------------------------------------------------------------------------

@dataclass
class DossierItem:
    kind: DocumentKind
    required: bool
    count: int              # scans
    generated: int = 0      # papers the portal makes from its own records that count as present

    @property
    def label(self):
        return self.kind.label

    @property
    def present(self):
        return self.count + self.generated

    @property
    def missing(self):
        return self.required and self.present == 0


def _was_mediated(case):
    return case.status == S.SETTLED or any(e.to_status == S.IN_MEDIATION for e in case.events) or any(
        s.kind == MeetingKind.MEDIATION for s in case.sessions
    )


def required_documents(case):
    """The documents DOMAIN.md marks required, as far as they apply to how the case went."""
    required = {DocumentKind.APPLICATION, DocumentKind.IDENTITY, DocumentKind.BACK_COVER}
    if case.accepted_on is not None:
        required.add(DocumentKind.RIGHTS_NOTICE)
    if _was_mediated(case):
        required.add(DocumentKind.MEDIATION_RECORD)
    if case.agreement is not None and case.agreement.kind == AgreementKind.WRITTEN:
        required.add(DocumentKind.AGREEMENT)
    if case.confirmation is not None and case.confirmation.outcome != ConfirmationOutcome.WITHDRAWN:
        required.add(DocumentKind.JUDICIAL_CONFIRMATION)
    return required


def dossier_checklist(case):
    """Each kind of paper: required or not, scans, and papers the portal makes that count (all
    but the kinds that must carry signatures, PORTAL_DOSSIER_SIGNED_KINDS: those need a scan)."""
    from portal.services.documents.catalog import generated_kinds

    counts = {}
    for attachment in case.attachments:
        counts[attachment.kind] = counts.get(attachment.kind, 0) + 1
    required = required_documents(case)
    signed = set(setting("PORTAL_DOSSIER_SIGNED_KINDS"))
    generated = generated_kinds(case)
    return [
        DossierItem(kind, kind in required, counts.get(kind.value, 0),
                    0 if kind.value in signed else generated.get(kind, 0))
        for kind in DocumentKind if kind != DocumentKind.OTHER
    ]


def missing_documents(case):
    return [item.label for item in dossier_checklist(case) if item.missing]
