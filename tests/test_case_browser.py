"""The case page in a real browser: a step's small form opens from its button in the header (a
dialog over the page) and works, and the printed agreement drops the screen-only toolbar."""
import pytest

from tests.fixtures.browser import sign_in

pytestmark = pytest.mark.browser


def test_accept_and_settle_from_the_case_page_then_print(browser_page, network, case_in, make_user, load_case):
    page = browser_page
    user = make_user(role="staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    sign_in(page, user.username)
    page.goto(f"/admin/cases/details/?id={case.id}")

    accept = page.locator(".case-actions a", has_text="受理").first
    assert not page.locator("#case-dialog").is_visible()  # no form until a step is chosen
    accept.click()
    accept_form = page.locator("#case-dialog form[action*='/transition/accept/']")
    accept_form.wait_for()
    with page.expect_navigation():
        accept_form.locator("button[type=submit]").click()
    assert "已受理" in page.inner_text(".case-status")
    number = load_case(case.id).number
    assert number and number in page.inner_text("h1")

    for label, step in (("开始调解", "start_mediation"), ("调解成功", "settle")):
        page.locator(".case-actions a", has_text=label).first.click()
        form = page.locator(f"#case-dialog form[action*='/transition/{step}/']")
        form.wait_for()
        if step == "settle":
            form.locator("select[name=kind]").select_option("written")
            form.locator("textarea[name=terms]").fill("李四赔偿张三一千元。")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
    assert "调解成功" in page.inner_text(".case-status")

    page.goto(f"/admin/cases/agreement/print/?id={case.id}")
    assert page.locator(".toolbar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    assert "李四赔偿张三一千元。" in page.inner_text(".sheet")
