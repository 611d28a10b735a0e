"""Training still to come counts for nothing yet: a planned roster, no hours until it is over.

The walkthrough found a session on 3 December counted as done on 29 November, in the compliance
report and on the mediator's record. The portal's clock is set to 29 November here.
"""
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingAttendance
from tests.helpers import form_from_html, get_form, page_errors, text_of

TODAY = datetime(2026, 11, 29, 10, 0)
SESSION_START = datetime(2026, 12, 3, 9, 0)


@pytest.fixture
def december(clock, two_streets, make_members, make_training, set_rule):
    clock(TODAY)
    set_rule(annual_full=Decimal("3"), annual_part=Decimal("3"), pre_service=Decimal("0"))
    members = dict((name, mediator_id) for mediator_id, name in
                   make_members(two_streets["east_committee"].id, two_streets["east"].id, ["张三", "李四"]))
    session = make_training(office_id=two_streets["east_office"].id, title="十二月业务培训", kind_code="periodic",
                            starts_at=SESSION_START, hours=Decimal("3"))
    return {**two_streets, "session": session, "ids": members}


def roster(in_app, session_id):
    return in_app(lambda: {a.mediator.name: (a.status, a.hours_credited) for a in db.session.scalars(
        select(TrainingAttendance).where(TrainingAttendance.session_id == session_id))})


def short_of_hours(client, street_id):
    return text_of(client.get(f"/admin/training_compliance/?year=2026&street={street_id}"))


def test_a_session_to_come_gets_a_planned_roster_and_no_hours(client, in_app, login_as, december, make_attendance, clock):
    world = december
    login_as("admin")
    url = f"/admin/training_sessions/attendance/?id={world['session'].id}"
    form = get_form(client, url + f"&committee={world['east_committee'].id}&street={world['east'].id}",
                    has_field=("action", "add"))
    client.get("/locale/zh_Hans_CN")
    response = form.submit(client, follow_redirects=True)
    assert roster(in_app, world["session"].id) == {"张三": ("planned", 0), "李四": ("planned", 0)}
    page = text_of(response)
    assert "培训尚未开始" in page and "status-" in page and "预计参加" in page
    assert 'value="present"' not in page  # nobody can be marked present yet

    # Neither "everyone present" nor a forged "present" row is taken before the start.
    token_form = form_from_html(text_of(client.get(url)), url, has_field="row")
    row = token_form.get("row")
    response = token_form.set(f"status-{row}", "present").set("action", "save").submit(client)
    assert "培训尚未开始" in " ".join(page_errors(response))
    response = token_form.set("action", "all_present").submit(client, follow_redirects=True)
    assert "培训尚未开始" in " ".join(page_errors(response))
    assert {status for status, _hours in roster(in_app, world["session"].id).values()} == {"planned"}

    # Once it has started, attendance is marked; the hours count once it has ended.
    clock(datetime(2026, 12, 3, 10, 0))
    form = form_from_html(text_of(client.get(url)), url, has_field="row")
    for name in ("row",):
        for row in [v for n, v in form.fields if n == name]:
            form.set(f"status-{row}", "present")
    assert form.set("action", "save").submit(client).status_code == 302
    assert roster(in_app, world["session"].id) == {"张三": ("present", 3), "李四": ("present", 3)}
    assert "张三" in short_of_hours(client, world["east"].id)  # under way: not done yet
    clock(datetime(2026, 12, 3, 12, 0))
    assert "张三" not in short_of_hours(client, world["east"].id)


def test_hours_of_a_session_to_come_do_not_count_even_if_marked(client, in_app, login_as, december, make_attendance):
    """Data entered before this rule (or loaded from elsewhere) with "present" on a future session."""
    world = december
    make_attendance(world["session"].id, world["ids"]["张三"], hours=Decimal("3"))
    login_as("admin")
    assert "张三" in short_of_hours(client, world["east"].id)
    record = text_of(client.get(f"/admin/mediators/details/?id={world['ids']['张三']}"))
    assert "2026 年学时：已完成 0，应完成 3。" in record


def test_a_session_with_attendance_cannot_move_into_the_future(client, login_as, december, make_training, make_attendance):
    world = december
    past = make_training(office_id=world["east_office"].id, title="十一月培训", kind_code="periodic",
                         starts_at=datetime(2026, 11, 20, 9), hours=Decimal("3"))
    make_attendance(past.id, world["ids"]["李四"], hours=Decimal("3"))
    login_as("admin")
    form = get_form(client, f"/admin/training_sessions/edit/?id={past.id}")
    form.fill(starts_at="2026-12-10 09:00:00", ends_at="2026-12-10 12:00:00")
    response = form.submit(client)
    assert response.status_code == 200
    assert any("尚未到来" in error for error in page_errors(response)), page_errors(response)
