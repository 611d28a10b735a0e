"""Room bookings: a week per room and per office, bookings by hand, double bookings refused."""
import html
import re
from datetime import date, datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import RoomBooking, TrainingSession
from portal.services import bookings
from tests.helpers import assert_redirect, get_form, page_errors, text_of

MONDAY = date(2026, 11, 30)


@pytest.fixture
def rooms(two_streets, make_facility, make_committee):
    community = make_committee(two_streets["east"].id, name="和平社区人民调解委员会", level="community")
    return {
        **two_streets,
        "east_room": make_facility(office_id=two_streets["east_office"].id, name="东华第一调解室"),
        "community_room": make_facility(committee_id=community.id, name="和平社区调解室"),
        "east_office_room": make_facility(office_id=two_streets["east_office"].id, name="所长办公室", kind_code="office"),
        "west_room": make_facility(office_id=two_streets["west_office"].id, name="西城调解室"),
    }


def cell(page, room_id, day):
    """The bookings shown for ``room_id`` on ``day`` (the week table has one column per day)."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><a href=\"/admin/facilities/details/\?id=(\d+)\">.*?</tr>", page, re.S)
    assert str(room_id) in rows, f"room {room_id} not shown"
    row = re.search(rf'details/\?id={room_id}">.*?</th>(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells[(day - MONDAY).days])).strip()


def test_week_per_office_and_per_room(client, login_as, rooms, make_booking):
    make_booking(rooms["east_room"].id, datetime(2026, 12, 2, 9), hours=3, purpose="物业纠纷协调会")
    make_booking(rooms["community_room"].id, datetime(2026, 12, 4, 14), hours=2, purpose="邻里调解")
    make_booking(rooms["east_room"].id, datetime(2026, 12, 9, 9), hours=2, purpose="下周的会")
    login_as("admin")
    client.get("/locale/en")

    page = text_of(client.get(f"/admin/room_bookings/week/?office={rooms['east_office'].id}&week=2026-12-02"))
    assert "Week of" in page
    assert cell(page, rooms["east_room"].id, date(2026, 12, 2)) == "09:00–12:00 Booking 物业纠纷协调会"
    assert cell(page, rooms["community_room"].id, date(2026, 12, 4)) == "14:00–16:00 Booking 邻里调解"
    assert "下周的会" not in page and "西城调解室" not in page and "所长办公室" not in page
    # The office's own rooms come first.
    assert page.index("东华第一调解室") < page.index("和平社区调解室")

    page = text_of(client.get(f"/admin/room_bookings/week/?room={rooms['east_room'].id}&week=2026-12-09"))
    assert "下周的会" in page and "和平社区调解室</a>" not in page


def test_bad_week_falls_back_to_this_week(client, login_as, rooms):
    login_as("admin")
    client.get("/locale/en")
    response = client.get("/admin/room_bookings/week/?week=2026-13-45")
    assert response.status_code == 200 and "That is not a date" in html.unescape(text_of(response))


def test_staff_see_their_own_rooms_only(client, login_as, rooms, make_booking):
    make_booking(rooms["west_room"].id, datetime(2026, 12, 2, 9), purpose="西城的会")
    login_as("staff", street_id=rooms["east"].id)
    page = text_of(client.get(f"/admin/room_bookings/week/?office={rooms['west_office'].id}&room={rooms['west_room'].id}&week=2026-12-02"))
    assert "西城" not in page
    assert "东华第一调解室" in page


def test_book_by_hand_and_double_booking_is_refused(client, in_app, login_as, rooms):
    login_as("staff", street_id=rooms["east"].id)
    client.get("/locale/en")
    form = get_form(client, "/admin/room_bookings/new/")
    form.fill(facility=rooms["east_room"].id, starts_at="2026-12-02 09:00:00", ends_at="2026-12-02 11:00:00",
              purpose="人民调解员座谈会")
    assert_redirect(form.submit(client))

    clash = get_form(client, "/admin/room_bookings/new/")
    clash.fill(facility=rooms["east_room"].id, starts_at="2026-12-02 10:30:00", ends_at="2026-12-02 12:00:00",
               purpose="另一个会")
    response = clash.submit(client)
    assert response.status_code == 200
    message = html.unescape(" ".join(page_errors(response)))
    assert "东华第一调解室 is already booked from" in message and "(Booking: 人民调解员座谈会)" in message
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 1

    # Back to back is fine.
    clash.fill(starts_at="2026-12-02 11:00:00")
    assert_redirect(clash.submit(client))
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 2


@pytest.mark.parametrize("locale,purpose", [
    ("zh_Hans_CN", "（预约：人民调解员座谈会）"), ("zh_Hant_TW", "（預約：人民调解员座谈会）"),
])
def test_the_clash_names_what_the_room_is_booked_for_in_chinese(client, login_as, rooms, make_booking, locale, purpose):
    make_booking(rooms["east_room"].id, datetime(2026, 12, 2, 9), purpose="人民调解员座谈会")
    login_as("staff", street_id=rooms["east"].id)
    client.get(f"/locale/{locale}")
    clash = get_form(client, "/admin/room_bookings/new/")
    clash.fill(facility=rooms["east_room"].id, starts_at="2026-12-02 10:00:00", ends_at="2026-12-02 12:00:00")
    message = html.unescape(" ".join(page_errors(clash.submit(client))))
    assert purpose in message  # a full-width colon in Chinese, as the sentence around it


def test_moving_a_booking_onto_another_is_refused(client, in_app, login_as, rooms, make_booking):
    make_booking(rooms["east_room"].id, datetime(2026, 12, 2, 9), hours=2, purpose="上午的会")
    later = make_booking(rooms["east_room"].id, datetime(2026, 12, 2, 14), hours=2, purpose="下午的会")
    login_as("admin")
    form = get_form(client, f"/admin/room_bookings/edit/?id={later.id}")
    response = form.fill(starts_at="2026-12-02 10:00:00", ends_at="2026-12-02 12:00:00").submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert in_app(lambda: db.session.get(RoomBooking, later.id).starts_at) == datetime(2026, 12, 2, 14)
    # Moving it within its own time is not a clash with itself.
    form = get_form(client, f"/admin/room_bookings/edit/?id={later.id}")
    assert_redirect(form.fill(ends_at="2026-12-02 17:00:00").submit(client))


def test_only_bookable_rooms_can_be_booked(client, in_app, login_as, rooms):
    login_as("admin")
    found = client.get("/admin/room_bookings/ajax/lookup/?name=facility&query=").get_json()
    assert {name for _id, name in found} == {"东华第一调解室", "和平社区调解室", "西城调解室"}
    form = get_form(client, "/admin/room_bookings/new/")
    form.fill(facility=rooms["east_office_room"].id, starts_at="2026-12-02 09:00:00", ends_at="2026-12-02 10:00:00")
    assert form.submit(client).status_code == 200
    assert in_app(lambda: db.session.query(RoomBooking).count()) == 0


@pytest.fixture
def session_in_west_room(app, rooms, make_training):
    """An east-street session held in the west street's room, booked through the booking rule."""
    session = make_training(office_id=rooms["east_office"].id, title="东华内部培训",
                            starts_at=datetime(2026, 12, 2, 9), location_text="")
    with app.app_context():
        obj = db.session.get(TrainingSession, session.id)
        obj.facility_id = rooms["west_room"].id
        db.session.flush()
        db.session.expire(obj, ["facility"])
        from portal.services.training import sync_room_booking

        booking = sync_room_booking(obj)
        db.session.commit()
        booking_id = booking.id
        db.session.remove()
    return {"session": session, "booking_id": booking_id}


def test_session_bookings_link_to_the_session_for_those_who_may_see_it(client, login_as, rooms, session_in_west_room):
    login_as("admin")
    client.get("/locale/en")
    page = text_of(client.get(f"/admin/room_bookings/week/?room={rooms['west_room'].id}&week=2026-12-02"))
    assert f'/admin/training_sessions/details/?id={session_in_west_room["session"].id}' in page
    assert "Training session" in page and "东华内部培训" in page


def test_what_a_booking_is_for_stays_hidden_from_those_who_may_not_see_it(client, login_as, rooms, session_in_west_room):
    login_as("staff", street_id=rooms["west"].id)
    client.get("/locale/en")
    page = text_of(client.get(f"/admin/room_bookings/week/?room={rooms['west_room'].id}&week=2026-12-02"))
    assert cell(page, rooms["west_room"].id, date(2026, 12, 2)) == "09:00–12:00 Training session"
    assert "东华内部培训" not in page
    listing = text_of(client.get("/admin/room_bookings/"))
    assert "Training session" in listing and "东华内部培训" not in listing
    export = client.get("/admin/room_bookings/export/csv/").get_data(as_text=True)
    assert "Training session" in export and "东华内部培训" not in export


def test_session_bookings_are_changed_only_from_the_session(client, in_app, login_as, rooms, session_in_west_room):
    login_as("admin")
    booking_id = session_in_west_room["booking_id"]
    form = get_form(client, f"/admin/room_bookings/edit/?id={booking_id}")
    response = form.fill(purpose="改掉").submit(client)
    assert response.status_code == 200 and page_errors(response)
    delete = get_form(client, "/admin/room_bookings/", match="/delete/")
    delete.set("id", booking_id).submit(client)
    assert in_app(lambda: db.session.get(RoomBooking, booking_id).purpose) == "东华内部培训"


def test_booking_service_refuses_overlap_directly(app, rooms):
    from portal.models import Facility

    with app.app_context():
        room = db.session.get(Facility, rooms["east_room"].id)
        bookings.book_room(room, datetime(2026, 12, 2, 9), datetime(2026, 12, 2, 10), purpose="a")
        with pytest.raises(bookings.BookingConflict):
            bookings.book_room(room, datetime(2026, 12, 2, 9, 30), datetime(2026, 12, 2, 9, 45), purpose="b")
        db.session.rollback()
        db.session.remove()


def test_week_starts_on_monday():
    from portal.services.facilities import week_days, week_start

    assert week_start(date(2026, 12, 6)) == MONDAY
    assert week_days(MONDAY)[-1] == MONDAY + timedelta(days=6)


def test_bookings_list_filters_by_street(client, login_as, rooms, make_booking):
    make_booking(rooms["east_room"].id, datetime(2026, 12, 2, 9), purpose="东的会")
    make_booking(rooms["west_room"].id, datetime(2026, 12, 2, 9), purpose="西的会")
    login_as("admin")
    listing = text_of(client.get(f"/admin/room_bookings/?flt0_0={rooms['west'].id}"))
    assert "西的会" in listing and "东的会" not in listing
