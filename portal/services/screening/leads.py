"""A lead's life: reported (with a response deadline from its risk level), its level raised or
lowered, and one ending: resolved on the spot, turned into a case, handed to a partner body, or
closed as no longer a risk. Each of these writes a ``LeadEvent``; a lead is never deleted.

Missing a deadline writes an event too: :func:`record_missed_deadlines` runs from the CLI
(``flask portal screening-deadlines``, e.g. every few minutes from cron) and whenever the lists,
the board or a dashboard panel is opened, so the record never depends on the job alone.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, or_, select, update

from portal import timeutil
from portal.extensions import db
from portal.models.base import related
from portal.models import (
    Case, CaseParty, CaseSource, CaseStatus, Committee, CommitteeLevel, Lead, LeadEvent, LeadEventKind, LeadStatus,
    RiskLevel,
)
from portal.services.screening import ScreeningRuleError

# The tier a lead of each level is dealt with at (DOMAIN.md): red is reported to the district at
# once, orange is handled by the street the same day, yellow by the grid or the community. A lead
# turned into a case starts at that tier.
LEVEL_TIERS = {
    RiskLevel.RED: (CommitteeLevel.DISTRICT,),
    RiskLevel.ORANGE: (CommitteeLevel.STREET,),
    RiskLevel.YELLOW: (CommitteeLevel.COMMUNITY, CommitteeLevel.GRID),
}

ENDING_EVENTS = {
    LeadStatus.RESOLVED: LeadEventKind.RESOLVED,
    LeadStatus.CONVERTED: LeadEventKind.CONVERTED,
    LeadStatus.HANDED_OVER: LeadEventKind.HANDED_OVER,
    LeadStatus.CLOSED: LeadEventKind.CLOSED,
}

# Case sources (standard reference data) for a case made from a lead.
REPORTED_SOURCE = "grid_report"   # a grid reporter reported it
SCREENED_SOURCE = "initiative"    # found by the office's or committee's own screening

MAX_DESCRIPTION = 2000


# --- deadlines -------------------------------------------------------------------------------------

def response_hours(level):
    hours = current_app.config["PORTAL_LEAD_RESPONSE_HOURS"]
    return int(hours[RiskLevel(level).value])


def deadline_for(level, start):
    return start + timedelta(hours=response_hours(level))


def is_overdue(lead, now=None):
    return lead.status == LeadStatus.OPEN and lead.due_at is not None and lead.due_at < (now or timeutil.now())


def overdue_clause(now=None):
    """SQL condition: open leads past their deadline."""
    return (Lead.status == LeadStatus.OPEN) & (Lead.due_at < (now or timeutil.now()))


def time_left(lead, now=None):
    """The timedelta to the lead's deadline (negative once past), or None for a lead that ended."""
    if lead.status != LeadStatus.OPEN or lead.due_at is None:
        return None
    return lead.due_at - (now or timeutil.now())


def check_deadline(due_at, now=None):
    """A deadline someone sets must lie ahead."""
    if due_at is not None and due_at <= (now or timeutil.now()):
        raise ScreeningRuleError(_l("The response deadline %(deadline)s has already passed: give a later one."),
                                 deadline=due_at)


# --- reporting ---------------------------------------------------------------------------------------

def check_lead(lead, *, now=None):
    """What every lead must satisfy, however it is entered."""
    with db.session.no_autoflush:  # a lead still being filled in must not be flushed by a lookup
        _check_lead(lead, now or timeutil.now())


def _check_lead(lead, now):
    if lead.found_on is not None and lead.found_on > now.date():
        raise ScreeningRuleError(_l("The date %(date)s is in the future."), date=lead.found_on)
    if lead.people_involved is not None and lead.people_involved < 1:
        raise ScreeningRuleError(_l("At least one person is involved."))
    if not (lead.description or "").strip():
        raise ScreeningRuleError(_l("Say briefly what was found."))
    grid = related(lead, "grid")
    round_ = related(lead, "round")
    if round_ is not None and grid is not None and round_.street_id != related(grid, "community").street_id:
        raise ScreeningRuleError(
            _l("%(grid)s is not in %(street)s, the street of the screening round."),
            grid=grid.name, street=related(round_, "street").name,
        )
    if round_ is not None and round_.found_none:
        raise ScreeningRuleError(_l("That screening round is recorded as having found nothing."))
    reporter = related(lead, "reporter")
    if reporter is not None and grid is not None and grid not in reporter.grids:
        raise ScreeningRuleError(_l("%(grid)s is not one of %(reporter)s's grids."), grid=grid.name, reporter=reporter.name)


def report(lead, *, now=None, note=""):
    """A new lead enters the portal: its deadline runs from now (unless someone gave a later one)."""
    now = now or timeutil.now()
    check_lead(lead, now=now)
    lead.status = LeadStatus.OPEN
    lead.reported_at = lead.reported_at or now
    if lead.due_at is None:
        lead.due_at = deadline_for(lead.level, lead.reported_at)
    else:
        check_deadline(lead.due_at, now)
    db.session.add(lead)
    return _event(lead, LeadEventKind.REPORTED, lead.reported_at, to_level=lead.level, note=note)


def _event(lead, kind, at, *, from_level=None, to_level=None, note=""):
    event = LeadEvent(lead=lead, kind=kind, occurred_at=at, from_level=from_level, to_level=to_level,
                      note=(note or "").strip())
    db.session.add(event)
    db.session.flush()
    return event


def _check_open(lead):
    if lead.status != LeadStatus.OPEN:
        raise ScreeningRuleError(_l("This lead has ended (%(status)s): nothing more can be done with it."),
                                 status=LeadStatus.label_of(lead.status))


# --- the level -----------------------------------------------------------------------------------------

def change_level(lead, level, *, note, now=None):
    """Raise or lower the risk level, saying why. A raised level brings the deadline forward to what
    the new level allows from now; a lowered one never shortens it."""
    _check_open(lead)
    level = RiskLevel(level)
    old = RiskLevel(lead.level)
    if level == old:
        raise ScreeningRuleError(_l("The lead is already at this level."))
    note = (note or "").strip()
    if not note:
        raise ScreeningRuleError(_l("Say why the level changes."))
    now = now or timeutil.now()
    if level.rank > old.rank:
        lead.due_at = min(lead.due_at, deadline_for(level, now))
        kind = LeadEventKind.LEVEL_RAISED
    else:
        lead.due_at = max(lead.due_at, deadline_for(level, lead.reported_at))
        kind = LeadEventKind.LEVEL_LOWERED
    lead.level = level
    return _event(lead, kind, now, from_level=old, to_level=level, note=note)


# --- endings -------------------------------------------------------------------------------------------

def _end(lead, status, note, now, **fields):
    _check_open(lead)
    for name, value in fields.items():
        setattr(lead, name, value)
    lead.status = status
    lead.closed_at = now
    lead.outcome_note = note
    return _event(lead, ENDING_EVENTS[status], now, note=note)


def _required_note(note, message):
    note = (note or "").strip()
    if not note:
        raise ScreeningRuleError(message)
    return note


def resolve(lead, *, note, now=None):
    """Resolved on the spot (就地化解): say how."""
    note = _required_note(note, _l("Say how it was resolved."))
    return _end(lead, LeadStatus.RESOLVED, note, now or timeutil.now())


def close(lead, *, note, now=None):
    """Closed as no longer a risk: say why."""
    note = _required_note(note, _l("Say why it is no longer a risk."))
    return _end(lead, LeadStatus.CLOSED, note, now or timeutil.now())


def hand_over(lead, *, partner, note="", now=None):
    """Handed to a partner body (police, petition office, labour inspection…)."""
    if partner is None:
        raise ScreeningRuleError(_l("Choose the body it is handed to."))
    return _end(lead, LeadStatus.HANDED_OVER, (note or "").strip(), now or timeutil.now(), handed_to=partner)


def receiving_committees(lead):
    """The committees that may take the lead as a case: those at its level's tier (the lead's own
    community or grid for yellow, its street for orange, the district for red), the usual one first."""
    tiers = LEVEL_TIERS[RiskLevel(lead.level)]
    query = select(Committee).where(Committee.level.in_(tiers))
    if CommitteeLevel.DISTRICT not in tiers:
        query = query.where(Committee.street_id == lead.street_id)
    if CommitteeLevel.COMMUNITY in tiers:
        query = query.where(or_(Committee.community_id == lead.community_id, Committee.grid_id == lead.grid_id))
        query = query.where(or_(Committee.level != CommitteeLevel.GRID, Committee.grid_id == lead.grid_id))
    order = [Committee.level != tiers[0], Committee.parent_id.isnot(None), Committee.id]
    return db.session.scalars(query.order_by(*order)).all()


def no_committee_refusal(lead):
    """Why the lead cannot be turned into a case for want of a committee, or None."""
    if receiving_committees(lead):
        return None
    tier = LEVEL_TIERS[RiskLevel(lead.level)][0]
    return ScreeningRuleError(_l("There is no committee at the %(tier)s to take this lead as a case."),
                              tier=CommitteeLevel.label_of(tier))


def case_title(lead):
    """The register's usual title: 张三与李四邻里纠纷, or the community's when no parties are known."""
    from portal.services.applications import case_title as party_title

    applicant = next((p.name for p in lead.parties if p.role == "applicant"), None)
    respondent = next((p.name for p in lead.parties if p.role == "respondent"), None)
    if applicant and respondent:
        return party_title(applicant, respondent, lead.dispute_type)
    kind = lead.dispute_type.name
    suffix = "" if kind.endswith(("纠纷", "争议", "事故")) else "纠纷"
    who = applicant or respondent or lead.community.name
    return f"{who}{kind}{suffix}"[:200]


def convert_to_case(lead, *, committee, now=None):
    """Turn the lead into a registered case of ``committee`` (one at the lead's tier): the parties
    and facts are copied, the two are linked, and the lead ends. Flushes; the caller commits."""
    _check_open(lead)
    if committee is None or committee.id not in {c.id for c in receiving_committees(lead)}:
        raise ScreeningRuleError(_l("Choose one of the committees offered for this lead's level."))
    code = REPORTED_SOURCE if lead.reporter_id is not None else SCREENED_SOURCE
    source = db.session.scalar(select(CaseSource).where(CaseSource.code == code))
    if source is None:
        raise ScreeningRuleError(_l("The case source “%(code)s” is missing from the reference data."), code=code)
    now = now or timeutil.now()
    case = Case(
        title=case_title(lead), dispute_type=lead.dispute_type, source=source, committee=committee,
        community=lead.community, received_on=now.date(), facts=lead.description,
        status=CaseStatus.REGISTERED,
    )
    case.parties = [
        CaseParty(role=p.role, kind=p.kind, name=p.name, sex=p.sex, id_number=p.id_number, phone=p.phone,
                  address=p.address or "")
        for p in lead.parties
    ]
    db.session.add(case)
    db.session.flush()
    return case, _end(lead, LeadStatus.CONVERTED, "", now, case=case)


def lock(lead_id):
    """The lead, read afresh and locked until the transaction ends (PostgreSQL; SQLite serialises
    writers instead): a second person acting on it at the same moment waits, then sees what the
    first one did."""
    return db.session.execute(
        select(Lead).where(Lead.id == lead_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()


# --- missed deadlines ------------------------------------------------------------------------------

def record_missed_deadlines(now=None):
    """Write one "deadline missed" event for each open lead whose current deadline has passed and
    is not yet recorded; returns how many. Safe to run at once from several places: the claiming
    UPDATE lets one of them record each deadline."""
    now = now or timeutil.now()
    table = Lead.__table__
    claimed = db.session.execute(
        update(table)
        .where(table.c.status == LeadStatus.OPEN, table.c.due_at < now,
               or_(table.c.deadline_missed_at.is_(None), table.c.deadline_missed_at != table.c.due_at))
        .values(deadline_missed_at=table.c.due_at)
        .returning(table.c.id, table.c.due_at, table.c.level)
    ).all()
    if claimed:
        # Written by nobody in particular (the clock), so not stamped with whoever opened a page.
        db.session.execute(insert(LeadEvent.__table__), [
            {"lead_id": lead_id, "kind": LeadEventKind.DEADLINE_MISSED.value, "occurred_at": due,
             "to_level": level, "note": "", "created_at": now, "updated_at": now, "version": 1}
            for lead_id, due, level in claimed
        ])
    return len(claimed)


def sweep():
    """Record missed deadlines and commit, for pages that show deadlines (a failure never stops them)."""
    try:
        count = record_missed_deadlines()
        db.session.commit()
        return count
    except Exception:  # noqa: BLE001 - a busy database must not break reading a list
        db.session.rollback()
        current_app.logger.warning("missed-deadline sweep failed", exc_info=True)
        return 0
