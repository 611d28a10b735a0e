"""A case's timeline: everything that happened to it, in order, from every kind of record.

Each kind of record contributes its events through a *source*: a function taking the case and
yielding :class:`TimelineEvent`. The case page shows them merged by date. A new kind of record
(a judge's review of an agreement, a partner body's feedback on a transfer…) adds its events
with the decorator, in its own module, which the app imports at start::

    from portal.services.timeline import TimelineEvent, timeline_source

    @timeline_source
    def reviews(case):
        for review in case.reviews:
            yield TimelineEvent(on=review.reviewed_on, kind="review", title=_l("Reviewed by the judge"),
                                record=review, recorded_at=review.created_at, recorded_by=review.created_by)

Sources only read what the case has loaded; they never query per event.
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.models.case_records import (
    AgreementKind, CaseEvent, ConfirmationOutcome, DocumentKind, FollowUpMethod, MeetingKind, Performance,
    Transition,
)
from portal.models.cases import CaseStatus
from portal.services import privacy

_SOURCES = []


def _local_date(value):
    """A date put into a translated sentence, formatted for the reader when the sentence is shown."""
    from portal.i18n import local_date

    return LazyString(local_date, value)


@dataclass
class TimelineEvent:
    on: date                      # the day it happened (or is due)
    kind: str                     # what sort of event: "step", "meeting", "agreement"… (for styling and tests)
    title: object                 # what happened, translated (a lazy string or text)
    note: str = ""                # details, in the words that were recorded
    at: datetime | None = None    # the time of day, where it has one (meetings)
    record: object = None         # the record to open for more (the page links it when the user may)
    recorded_at: datetime | None = None
    recorded_by: object = None    # the User who recorded it, when known
    planned: bool = False         # due, not done yet (a follow-up visit)
    order: int = 0                # among events of one day recorded at one moment: the order they go in

    @property
    def sort_key(self):
        # By day; within a day in the order things were recorded (accepted, met, settled…).
        return (self.planned, self.on, self.recorded_at or datetime.max, self.order)


def timeline_source(fn):
    """Register ``fn(case) -> iterable of TimelineEvent`` as a source of every case's timeline."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def case_timeline(case):
    """Every event of ``case`` from every source, oldest first (planned ones last among equals)."""
    events = [event for source in _SOURCES for event in source(case) if event.on is not None]
    return sorted(events, key=lambda e: e.sort_key)


# --- the case's own records -------------------------------------------------------------------

@timeline_source
def registration(case):
    yield TimelineEvent(
        on=case.received_on, kind="registered", order=0,
        title=_l("Registered with %(committee)s", committee=str(case.origin_committee or case.committee)),
        recorded_at=case.created_at, recorded_by=case.created_by,
    )


def _step_title(event: CaseEvent):
    title = _l("%(step)s: %(before)s → %(after)s", step=Transition.label_of(event.transition),
               before=CaseStatus.label_of(event.from_status), after=CaseStatus.label_of(event.to_status))
    if event.to_committee is not None:
        return _l("%(step)s (%(from)s → %(to)s)", step=title, **{"from": str(event.from_committee), "to": str(event.to_committee)})
    if event.transition == Transition.TRANSFER and event.case.transferred_to is not None:
        return _l("%(step)s (to %(body)s)", step=title, body=str(event.case.transferred_to))
    return title


@timeline_source
def steps(case):
    for index, event in enumerate(case.events, start=1):
        yield TimelineEvent(
            on=event.occurred_on, kind="step", title=_step_title(event), note=event.note, order=10 + index,
            recorded_at=event.created_at, recorded_by=event.created_by,
        )


@timeline_source
def meetings(case):
    for meeting in case.sessions:
        # A meeting at a party's home names the place only to readers of personal data.
        place = privacy.record_place(meeting, "place") or "—"
        title = _l("%(kind)s at %(place)s", kind=MeetingKind.label_of(meeting.kind), place=place)
        yield TimelineEvent(
            on=meeting.starts_at.date(), at=meeting.starts_at, kind="meeting", title=title,
            note=meeting.outcome or "", record=meeting, order=5,
            recorded_at=meeting.created_at, recorded_by=meeting.created_by,
        )


@timeline_source
def agreement(case):
    signed = case.agreement
    if signed is None:
        return
    if signed.kind == AgreementKind.WRITTEN:
        title = _l("Written agreement took effect")
    else:
        title = _l("Oral agreement recorded")
    note = ""
    if signed.performance_deadline is not None:
        note = _l("To be performed by %(date)s.", date=_local_date(signed.performance_deadline))
    yield TimelineEvent(on=signed.signed_on, kind="agreement", title=title, note=note, record=signed, order=50,
                        recorded_at=signed.created_at, recorded_by=signed.created_by)


@timeline_source
def judicial_confirmation(case):
    confirmation = case.confirmation
    if confirmation is None:
        return
    yield TimelineEvent(
        on=confirmation.applied_on, kind="confirmation_applied", record=confirmation, order=60,
        title=_l("Judicial confirmation applied for at %(court)s", court=str(confirmation.court)),
        recorded_at=confirmation.created_at, recorded_by=confirmation.created_by,
    )
    if confirmation.decided_on is not None and confirmation.outcome != ConfirmationOutcome.PENDING:
        yield TimelineEvent(
            on=confirmation.decided_on, kind="confirmation_decided", record=confirmation, order=61,
            title=_l("The court decided: %(outcome)s", outcome=ConfirmationOutcome.label_of(confirmation.outcome)),
            note=confirmation.notes, recorded_at=confirmation.updated_at, recorded_by=confirmation.updated_by,
        )


@timeline_source
def follow_ups(case):
    for visit in case.follow_ups:
        if visit.done_on is not None:
            yield TimelineEvent(
                on=visit.done_on, kind="follow_up", record=visit, order=70,
                title=_l("Follow-up visit (%(method)s): %(performed)s", method=FollowUpMethod.label_of(visit.method),
                         performed=Performance.label_of(visit.performed)),
                note=visit.measures, recorded_at=visit.updated_at, recorded_by=visit.updated_by,
            )
        else:
            yield TimelineEvent(on=visit.due_on, kind="follow_up_due", record=visit, planned=True, order=70,
                                title=_l("Follow-up visit due"))


@timeline_source
def documents(case):
    # The kind only: a scan's title and file name often name a party (the page lists them for
    # those who may read them).
    for document in case.attachments:
        yield TimelineEvent(
            on=document.created_at.date(), at=document.created_at, kind="document", order=80,
            title=_l("Document added: %(kind)s", kind=DocumentKind.label_of(document.kind)),
            recorded_at=document.created_at, recorded_by=document.created_by,
        )
