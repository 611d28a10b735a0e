"""The case page in a real browser: a step's small form opens from its button and works, and
the printed agreement drops the screen-only toolbar."""
import pytest

from tests.fixtures.browser import sign_in

pytestmark = pytest.mark.browser


def test_accept_and_settle_from_the_case_page_then_print(browser_page, network, case_in, make_user, load_case):
    page = browser_page
    user = make_user(role="staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    sign_in(page, user.username)
    page.goto(f"/admin/cases/details/?id={case.id}")

    accept_form = page.locator("form[action*='/transition/accept/']")
    assert not accept_form.is_visible()  # folded away until its button is pressed
    page.click("summary:has-text('受理')")
    assert accept_form.is_visible()
    accept_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "已受理" in page.inner_text(".case-status")
    number = load_case(case.id).number
    assert number and number in page.inner_text("h1")

    page.click("summary:has-text('开始调解')")
    page.locator("form[action*='/transition/start_mediation/'] button[type=submit]").click()
    page.click("summary:has-text('调解成功')")
    settle = page.locator("form[action*='/transition/settle/']")
    settle.locator("select[name=kind]").select_option("written")
    settle.locator("textarea[name=terms]").fill("李四赔偿张三一千元。")
    settle.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "调解成功" in page.inner_text(".case-status")

    page.goto(f"/admin/cases/agreement/print/?id={case.id}")
    assert page.locator(".toolbar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    assert "李四赔偿张三一千元。" in page.inner_text(".sheet")
