"""In Chromium: the admin menu's language choice (a POST now) works and is kept on the account;
the account page works on a phone; nothing is blocked by the Content-Security-Policy."""
import pytest

from portal.extensions import db
from portal.models import User
from tests.fixtures.browser import PHONE, sign_in

pytestmark = pytest.mark.browser


def test_the_admin_language_menu_posts_and_keeps_the_choice(browser_page, make_user, in_app):
    page = browser_page
    user = make_user(role="viewer")
    sign_in(page, user.username)
    page.goto("/admin/")
    page.click("#locale-menu")
    page.click("button.dropdown-item[lang=en]")
    page.wait_for_load_state()
    assert "Dashboard" in page.inner_text("body")
    assert in_app(lambda: db.session.get(User, user.id).locale) == "en"
    assert page.script_errors == []


def test_the_account_page_on_a_phone(browser_page, make_user):
    page = browser_page
    page.set_viewport_size(PHONE)
    sign_in(page, make_user(role="trainer").username)
    page.goto("/admin/account/")
    page.fill("input[name=current]", "correct-horse-battery")
    page.fill("input[name=new]", "password")
    page.fill("input[name=confirm]", "password")
    page.click("section[aria-labelledby=password-heading] button[type=submit]")
    page.wait_for_load_state()
    assert "太容易被猜到" in page.inner_text("body")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
