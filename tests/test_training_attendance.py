"""Fast attendance: a 60-person session in a few actions, and the report follows."""
import html
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AttendanceStatus, Mediator, TrainingAttendance
from tests.fixtures.training import this_year
from tests.helpers import assert_redirect, get_form, page_errors, text_of

NAMES = ["张三", "李四", "王五"] + [f"调解员{n:02d}" for n in range(57)]


@pytest.fixture
def big_session(two_streets, make_members, make_training, set_rule):
    """A 3-hour session this year and a committee of 60 in the east street; 3 people in the west."""
    set_rule(annual_full=Decimal("3"), annual_part=Decimal("3"), pre_service=Decimal("0"))
    east, west = two_streets["east"], two_streets["west"]
    members = make_members(two_streets["east_committee"].id, east.id, NAMES)
    others = make_members(two_streets["west_committee"].id, west.id, ["赵六", "钱七", "孙八"])
    session = make_training(
        office_id=two_streets["east_office"].id, title="年度业务培训", kind_code="periodic",
        starts_at=datetime(this_year(), 1, 2, 9), hours=Decimal("3"), location_text="东华司法所会议室",
    )
    by_name = {name: mediator_id for mediator_id, name in members + others}
    return {**two_streets, "session": session, "ids": by_name, "members": members}


def attendance_url(world, **args):
    query = "".join(f"&{key}={value}" for key, value in args.items())
    return f"/admin/training_sessions/attendance/?id={world['session'].id}{query}"


def roster(in_app, session_id):
    def read():
        rows = db.session.scalars(select(TrainingAttendance).where(TrainingAttendance.session_id == session_id))
        return {a.mediator.name: (a.status, a.hours_credited, a.score) for a in rows}

    return in_app(read)


def candidate_ids(html):
    import re

    return {int(i) for i in re.findall(r'name="mediator" value="(\d+)"', html)}


def test_sixty_people_in_three_actions_and_the_compliance_report_follows(client, in_app, login_as, big_session):
    world = big_session
    login_as("trainer")
    client.get("/locale/en")
    report = text_of(client.get(f"/admin/training_compliance/?year={this_year()}&street={world['east'].id}"))
    assert "Mediators who fall short (60)" in report

    posts = 0
    # 1. Pick the committee: everyone in it is offered, ticked.
    url = attendance_url(world, street=world["east"].id, committee=world["east_committee"].id)
    page = client.get(url)
    assert candidate_ids(text_of(page)) == set(world["ids"][n] for n in NAMES)
    # 2. Add them all as present.
    add = get_form(client, url, has_field=("action", "add"))
    assert_redirect(add.submit(client))
    posts += 1
    assert set(roster(in_app, world["session"].id).values()) == {("present", Decimal("3.0"), None)}
    # 3. Change the few: 张三 absent, 李四 late with 2 hours; save.
    form = get_form(client, attendance_url(world))
    zhang, li = world["ids"]["张三"], world["ids"]["李四"]
    rows = _rows_by_mediator(in_app, world["session"].id)
    form.set(f"status-{rows[zhang]}", "absent")
    form.set(f"status-{rows[li]}", "late").set(f"hours-{rows[li]}", "2")
    form.set("action", "save")
    assert_redirect(form.submit(client))
    posts += 1
    assert posts == 2

    saved = roster(in_app, world["session"].id)
    assert len(saved) == 60
    assert saved["张三"] == ("absent", Decimal("0.0"), None)
    assert saved["李四"] == ("late", Decimal("2.0"), None)
    assert sum(1 for status, hours, _ in saved.values() if (status, hours) == ("present", Decimal("3.0"))) == 58

    report = text_of(client.get(f"/admin/training_compliance/?year={this_year()}&street={world['east'].id}"))
    assert "Mediators who fall short (2)" in report
    assert "张三" in report and "李四" in report and "王五" not in report


def _rows_by_mediator(in_app, session_id):
    return in_app(lambda: {
        a.mediator_id: a.id
        for a in db.session.scalars(select(TrainingAttendance).where(TrainingAttendance.session_id == session_id))
    })


@pytest.mark.parametrize("term", ["zs", "ZS", "zhangsan", "张", "張三"])
def test_search_by_name_pinyin_or_initials(client, login_as, big_session, term):
    login_as("trainer")
    found = candidate_ids(text_of(client.get(attendance_url(big_session, q=term))))
    assert big_session["ids"]["张三"] in found
    assert big_session["ids"]["李四"] not in found


def test_pick_by_street_offers_only_that_street(client, login_as, big_session):
    login_as("trainer")
    found = candidate_ids(text_of(client.get(attendance_url(big_session, street=big_session["west"].id))))
    assert found == {big_session["ids"][n] for n in ("赵六", "钱七", "孙八")}


def test_staff_pick_and_add_only_their_own_street(client, in_app, login_as, big_session):
    world = big_session
    login_as("staff", street_id=world["east"].id)
    # Asking for the west street or searching a west name finds nobody.
    assert candidate_ids(text_of(client.get(attendance_url(world, street=world["west"].id, q="赵六")))) == set()
    assert candidate_ids(text_of(client.get(attendance_url(world, q="zl")))) == set()
    # Posting a west mediator's id by hand adds nobody.
    add = get_form(client, attendance_url(world, q="王五"), has_field=("action", "add"))
    add.set("mediator", [world["ids"]["王五"], world["ids"]["赵六"]])
    assert_redirect(add.submit(client))
    assert set(roster(in_app, world["session"].id)) == {"王五"}


def test_staff_cannot_open_another_street_session(client, login_as, big_session, make_training, two_streets):
    west_session = make_training(office_id=two_streets["west_office"].id, title="西城培训")
    login_as("staff", street_id=two_streets["east"].id)
    response = client.get(f"/admin/training_sessions/attendance/?id={west_session.id}")
    assert response.status_code == 302 and "西城培训" not in text_of(response)


def test_viewers_cannot_record_attendance(client, login_as, big_session):
    login_as("viewer")
    assert client.get(attendance_url(big_session)).status_code == 403


@pytest.fixture
def seated(big_session, make_attendance):
    """张三 and 李四 on the roster, present for 3 hours."""
    rows = {name: make_attendance(big_session["session"].id, big_session["ids"][name]).id for name in ("张三", "李四")}
    return {**big_session, "rows": rows}


@pytest.mark.parametrize("field,value,message", [
    ("hours", "-1", "Hours cannot be negative."),
    ("hours", "abc", "Hours and score must be numbers."),
    ("score", "150", "A score is between 0 and 100."),
    ("status", "asleep", "Choose present, late or absent."),
    ("hours", "4", "Hours credited cannot be more than the session's hours: 张三."),
])
def test_bad_rows_are_refused_and_nothing_changes(client, in_app, login_as, seated, field, value, message):
    login_as("trainer")
    client.get("/locale/en")
    row = seated["rows"]["张三"]
    form = get_form(client, attendance_url(seated))
    form.set(f"status-{seated['rows']['李四']}", "absent")
    form.set(f"{field}-{row}", value).set("action", "save")
    response = form.submit(client)
    assert response.status_code == 200
    assert message in html.unescape(" ".join(page_errors(response)))
    assert roster(in_app, seated["session"].id) == {
        "张三": ("present", Decimal("3.0"), None), "李四": ("present", Decimal("3.0"), None),
    }


def test_a_stale_roster_is_refused(client, in_app, login_as, seated):
    login_as("trainer")
    client.get("/locale/en")
    form = get_form(client, attendance_url(seated))

    def someone_else_marks_late():
        row = db.session.get(TrainingAttendance, seated["rows"]["张三"])
        row.status = AttendanceStatus.LATE
        db.session.commit()

    in_app(someone_else_marks_late)
    form.set(f"status-{seated['rows']['李四']}", "absent").set("action", "save")
    response = form.submit(client)
    assert "Someone else changed these rows while you were editing: 张三" in " ".join(page_errors(response))
    assert roster(in_app, seated["session"].id)["李四"] == ("present", Decimal("3.0"), None)


def test_remove_and_mark_everyone_present(client, in_app, login_as, seated):
    login_as("trainer")
    remove = get_form(client, attendance_url(seated), has_field=("action", "remove"))
    assert_redirect(remove.set("attendance", seated["rows"]["李四"]).submit(client))
    assert set(roster(in_app, seated["session"].id)) == {"张三"}

    form = get_form(client, attendance_url(seated))
    assert_redirect(form.set(f"status-{seated['rows']['张三']}", "absent").set("action", "save").submit(client))
    assert roster(in_app, seated["session"].id)["张三"][0] == "absent"
    everyone = get_form(client, attendance_url(seated), has_field=("action", "all_present"))
    assert_redirect(everyone.submit(client))
    assert roster(in_app, seated["session"].id)["张三"] == ("present", Decimal("3.0"), None)


def test_inactive_mediators_are_not_offered(client, in_app, login_as, big_session):
    def suspend():
        db.session.get(Mediator, big_session["ids"]["王五"]).status = "left"
        db.session.commit()

    in_app(suspend)
    login_as("trainer")
    found = candidate_ids(text_of(client.get(attendance_url(big_session, committee=big_session["east_committee"].id, street=big_session["east"].id))))
    assert big_session["ids"]["王五"] not in found and len(found) == 59
