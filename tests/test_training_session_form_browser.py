"""The session form in a real browser: the court and presiding judge are asked for only when the
kind is a court hearing observation, and the form still works without JavaScript."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingSession
from tests.fixtures.browser import DESKTOP, sign_in

pytestmark = pytest.mark.browser

HEARING, PERIODIC = "旁听观摩庭审", "定期培训"


def pick(page, field, label, search=None):
    """Choose ``label`` in the select2 box of ``field``, typing ``search`` first when it looks up."""
    page.click(f"#s2id_{field} .select2-choice")
    if search:
        page.keyboard.type(search)
    page.locator("#select2-drop .select2-result-label", has_text=label).click()  # the open drop-down


def court_and_judge_shown(page):
    return page.is_visible("label[for=court]"), page.is_visible("#judge_name")


def test_court_and_judge_follow_the_kind(app, live_server, browser_page, make_user, make_court):
    make_court()
    page, base = browser_page, live_server
    sign_in(page, make_user(role="trainer").username)
    page.goto(f"{base}/admin/training_sessions/new/")
    assert court_and_judge_shown(page) == (False, False)

    pick(page, "kind", HEARING)
    assert court_and_judge_shown(page) == (True, True)
    pick(page, "court", "东城区人民法院", search="东城")
    page.fill("#judge_name", "陈法官")

    # Another kind hides them and drops what was entered (the server would refuse it).
    pick(page, "kind", PERIODIC)
    assert court_and_judge_shown(page) == (False, False)
    pick(page, "kind", HEARING)
    assert page.input_value("#judge_name") == "" and page.input_value("#court") == ""

    pick(page, "court", "东城区人民法院", search="东城")
    page.fill("#judge_name", "陈法官")
    page.fill("#title", "旁听庭审：物业合同纠纷")
    for field, value in (("#starts_at", "2026-12-03 09:00:00"), ("#ends_at", "2026-12-03 12:00:00")):
        page.fill(field, value)
        page.press(field, "End")  # a key press: the date picker reads what was typed
        page.click("#title")  # clicking elsewhere closes the date picker, as a person would
    page.fill("#hours", "3")
    page.fill("#location_text", "东城区人民法院第三法庭")
    with page.expect_navigation():
        page.click("input[type=submit][value='保存']")
    assert "/admin/training_sessions/attendance/" in page.url
    assert page.script_errors == []

    with app.app_context():
        session = db.session.scalar(select(TrainingSession))
        saved = (session.id, session.kind.code, session.court.name, session.judge_name)
        db.session.remove()
    assert saved[1:] == ("hearing_observation", "东城区人民法院", "陈法官")
    # Editing it shows them again, filled in.
    page.goto(f"{base}/admin/training_sessions/edit/?id={saved[0]}")
    assert court_and_judge_shown(page) == (True, True) and page.input_value("#judge_name") == "陈法官"


def test_without_javascript_court_and_judge_stay_in_view(live_server, chromium, make_user):
    context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, make_user(role="trainer").username)
        page.goto(f"{live_server}/admin/training_sessions/new/")
        assert court_and_judge_shown(page) == (True, True)
    finally:
        context.close()
