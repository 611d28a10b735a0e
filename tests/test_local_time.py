"""Dates and times are the district's wall time everywhere, even late in the evening.

Stored datetimes are local wall times (portal.timeutil). Between 22:00 and 24:00 in Beijing
(16:00–18:00 UTC) a formatter that takes them for UTC shows the next day: these tests run the
portal's clock at 22:30 and read the same moments on every surface.
"""
from datetime import datetime

import pytest
from babel.dates import format_datetime

from portal import timeutil
from tests.helpers import text_of

EVENING = datetime(2026, 11, 23, 22, 30)
PUBLISHED = datetime(2026, 11, 23, 22, 0)


@pytest.fixture
def late_notice(clock, make_entry):
    clock(EVENING)
    return make_entry("notice", slug="late", title="晚间通知", title_en="Late notice", publish_at=PUBLISHED)


def test_the_clock_can_be_frozen_at_a_local_wall_time():
    with timeutil.frozen(EVENING):
        assert timeutil.now() == EVENING and timeutil.today() == EVENING.date()
    assert timeutil.now() != EVENING


@pytest.mark.parametrize("page", ["/", "/content/notice/", "/content/notice/late"])
def test_public_pages_show_the_day_it_was_published(client, late_notice, page):
    html = text_of(client.get(page))
    assert "2026年11月23日" in html, page
    assert "11月24日" not in html and 'datetime="2026-11-24' not in html, page
    client.get("/locale/en")
    html = text_of(client.get(page))
    assert "Nov 23, 2026" in html and "Nov 24" not in html, page


def test_the_api_gives_the_moment_with_the_districts_offset(client, late_notice):
    entry = client.get(late_notice.api_url).get_json()
    assert entry["published_at"] == "2026-11-23T22:00:00+08:00"


def test_admin_lists_details_and_exports_show_the_wall_time(client, login_as, late_notice, make_case, two_streets):
    login_as("admin")
    case = make_case(two_streets["east_committee"].id)  # created "now": 22:30
    expected = format_datetime(PUBLISHED, "short", locale="zh_Hans_CN")  # 2026/11/23 22:00
    assert expected.startswith("2026/11/23")
    assert expected in text_of(client.get("/admin/content_entries/"))
    assert expected in text_of(client.get(f"/admin/content_entries/details/?id={late_notice.id}"))
    export = client.get("/admin/content_entries/export/csv/").get_data(as_text=True)
    # Exports write sortable ISO dates a spreadsheet reads as dates (issue 10, item 8), at the same wall time.
    assert "2026-11-23 22:00" in export and "2026-11-24" not in export
    details = text_of(client.get(f"/admin/cases/details/?id={case.id}"))
    assert format_datetime(EVENING, "short", locale="zh_Hans_CN") in details and "2026/11/24" not in details


def test_flask_babels_own_filters_do_not_shift_stored_times(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("{{ t|dateformat('yyyy-MM-dd') }} {{ t|datetimeformat('yyyy-MM-dd HH:mm') }}")
        assert template.render(t=PUBLISHED) == "2026-11-23 2026-11-23 22:00"
