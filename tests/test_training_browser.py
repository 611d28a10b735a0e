"""Fast attendance in a real browser: pick a committee, add everyone, find the few by initials."""
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingAttendance
from tests.fixtures.browser import sign_in
from tests.fixtures.training import this_year

pytestmark = pytest.mark.browser

NAMES = ["张三", "李四", "王五"] + [f"调解员{n:02d}" for n in range(57)]


@pytest.fixture
def sixty(two_streets, make_members, make_training, make_user):
    make_members(two_streets["east_committee"].id, two_streets["east"].id, NAMES)
    make_members(two_streets["west_committee"].id, two_streets["west"].id, ["赵六"])
    session = make_training(office_id=two_streets["east_office"].id, title="年度业务培训", kind_code="periodic",
                            starts_at=datetime(this_year(), 1, 2, 9), hours=Decimal("3"), location_text="会议室")
    trainer = make_user(role="trainer")
    return {**two_streets, "session": session, "trainer": trainer}


def test_sixty_people_in_a_browser(app, live_server, browser_page, sixty):
    page, base = browser_page, live_server
    sign_in(page, sixty["trainer"].username)
    page.goto(f"{base}/admin/training_sessions/attendance/?id={sixty['session'].id}")

    # Choosing the street reloads the page with that street's committees (and its people).
    with page.expect_navigation():
        page.select_option("#pick-street", label="东华街道")
    page.select_option("#pick-committee", label="东华街道人民调解委员会")
    with page.expect_navigation():
        page.click("#pick-form button[type=submit]")
    boxes = page.locator("input.pick")
    assert boxes.count() == 60

    # "Select all" unticks and ticks every candidate.
    page.uncheck("#pick-all")
    assert page.locator("input.pick:checked").count() == 0
    page.check("#pick-all")
    assert page.locator("input.pick:checked").count() == 60
    with page.expect_navigation():
        page.click("#add-button")
    assert page.locator("#roster tbody tr").count() == 60

    # Find 张三 by initials, mark absent: his hours drop to 0.
    page.fill("#roster-filter", "zs")
    visible = page.locator("#roster tbody tr:visible")
    assert visible.count() == 1 and "张三" in visible.inner_text()
    visible.locator("input[value=absent]").check()
    assert visible.locator("input.hours").input_value() == "0"
    # 李四 by full pinyin, late with 2 hours.
    page.fill("#roster-filter", "lisi")
    visible = page.locator("#roster tbody tr:visible")
    assert visible.count() == 1 and "李四" in visible.inner_text()
    visible.locator("input[value=late]").check()
    visible.locator("input.hours").fill("2")
    page.fill("#roster-filter", "")
    assert page.locator("#roster tbody tr:visible").count() == 60
    with page.expect_navigation():
        page.click("#save-roster")
    assert page.locator(".alert-success").count() >= 1

    with app.app_context():
        rows = db.session.scalars(select(TrainingAttendance).where(TrainingAttendance.session_id == sixty["session"].id)).all()
        saved = {a.mediator.name: (a.status, a.hours_credited) for a in rows}
        db.session.remove()
    assert len(saved) == 60
    assert saved["张三"] == ("absent", Decimal("0.0"))
    assert saved["李四"] == ("late", Decimal("2.0"))
    assert sum(1 for value in saved.values() if value == ("present", Decimal("3.0"))) == 58


def test_absent_then_present_restores_the_session_hours(app, live_server, browser_page, sixty, make_attendance):
    from portal.models import Mediator

    with app.app_context():
        zhang = db.session.scalar(select(Mediator.id).where(Mediator.name == "张三"))
        db.session.remove()
    make_attendance(sixty["session"].id, zhang)
    page, base = browser_page, live_server
    sign_in(page, sixty["trainer"].username)
    page.goto(f"{base}/admin/training_sessions/attendance/?id={sixty['session'].id}")
    row = page.locator("#roster tbody tr").first
    row.locator("input[value=absent]").check()
    assert row.locator("input.hours").input_value() == "0"
    row.locator("input[value=present]").check()
    assert row.locator("input.hours").input_value() == "3.0"
