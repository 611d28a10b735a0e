"""The room week and a training session's page cost the same number of queries for a few rows
as for many (no query per booking or per attendee)."""
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from portal.extensions import db
from portal.models import (
    Case, CaseSource, CommitteeMembership, DisputeType, Facility, MediationSession, Mediator, RoomBooking,
    TrainingAttendance, TrainingKind, TrainingSession,
)
from tests.test_list_queries import counted_queries

MONDAY = datetime(2026, 11, 30)


def add_bookings(app, room_id, committee_id, office_id, n, start):
    """``n`` each of training sessions and mediation sessions in the room, and ``n`` bookings by hand,
    one hour apart from hour ``start`` of the week."""
    with app.app_context():
        room = db.session.get(Facility, room_id)
        kind = db.session.scalar(select(TrainingKind))
        neighbour = db.session.scalar(select(DisputeType).where(DisputeType.code == "neighbour"))
        source = db.session.scalar(select(CaseSource))
        for i in range(start, start + n):
            at = MONDAY + timedelta(hours=3 * i)
            session = TrainingSession(title=f"培训{i}", kind=kind, organiser_office_id=office_id, facility=room,
                                      starts_at=at, ends_at=at + timedelta(hours=1), hours=1)
            case = Case(title=f"纠纷{i}", committee_id=committee_id, dispute_type=neighbour, source=source,
                        received_on=MONDAY.date())
            meeting = MediationSession(case=case, starts_at=at + timedelta(hours=1), ends_at=at + timedelta(hours=2))
            db.session.add_all([
                RoomBooking(facility=room, starts_at=session.starts_at, ends_at=session.ends_at, purpose=session.title,
                            training_session=session),
                RoomBooking(facility=room, starts_at=meeting.starts_at, ends_at=meeting.ends_at, purpose="调解",
                            mediation_session=meeting),
                RoomBooking(facility=room, starts_at=at + timedelta(hours=2), ends_at=at + timedelta(hours=3),
                            purpose=f"座谈会{i}"),
            ])
        db.session.commit()


def add_attendees(app, session_id, street_id, committee_id, n, start):
    """``n`` mediators on the session's roster. The rows go in without audit entries: the page's
    history (at most 50 entries, admin_views.base) has lookups of its own per entry; this
    counts what the roster costs."""
    with app.app_context():
        mediators = [Mediator(name=f"学员{i}", sex="male", street_id=street_id) for i in range(start, start + n)]
        for mediator in mediators:
            mediator.memberships.append(CommitteeMembership(committee_id=committee_id, post="mediator"))
        db.session.add_all(mediators)
        db.session.flush()
        db.session.execute(insert(TrainingAttendance), [
            {"session_id": session_id, "mediator_id": m.id, "hours_credited": Decimal("3"), "status": "present"}
            for m in mediators
        ])
        db.session.commit()


def same_queries_for_few_and_many(app, client, url, add_few, add_many):
    add_few()
    client.get(url)  # warm caches (lookups, user)
    with counted_queries(app) as few:
        assert client.get(url).status_code == 200
    add_many()
    with counted_queries(app) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) == len(few), f"{url}: {len(few)} queries for a few rows, {len(many)} for many"
    return response


@pytest.mark.parametrize("page", ["week", "list"])
def test_room_booking_queries_do_not_grow_with_bookings(client, app, login_as, two_streets, make_facility, page):
    room = make_facility(office_id=two_streets["east_office"].id, name="东华调解室")
    login_as("staff", street_id=two_streets["east"].id)
    ids = (room.id, two_streets["east_committee"].id, two_streets["east_office"].id)
    url = {"week": f"/admin/room_bookings/week/?room={room.id}&week={MONDAY.date().isoformat()}",
           "list": "/admin/room_bookings/"}[page]
    response = same_queries_for_few_and_many(
        app, client, url, lambda: add_bookings(app, *ids, n=2, start=0), lambda: add_bookings(app, *ids, n=14, start=2),
    )
    html = response.get_data(as_text=True)
    # The latest of many is on the page, each linked to its session.
    assert "培训15" in html and "座谈会15" in html
    assert "/admin/training_sessions/details/" in html and "/admin/mediation_sessions/details/" in html


def test_session_details_queries_do_not_grow_with_attendees(client, app, login_as, two_streets, make_training):
    session = make_training(office_id=two_streets["east_office"].id)
    login_as("staff", street_id=two_streets["east"].id)
    ids = (session.id, two_streets["east"].id, two_streets["east_committee"].id)
    url = f"/admin/training_sessions/details/?id={session.id}"
    response = same_queries_for_few_and_many(
        app, client, url, lambda: add_attendees(app, *ids, n=3, start=0), lambda: add_attendees(app, *ids, n=40, start=3),
    )
    assert "学员42" in response.get_data(as_text=True)
