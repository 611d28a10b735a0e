"""Logging a training session through the admin, as a trainer or an office does."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import RoomBooking, TrainingKind, TrainingSession
from tests.fixtures.records import lookup
from tests.helpers import assert_redirect, get_form, page_errors, text_of


def kind_id(in_app, code):
    return in_app(lambda: lookup(TrainingKind, code).id)


def session_form(client, in_app, **values):
    form = get_form(client, "/admin/training_sessions/new/")
    defaults = dict(
        title="新《民法典》婚姻家庭编培训", kind=kind_id(in_app, "new_law"), topic="婚姻家庭纠纷调解要点",
        trainer_name="王律师", starts_at="2026-12-03 09:00:00", ends_at="2026-12-03 12:00:00", hours="3",
    )
    defaults.update(values)
    return form.fill(**defaults)


def saved_session(title):
    return db.session.scalar(select(TrainingSession).where(TrainingSession.title == title))


def test_trainer_logs_a_court_hearing_observation_and_lands_on_attendance(client, in_app, login_as, make_court, two_streets):
    court = make_court()
    trainer = login_as("trainer")
    form = session_form(
        client, in_app, title="旁听庭审：物业合同纠纷", kind=kind_id(in_app, "hearing_observation"),
        location_text="东城区人民法院第三法庭", court=court.id, judge_name="陈法官",
        organiser_office=two_streets["east_office"].id,
    )
    response = assert_redirect(form.submit(client))
    assert "/admin/training_sessions/attendance/" in response.headers["Location"]

    def check():
        session = saved_session("旁听庭审：物业合同纠纷")
        return session.court.name, session.judge_name, [u.id for u in session.trainers], session.street_id

    assert in_app(check) == ("东城区人民法院", "陈法官", [trainer.id], two_streets["east"].id)
    listing = text_of(client.get("/admin/"))
    assert "旁听庭审：物业合同纠纷" in listing  # on the trainer's home, as an upcoming or recent session


@pytest.mark.parametrize("values,message", [
    ({"kind": "hearing_observation", "location_text": "法院"}, "court and the presiding judge"),
    ({"location_text": "法院", "judge_name": "陈法官"}, "only for court hearing observations"),
    ({"location_text": ""}, "Give the place"),
    ({"location_text": "会议室", "hours": "5"}, "cannot be more than the session lasts"),
    ({"location_text": "会议室", "ends_at": "2026-12-03 08:00:00"}, "later than"),
])
def test_bad_sessions_are_refused_with_a_clear_message(client, in_app, login_as, values, message):
    login_as("admin")
    client.get("/locale/en")
    if values.get("kind"):
        values = {**values, "kind": kind_id(in_app, values["kind"])}
    response = session_form(client, in_app, **values).submit(client)
    assert response.status_code == 200
    assert any(message in error for error in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(TrainingSession.id))) is None


def test_a_mediation_room_is_booked_moved_and_released_with_the_session(client, in_app, login_as, two_streets, make_facility):
    room = make_facility(office_id=two_streets["east_office"].id, name="东华第一调解室")
    login_as("staff", street_id=two_streets["east"].id)
    form = session_form(client, in_app, facility=room.id, organiser_office=two_streets["east_office"].id)
    assert_redirect(form.submit(client))
    session_id = in_app(lambda: saved_session("新《民法典》婚姻家庭编培训").id)

    def booking():
        found = db.session.scalars(select(RoomBooking).where(RoomBooking.training_session_id == session_id)).all()
        return [(b.facility_id, b.starts_at, b.ends_at, b.purpose) for b in found]

    assert in_app(booking) == [(room.id, datetime(2026, 12, 3, 9), datetime(2026, 12, 3, 12), "新《民法典》婚姻家庭编培训")]

    # Moving the session moves its booking.
    form = get_form(client, f"/admin/training_sessions/edit/?id={session_id}")
    assert_redirect(form.fill(starts_at="2026-12-04 14:00:00", ends_at="2026-12-04 17:00:00").submit(client))
    assert in_app(booking) == [(room.id, datetime(2026, 12, 4, 14), datetime(2026, 12, 4, 17), "新《民法典》婚姻家庭编培训")]

    # The details page says which room is held.
    assert "东华第一调解室" in text_of(client.get(f"/admin/training_sessions/details/?id={session_id}"))

    # Moving it somewhere that is not one of our rooms releases the room.
    form = get_form(client, f"/admin/training_sessions/edit/?id={session_id}")
    assert_redirect(form.fill(facility="", location_text="区司法局会议室").submit(client))
    assert in_app(booking) == []


def test_a_double_booking_is_refused_and_nothing_is_saved(client, in_app, login_as, two_streets, make_facility, make_booking):
    room = make_facility(office_id=two_streets["east_office"].id, name="东华第一调解室")
    make_booking(room.id, datetime(2026, 12, 3, 10), hours=2, purpose="物业纠纷协调会")
    login_as("admin")
    client.get("/locale/en")
    response = session_form(client, in_app, facility=room.id).submit(client)
    assert response.status_code == 200
    errors = " ".join(page_errors(response))
    assert "东华第一调解室 is already booked from" in errors and "物业纠纷协调会" in errors
    assert "Choose another time or room" in errors
    assert in_app(lambda: db.session.scalar(select(TrainingSession.id))) is None
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 1


def test_a_non_bookable_place_is_not_booked(client, in_app, login_as, two_streets, make_facility):
    office_room = make_facility(office_id=two_streets["east_office"].id, name="司法所会议室", kind_code="office")
    login_as("admin")
    assert_redirect(session_form(client, in_app, facility=office_room.id).submit(client))
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 0


def test_deleting_a_session_releases_its_room(client, in_app, login_as, two_streets, make_facility, make_training):
    room = make_facility(office_id=two_streets["east_office"].id)
    login_as("admin")
    assert_redirect(session_form(client, in_app, facility=room.id).submit(client))
    session_id = in_app(lambda: saved_session("新《民法典》婚姻家庭编培训").id)
    delete = get_form(client, "/admin/training_sessions/", match="/delete/")
    delete.set("id", session_id)
    assert_redirect(delete.submit(client))
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 0
    assert in_app(lambda: db.session.get(TrainingSession, session_id)) is None


def test_court_lookup_offers_only_courts(client, login_as, make_court):
    make_court(name="东城区人民法院")
    make_court(name="东华派出所", kind_code="police")
    login_as("trainer")
    found = client.get("/admin/training_sessions/ajax/lookup/?name=court&query=").get_json()
    assert [name for _id, name in found] == ["东城区人民法院"]


def test_trainer_home_lists_upcoming_and_recent_sessions(client, in_app, login_as, make_training, make_user):
    from portal import timeutil
    from portal.models import User

    trainer = login_as("trainer")
    other = make_user(role="trainer")
    now = timeutil.now()
    soon = make_training(title="下周的新法规培训", starts_at=now + timedelta(days=7))
    past = make_training(title="上月的案例研讨", kind_code="case_study", starts_at=now - timedelta(days=30))
    theirs = make_training(title="别人的培训", starts_at=now + timedelta(days=3))

    def assign(session_id, user_id):
        db.session.get(TrainingSession, session_id).trainers = [db.session.get(User, user_id)]
        db.session.commit()

    in_app(assign, soon.id, trainer.id)
    in_app(assign, past.id, trainer.id)
    in_app(assign, theirs.id, other.id)
    client.get("/locale/en")
    page = text_of(client.get("/admin/"))
    upcoming, recent = page.split("My upcoming sessions")[1].split("My recent sessions")
    assert "下周的新法规培训" in upcoming and "上月的案例研讨" not in upcoming
    assert "上月的案例研讨" in recent
    assert "别人的培训" not in page


def test_changing_the_session_hours_follows_on_the_roster(client, in_app, login_as, two_streets, make_training,
                                                          make_mediator, make_attendance):
    from decimal import Decimal

    from portal.models import TrainingAttendance

    session = make_training(title="半天培训", hours=Decimal("3"), location_text="会议室")
    full = make_attendance(session.id, make_mediator(two_streets["east"].id).id, hours=Decimal("3"))
    partial = make_attendance(session.id, make_mediator(two_streets["east"].id).id, hours=Decimal("1"), status="late")
    absent = make_attendance(session.id, make_mediator(two_streets["east"].id).id, hours=Decimal("0"), status="absent")
    login_as("admin")
    form = get_form(client, f"/admin/training_sessions/edit/?id={session.id}")
    assert_redirect(form.fill(hours="2").submit(client))

    def credited():
        return [db.session.get(TrainingAttendance, a.id).hours_credited for a in (full, partial, absent)]

    assert in_app(credited) == [Decimal("2.0"), Decimal("1.0"), Decimal("0.0")]
    form = get_form(client, f"/admin/training_sessions/edit/?id={session.id}")
    assert_redirect(form.fill(hours="0.5").submit(client))
    assert in_app(credited) == [Decimal("0.5"), Decimal("0.5"), Decimal("0.0")]


def test_bulk_delete_removes_sessions_and_releases_rooms(client, in_app, login_as, two_streets, make_facility):
    from tests.helpers import csrf_token

    room = make_facility(office_id=two_streets["east_office"].id)
    login_as("admin")
    for day in ("03", "04"):
        form = session_form(client, in_app, title=f"培训{day}", facility=room.id,
                            starts_at=f"2026-12-{day} 09:00:00", ends_at=f"2026-12-{day} 12:00:00")
        assert_redirect(form.submit(client))
    ids = in_app(lambda: list(db.session.scalars(select(TrainingSession.id))))
    assert len(ids) == 2 and in_app(lambda: db.session.query(RoomBooking).count()) == 2
    token = csrf_token(text_of(client.get("/admin/training_sessions/")))
    assert_redirect(client.post("/admin/training_sessions/action/",
                                data={"csrf_token": token, "action": "delete", "rowid": [str(i) for i in ids]}))
    assert in_app(lambda: db.session.query(TrainingSession).count()) == 0
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 0
