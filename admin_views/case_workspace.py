"""The case page as a workspace: a header that stays in view, the lifecycle as a stepper, the
case's sections as tabs (each addressable by URL and loading only what it shows), what needs
doing beside them, and the change history on demand.

``?id=..&tab=parties`` opens a tab; ``tab=all`` stacks every section under a table of contents
(the page without JavaScript reads the same way, a tab per link). With the script
(static/case_workspace.js) a tab link swaps only the tab's panel (``partial=1``) and keeps the
browser's history.

The rules stay in portal.services.cases; this module decides what each tab reads and in which
few queries (``load_options``): a tab costs the same number of queries whatever the case holds.
"""
from dataclasses import dataclass
from datetime import date

from flask import request, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from admin_views.access import can_see, visible_urls
from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseParty, CaseStatus, MediationSession, Transition
from portal.models.audit import AuditEntry
from portal.services import audit
from portal.services import cases as lifecycle
from portal.services.access import sees_personal_data
from portal.services.audit import model_for_table
from portal.services.history import describe_entries
from portal.services.timeline import case_timeline

S = CaseStatus


@dataclass(frozen=True)
class Tab:
    key: str
    label: object
    heading_id: str


TABS = (
    Tab("overview", _l("Overview"), "tab-overview"),
    Tab("parties", _l("Parties"), "tab-parties"),
    Tab("records", _l("Mediation and investigation records"), "tab-records"),
    Tab("agreement", _l("Agreement and judicial confirmation"), "tab-agreement"),
    Tab("follow_ups", _l("Follow-up visits"), "tab-follow-ups"),
    Tab("documents", _l("Documents and dossier"), "tab-documents"),
    Tab("history", _l("History"), "tab-history"),
)
TAB_KEYS = tuple(tab.key for tab in TABS)
ALL = "all"
HISTORY_PAGE_SIZE = 20
# The case's own fields on the overview (the header shows number, title, status, committee, due date).
OVERVIEW_FIELDS = frozenset({
    "dispute_type", "source", "start_level", "settled_level", "community", "origin_committee", "received_on",
    "accepted_on", "concluded_on", "amount", "facts", "refusal_reason", "referred_to", "failure_routes",
    "transferred_to", "archived_on", "retention",
})


def current_tab():
    """The tab asked for in the query string; anything unknown opens the overview."""
    tab = request.args.get("tab", "")
    return tab if tab in TAB_KEYS or tab == ALL else TAB_KEYS[0]


def shown_tabs(tab):
    return TAB_KEYS if tab == ALL else (tab,)


def page_url(case_id, tab=None, **args):
    """The case page on ``tab`` (the overview when None)."""
    if tab and tab != TAB_KEYS[0]:
        args["tab"] = tab
    return url_for("cases.details_view", id=case_id, **args)


def return_url_for(case_id):
    """Where a form opened from the page (a step, a meeting, an upload) comes back to: its tab."""
    tab = request.args.get("tab") or request.form.get("tab")
    return page_url(case_id, tab if tab in TAB_KEYS or tab == ALL else None)


# --- reading the case in few queries ---------------------------------------------------------------

def load_options(tab):
    """Loader options for the case row of the page on ``tab``: the one-to-one and many-to-one
    records every tab's header and panel need are joined to the case's own query; the mediators
    too (a handful of rows). Collections a tab lists come in one query each (selectin)."""
    options = [
        joinedload(Case.committee), joinedload(Case.dispute_type), joinedload(Case.source),
        joinedload(Case.street), joinedload(Case.community), joinedload(Case.agreement),
        joinedload(Case.confirmation), joinedload(Case.mediators),
        # Transfer letters count in the dossier (0 or 1 a case): joined rather than a query of their own.
        joinedload(Case.referrals),
    ]
    tabs = shown_tabs(tab)
    if "parties" in tabs:
        options.append(selectinload(Case.parties).joinedload(CaseParty.ethnicity))
    if "records" in tabs:
        # Who was present at each meeting: a few rows each, joined to the meetings' own query.
        options.append(selectinload(Case.sessions).options(
            joinedload(MediationSession.mediators), joinedload(MediationSession.parties),
        ))
    return options


# --- the header, the stepper and what needs doing --------------------------------------------------

@dataclass
class Stage:
    label: object
    on: date | None
    state: str  # "done", "current" or "todo"
    outcome: bool = False


# Cases someone is still working on (registered ones are about to be).
WORKED_ON = lifecycle.OPEN_STATUSES | {S.REGISTERED}
OUTCOMES = (S.SETTLED, S.FAILED, S.ESCALATED, S.TRANSFERRED, S.WITHDRAWN, S.REFUSED)


def _events_in_order(case):
    return sorted(case.events, key=lambda e: (e.occurred_on or date.min, e.id or 0))


def _reached_on(case):
    """{status: the day the case last reached it}, from its recorded steps."""
    reached = {S.REGISTERED: case.received_on}
    for event in _events_in_order(case):
        reached[event.to_status] = event.occurred_on
    return reached


def _outcome(case):
    """How the case ended (or was handed up): its status now, or for an archived case the last
    outcome before archiving; None while it is worked on."""
    if case.status in OUTCOMES:
        return case.status
    if case.status == S.ARCHIVED:
        return next((e.to_status for e in reversed(_events_in_order(case)) if e.to_status in OUTCOMES), None)
    return None


STAGES = (S.REGISTERED, S.ACCEPTED, S.IN_MEDIATION, "outcome", S.ARCHIVED)


def stepper(case):
    """registered → accepted → in mediation → outcome → archived, each with the day reached.
    A stage passed without being reached (a refused case was never mediated) is "skipped"."""
    reached = _reached_on(case)
    outcome = _outcome(case)
    current = "outcome" if case.status in OUTCOMES else case.status
    stages, passed = [], True
    for key in STAGES:
        if key == "outcome":
            label, on = (CaseStatus.label_of(outcome), reached.get(outcome)) if outcome else (_l("Outcome"), None)
        else:
            label, on = CaseStatus.label_of(key), reached.get(key)
        if key == current:
            state, passed = "current", False
        elif passed:
            state = "done" if on else "skipped"
        else:
            state = "todo"
        stages.append(Stage(label, on if state in ("done", "current") else None, state, key == "outcome"))
    return stages


def header(view, case, editable, tab):
    """What the header shows on every tab: due date, the steps offered now (as links to their
    forms), and the ways to edit and print."""
    steps = []
    if editable:
        back = tab if tab != TAB_KEYS[0] else None
        for transition in lifecycle.allowed_transitions(case):
            args = {"step": transition.value, "id": case.id}
            if back:
                args["tab"] = back
            steps.append({"transition": transition, "url": url_for("cases.transition_view", **args),
                          "primary": transition in PRIMARY_STEPS})
    return {
        "overdue": lifecycle.is_overdue(case),
        "days_left": lifecycle.days_left(case),
        "steps": steps,
    }


# The step a case usually takes next, shown first and filled; the others are outlined.
PRIMARY_STEPS = frozenset({Transition.ACCEPT, Transition.START, Transition.SETTLE, Transition.ARCHIVE})


@dataclass
class Need:
    text: str
    action: str | None = None
    url: str | None = None
    urgent: bool = False
    dialog: bool = False


def needs(case, editable, may_add_records):
    """What is missing for the case's next step, each with the action that fixes it."""
    found = []
    today = timeutil.today()
    steps = lifecycle.allowed_transitions(case) if editable else []
    step_url = lambda t, tab: url_for("cases.transition_view", step=t.value, id=case.id, tab=tab)  # noqa: E731
    if case.status in WORKED_ON and not case.mediators:
        found.append(Need(gettext("No mediator is assigned yet."),
                          gettext("Assign mediators") if editable else None,
                          page_url(case.id) + "#case-mediators" if editable else None))
    if lifecycle.is_overdue(case, today):
        found.append(Need(gettext("The case is past its time limit (due by %(date)s).",
                                  date=_date_text(case.due_on)), urgent=True))
    elif case.due_on and case.status in lifecycle.OPEN_STATUSES:
        left = lifecycle.days_left(case, today)
        if left is not None and left <= lifecycle.setting("PORTAL_CASE_DUE_SOON_DAYS"):
            found.append(Need(ngettext("%(num)d day left to conclude the case.",
                                       "%(num)d days left to conclude the case.", left), urgent=True))
    if case.status == S.REGISTERED and Transition.ACCEPT in steps:
        found.append(Need(gettext("Decide whether to accept the application."), gettext("Accept"),
                          step_url(Transition.ACCEPT, None), dialog=True))
    if case.status in (S.ACCEPTED, S.ESCALATED) and Transition.START in steps:
        found.append(Need(gettext("Mediation has not started yet."), gettext("Start mediation"),
                          step_url(Transition.START, None), dialog=True))
    if case.status == S.IN_MEDIATION and may_add_records and lifecycle.meeting_refusal(case) is None:
        found.append(Need(gettext("Keep a record of each mediation or investigation meeting."),
                          gettext("Add a mediation or investigation record"),
                          url_for("mediation_sessions.create_view", case_id=case.id,
                                  url=page_url(case.id, "records")), dialog=True))
    if case.agreement is not None and case.status in (S.SETTLED, S.ARCHIVED):
        found.extend(_agreement_needs(case, editable, may_add_records, today))
    if Transition.ARCHIVE in steps:
        missing = lifecycle.missing_documents(case)
        if missing:
            found.append(Need(
                gettext("Documents still needed to archive: %(documents)s.",
                        documents=lifecycle.join_labels(missing)),
                gettext("Upload scanned documents"), page_url(case.id, "documents") + "#case-upload"))
        elif all(f.done_on is not None for f in case.follow_ups):
            found.append(Need(gettext("The dossier is complete: the case can be archived."), gettext("Archive"),
                              step_url(Transition.ARCHIVE, None), dialog=True))
    return found


def _agreement_needs(case, editable, may_add_records, today):
    found = []
    for follow_up in case.follow_ups:
        if follow_up.done_on is None:
            late = follow_up.due_on < today
            text = (gettext("The follow-up visit was due on %(date)s.", date=_date_text(follow_up.due_on)) if late
                    else gettext("Follow-up visit due on %(date)s.", date=_date_text(follow_up.due_on)))
            found.append(Need(text, gettext("Record findings") if editable else None,
                              url_for("follow_ups.edit_view", id=follow_up.id, url=page_url(case.id, "follow_ups"))
                              if editable else None, urgent=late, dialog=True))
    if case.confirmation is None and lifecycle.confirmation_refusal(case) is None:
        window = lifecycle.confirmation_window(case.agreement, today)
        if window.state != "closed" and case.status == S.SETTLED:
            found.append(Need(
                ngettext("The parties may apply for judicial confirmation until %(date)s (%(num)d day left).",
                         "The parties may apply for judicial confirmation until %(date)s (%(num)d days left).",
                         window.days_left, date=_date_text(window.closes_on)),
                gettext("Record an application for judicial confirmation") if may_add_records else None,
                url_for("judicial_confirmations.create_view", case_id=case.id, url=page_url(case.id, "agreement"))
                if may_add_records else None,
                urgent=window.state == "closing", dialog=True))
    return found


def _date_text(day):
    from portal.i18n import format_value

    return format_value(day)


# --- the change history ----------------------------------------------------------------------------

def history_page(case):
    """One page of the case's change history, newest first, optionally of one kind of record.

    ``hkind`` (a table name among those the case's history holds) filters; ``hpage`` pages."""
    query = audit.history_query(case)
    kinds = _history_kinds(case)
    kind = request.args.get("hkind", "")
    if kind in kinds:
        query = query.where(AuditEntry.entity == kind)
    else:
        kind = ""
    try:
        page = max(1, min(int(request.args.get("hpage", "1")), 10_000))
    except ValueError:
        page = 1
    rows = db.session.scalars(query.offset((page - 1) * HISTORY_PAGE_SIZE).limit(HISTORY_PAGE_SIZE + 1)).all()
    more = len(rows) > HISTORY_PAGE_SIZE
    entries = describe_entries(rows[:HISTORY_PAGE_SIZE], current_user, can_see=can_see)
    return {
        "entries": entries, "page": page, "kind": kind, "kinds": kinds,
        "newer_url": _history_url(case, page - 1, kind) if page > 1 else None,
        "older_url": _history_url(case, page + 1, kind) if more else None,
    }


def _history_url(case, page, kind):
    args = {"hpage": page} if page > 1 else {}
    if kind:
        args["hkind"] = kind
    return page_url(case.id, "history", **args) + "#history"


def _history_kinds(case):
    """[(table, label)] of the kinds of record the case's history holds (one grouped query)."""
    subquery = audit.history_query(case).order_by(None).subquery()
    tables = db.session.scalars(select(subquery.c.entity).group_by(subquery.c.entity)).all()
    kinds = {}
    for table in tables:
        model = model_for_table(table)
        kinds[table] = str(getattr(model, "__label__", table)) if model is not None else table
    return dict(sorted(kinds.items(), key=lambda item: (item[0] != Case.__tablename__, item[1])))


# --- the page ---------------------------------------------------------------------------------------

def context(view, case, editable, may_add_records):
    """Everything the workspace template needs for the tab asked for, and no more."""
    tab = current_tab()
    tabs = shown_tabs(tab)
    ctx = {
        "tab": tab, "tabs": TABS, "shown_tabs": tabs, "all_tab": ALL,
        "tab_urls": {t.key: page_url(case.id, t.key) for t in TABS},
        "all_url": page_url(case.id, ALL),
        "print_url": url_for("cases.summary_print_view", id=case.id),
        "partial": request.args.get("partial") == "1",
        "head": header(view, case, editable, tab),
        "stages": stepper(case),
        "needs": needs(case, editable, may_add_records),
        "return_here": page_url(case.id, tab),
        "sees_personal": sees_personal_data(current_user),
    }
    if "overview" in tabs:
        ctx["overview_fields"] = OVERVIEW_FIELDS
        ctx["last_event"] = max(case.events, key=lambda e: (e.occurred_on, e.id), default=None)
    if "history" in tabs:
        ctx["timeline"] = case_timeline(case)
        ctx["timeline_links"] = visible_urls([e.record for e in ctx["timeline"] if e.record is not None])
        ctx["history_page"] = history_page(case)
    return ctx



# --- the one-page summary --------------------------------------------------------------------------

def summary(case):
    """What the A4 summary prints besides the case's own fields: the stepper, what needs doing,
    and the timeline's events (steps, meetings, agreement, visits) without the planned ones."""
    events = [event for event in case_timeline(case) if not event.planned]
    return {
        "stages": stepper(case),
        "events": events,
        "needs": needs(case, False, False),
        "sees_personal": sees_personal_data(current_user),
        "printed_on": timeutil.today(),
    }
