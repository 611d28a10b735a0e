"""Date-time fields in Chromium: typing, pasting and picking all work, in all three languages, and
the picker starts from the district's clock, not the browser's.

The walkthrough typed into a booking's start and got "0002-01-01 00:00:00026-12-02 09:00:00";
a paste was reset when leaving the field; the picker offered the browser's time of day.
"""
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import RoomBooking
from tests.fixtures.browser import DESKTOP, sign_in

pytestmark = pytest.mark.browser

DISTRICT_NOW = datetime(2026, 11, 23, 22, 30)  # the server's clock; the browser runs on UTC


@pytest.fixture
def booking_page(chromium, live_server, make_user, two_streets, make_facility, clock):
    clock(DISTRICT_NOW)
    make_facility(office_id=two_streets["east_office"].id, name="东华第一调解室")
    user = make_user(role="admin")

    def open_page(locale):
        context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=DESKTOP, timezone_id="UTC")
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.script_errors = errors
        sign_in(page, user.username)
        page.goto(f"/locale/{locale}?next=/admin/room_bookings/new/")
        return context, page

    return open_page


def field(page, name):
    return page.input_value(f"#{name}")


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW", "en"])
def test_typing_pasting_and_picking(app, booking_page, locale):
    context, page = booking_page(locale)
    try:
        # Typing: every key is kept as typed; leaving the field tidies it into the form's format.
        page.click("#starts_at")
        page.keyboard.type("2026/12/2 9:00", delay=20)
        assert field(page, "starts_at") == "2026/12/2 9:00"
        page.click("#purpose")
        assert field(page, "starts_at") == "2026-12-02 09:00:00"

        # Pasting, then leaving the field: both fields keep what they hold.
        page.click("#ends_at")
        page.keyboard.insert_text("2026-12-02 11:30:00")
        page.click("#purpose")
        assert (field(page, "starts_at"), field(page, "ends_at")) == ("2026-12-02 09:00:00", "2026-12-02 11:30:00")

        # Picking: the browser's picker starts from the district's now (22:30 there, 14:30 in UTC)…
        page.fill("#starts_at", "")
        page.click("#starts_at ~ .input-group-append .portal-date-button")
        native = page.locator("#starts_at ~ .input-group-append .portal-date-native")
        assert native.input_value() == "2026-11-23T22:30"
        page.keyboard.press("Escape")
        # …and what is picked lands in the field.
        native.fill("2026-12-03T14:00", force=True)
        assert field(page, "starts_at") == "2026-12-03 14:00:00"
        page.fill("#ends_at", "2026-12-03 16:00")
        page.click("#purpose")

        page.click("#s2id_facility .select2-choice")
        page.keyboard.type("东华")
        page.locator("#select2-drop .select2-result-label", has_text="东华第一调解室").click()
        page.fill("#purpose", "人民调解员座谈会")
        with page.expect_navigation():
            page.click("input[type=submit].btn-primary")
        assert page.script_errors == []
    finally:
        context.close()
    with app.app_context():
        booking = db.session.scalar(select(RoomBooking))
        assert (booking.starts_at, booking.ends_at) == (datetime(2026, 12, 3, 14), datetime(2026, 12, 3, 16))
        db.session.remove()


def test_text_that_is_no_date_is_kept_and_marked(booking_page):
    context, page = booking_page("zh_Hans_CN")
    try:
        page.fill("#starts_at", "下周三")
        page.click("#purpose")
        assert field(page, "starts_at") == "下周三"  # left for the server to explain, not wiped
        assert page.get_attribute("#starts_at", "aria-invalid") == "true"
    finally:
        context.close()
