"""The admin screens' JavaScript in a real browser: AJAX lookups, inline rows and date pickers
work, and speak the reader's language."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Committee
from tests.fixtures.browser import sign_in

pytestmark = pytest.mark.browser


def choose_in_select2(page, container, text):
    """Open a select2 lookup, type, and pick the first match."""
    container.locator(".select2-choice, .select2-choices").first.click()
    search = page.locator(".select2-drop-active input.select2-input")
    search.fill(text)
    result = page.locator(".select2-drop-active .select2-results li.select2-result-selectable").first
    result.wait_for()
    result.click()


def test_committee_with_a_member_added_inline_through_ajax_lookup(browser_page, two_streets, make_mediator, make_user, in_app):
    page = browser_page
    east = two_streets["east"]
    make_mediator(east.id, name="欧阳丽", sex="female")
    sign_in(page, make_user(role="staff", street_id=east.id).username)
    page.goto("/admin/committees/new/")
    page.fill("input[name=name]", "春秀社区人民调解委员会")
    page.fill("input[name=short_name]", "春")
    page.locator("select[name=level]").select_option("community", force=True)

    page.click("#memberships-button")  # "添加 调委会任职"
    row = page.locator(".inline-field").first
    choose_in_select2(page, row.locator("[id$='-mediator']").locator("xpath=.."), "欧阳")
    row.locator("select[name$='-post']").select_option("director", force=True)

    # The date field of a row added on the page takes typing, and offers the calendar in Chinese.
    term = row.locator("input[name$='-term_start']")
    assert row.locator(".portal-date-button").first.get_attribute("aria-label") == "从日历中选择"
    term.fill("2026/1/1")
    page.click("input[name=name]")  # leaving the field tidies what was typed
    assert term.input_value() == "2026-01-01"

    page.click("input[type=submit][value='保存']")
    page.wait_for_load_state()
    assert "创建记录成功" in page.inner_text("body")
    members = in_app(lambda: [(m.mediator.name, m.post) for m in db.session.scalar(
        select(Committee).where(Committee.name == "春秀社区人民调解委员会")).memberships])
    assert members == [("欧阳丽", "director")]


def test_lookups_say_when_nothing_matches_in_the_readers_language(browser_page, two_streets, make_user):
    page = browser_page
    sign_in(page, make_user(role="admin").username)
    page.goto("/locale/zh_Hant_TW?next=/admin/cases/new/")
    page.locator("#committee").locator("xpath=..").locator(".select2-choice").click()
    page.locator(".select2-drop-active input.select2-input").fill("不存在的委員會")
    message = page.locator(".select2-drop-active .select2-no-results")
    message.wait_for()
    assert message.inner_text() == "沒有找到匹配項"
