"""Mediation and investigation records: who was there, and the room booked without clashes."""
from datetime import timedelta

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, MediationSession, RoomBooking
from tests.helpers import assert_redirect, get_form, page_errors, text_of

FMT = "%Y-%m-%d %H:%M:%S"


def slot(days=1, hour=9, hours=2):
    start = (timeutil.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0)
    return start.strftime(FMT), (start + timedelta(hours=hours)).strftime(FMT)


def open_case(login_as, network, case_in, case_page):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    return case, page


def meeting_form(client, case_id, **fields):
    form = get_form(client, f"/admin/mediation_sessions/new/?case_id={case_id}")
    return form.fill(kind="mediation", recorder="孙书记员", summary="调解情况", **fields)


def bookings(in_app):
    return in_app(lambda: [(b.facility_id, b.starts_at, b.ends_at, b.mediation_session_id)
                           for b in db.session.scalars(select(RoomBooking).order_by(RoomBooking.id))])


def test_a_meeting_books_its_room_and_a_clash_is_refused(client, login_as, network, case_in, case_page, in_app):
    case, page = open_case(login_as, network, case_in, case_page)
    other = case_in(network["community_committee"])
    other_page = case_page(other.id)
    assert_redirect(other_page.step("accept"))

    starts, ends = slot(hour=9)
    assert_redirect(meeting_form(client, case.id, starts_at=starts, ends_at=ends, facility=network["room"].id).submit(client))
    session_id = in_app(lambda: db.session.scalar(select(MediationSession.id)))
    assert bookings(in_app) == [(network["room"].id, *[timeutil.datetime.strptime(v, FMT) for v in (starts, ends)], session_id)]

    # The same room an hour later overlaps: refused with a clear message, input kept.
    clash_start, clash_end = slot(hour=10)
    form = meeting_form(client, other.id, starts_at=clash_start, ends_at=clash_end, facility=network["room"].id,
                        invited_helpers="社区民警赵某")
    response = form.submit(client)
    assert response.status_code == 200
    assert any("东华第一调解室" in e and "已被预订" in e for e in page_errors(response)), page_errors(response)
    assert "社区民警赵某" in text_of(response)
    assert in_app(lambda: db.session.query(MediationSession).count()) == 1 and len(bookings(in_app)) == 1

    # Moving the first meeting to the afternoon moves its booking; the morning is free again.
    edit = get_form(client, f"/admin/mediation_sessions/edit/?id={session_id}")
    afternoon = slot(hour=14)
    edit.fill(starts_at=afternoon[0], ends_at=afternoon[1])
    assert_redirect(edit.submit(client))
    assert_redirect(form.submit(client))
    assert len(bookings(in_app)) == 2

    # Deleting a meeting frees its room (and the booking's deletion is in the history).
    delete = get_form(client, f"/admin/mediation_sessions/details/?id={session_id}", match="/delete/")
    assert delete.submit(client).status_code == 302
    assert len(bookings(in_app)) == 1
    assert "删除" in page.html().split('id="history-heading"')[1]  # the case history shows the deletion


def test_meeting_needs_a_place_an_order_in_time_and_the_case_parties(client, login_as, network, case_in, case_page, in_app, make_case):
    case, _page = open_case(login_as, network, case_in, case_page)
    starts, ends = slot()
    response = meeting_form(client, case.id, starts_at=starts, ends_at=ends).submit(client)
    assert response.status_code == 200 and any("地点" in e for e in page_errors(response)), page_errors(response)

    response = meeting_form(client, case.id, starts_at=ends, ends_at=starts, location_text="现场").submit(client)
    assert response.status_code == 200 and page_errors(response)

    stranger = make_case(network["community_committee"].id)
    stranger_party = in_app(lambda: db.session.get(Case, stranger.id).parties[0].id)
    response = meeting_form(client, case.id, starts_at=starts, ends_at=ends, location_text="现场",
                            parties=[stranger_party]).submit(client)
    assert response.status_code == 200 and page_errors(response)

    # Another street's room is neither offered nor accepted.
    form = meeting_form(client, case.id, starts_at=starts, ends_at=ends)
    assert str(network["other_room"].id) not in text_of(client.get(f"/admin/mediation_sessions/new/?case_id={case.id}")).split('name="facility"')[1].split("</select>")[0]
    response = form.fill(facility=network["other_room"].id).submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert in_app(lambda: db.session.query(MediationSession).count()) == 0

    # An investigation on site, with the parties of this case.
    parties = in_app(lambda: [p.id for p in db.session.get(Case, case.id).parties])
    form = meeting_form(client, case.id, starts_at=starts, ends_at=ends, location_text="和平里1号楼", parties=parties,
                        mediators=[network["mediator"].id])
    form.fill(kind="investigation")
    assert_redirect(form.submit(client))
    saved = in_app(lambda: [(s.kind, s.location_text, len(s.parties), [m.name for m in s.mediators])
                            for s in db.session.scalars(select(MediationSession))])
    assert saved == [("investigation", "和平里1号楼", 2, ["王调解"])]


def test_meetings_wait_for_acceptance(client, login_as, network, case_in):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    response = client.get(f"/admin/mediation_sessions/new/?case_id={case.id}", follow_redirects=True)
    assert any("已受理" in e for e in page_errors(response)), page_errors(response)
