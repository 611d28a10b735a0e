"""The training and facilities screens speak each locale fully: no English left in Chinese pages,
dates and numbers in the locale's format."""
import html
import re
from datetime import datetime
from decimal import Decimal

import pytest

from tests.fixtures.training import this_year
from tests.helpers import text_of

# Words that are the same in every locale (file formats, the pinyin example).
ALLOWED = {"CSV", "XLSX", "PDF", "Word", "Excel", "PowerPoint", "JPEG", "PNG", "zs"}
# The signed-in test account's name, shown in the user menu.
ACCOUNTS = {"admin", "trainer"}


def visible_words(page):
    body = page.split("<body", 1)[1].split("</nav>", 1)[1]  # the page, after the shared top bar
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<div[^>]*class="d-none"[^>]*>.*?</div>', " ", body, flags=re.S)  # data for scripts
    body = re.sub(r'(placeholder|aria-label|title)="([^"]*)"', r"> \2 <", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return {w for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED - ACCOUNTS


@pytest.fixture
def pages(two_streets, make_members, make_training, make_attendance, make_facility, make_equipment, make_funds,
          make_booking, make_court, make_user):
    east = two_streets["east"]
    members = make_members(two_streets["east_committee"].id, east.id, ["张三", "李四"], joined_on=datetime(this_year(), 1, 1).date())
    room = make_facility(office_id=two_streets["east_office"].id, name="东华调解室")
    make_equipment(room.id, "computer", quantity=2)
    make_funds(two_streets["east_office"].id, this_year(), amount=Decimal("12345.5"))
    session = make_training(office_id=two_streets["east_office"].id, title="年度培训", hours=Decimal("2.5"),
                            starts_at=datetime(2026, 12, 3, 9), location_text="会议室")
    make_attendance(session.id, members[0][0], hours=Decimal("2.5"))
    make_booking(room.id, datetime(2026, 12, 2, 9), purpose="协调会")
    mediator_id = members[0][0]
    return [
        f"/admin/training_sessions/attendance/?id={session.id}&q=zs",
        f"/admin/training_sessions/details/?id={session.id}",
        f"/admin/training_sessions/mediator/?id={mediator_id}",
        "/admin/training_sessions/new/",
        f"/admin/training_compliance/?year={this_year()}&show=all",
        "/admin/training_requirements/",
        "/admin/office_checklist/",
        "/admin/equipment_inventory/",
        f"/admin/room_bookings/week/?room={room.id}&week=2026-12-02",
        "/admin/room_bookings/",
        "/admin/office_funds/",
        f"/admin/facilities/details/?id={room.id}",
        f"/admin/mediators/details/?id={mediator_id}",
        "/admin/",
    ]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW"])
def test_chinese_pages_have_no_english_left(client, login_as, pages, locale):
    login_as("admin")
    client.get(f"/locale/{locale}")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert visible_words(text_of(response)) == set(), url


def test_trainer_home_in_every_locale(client, login_as, pages):
    login_as("trainer")
    expected = {"zh_Hans_CN": "我的近期培训", "zh_Hant_TW": "我的近期培訓", "en": "My upcoming sessions"}
    for locale, heading in expected.items():
        client.get(f"/locale/{locale}")
        page = text_of(client.get("/admin/"))
        assert heading in page
        if locale != "en":
            assert visible_words(page) == set()


def test_numbers_and_dates_follow_the_locale(client, login_as, pages):
    login_as("admin")
    client.get("/locale/en")
    week = text_of(client.get(pages[8]))
    assert "Wed" in week and "12/2/26" in week
    client.get("/locale/zh_Hans_CN")
    week = text_of(client.get(pages[8]))
    assert "周三" in week and "2026/12/2" in week
    client.get("/locale/zh_Hant_TW")
    assert "週三" in text_of(client.get(pages[8]))
    client.get("/locale/en")
    checklist = text_of(client.get("/admin/office_checklist/"))
    assert "12,345.5" in checklist
