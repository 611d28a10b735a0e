"""The charts and statistics pages in Chromium: ECharts draws from the portal's own files under
the Content-Security-Policy (the browser_page fixture fails on any violation), without script
errors, in Chinese or English, and the pages fit a phone."""
import pytest

from tests.fixtures.browser import DESKTOP, sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390


def _charts_drawn(page):
    page.wait_for_selector("[data-chart-ready]")
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-chart]')).map(el => ({
        id: el.id, ready: el.hasAttribute('data-chart-ready'),
        canvas: !!el.querySelector('canvas'),
        width: el.getBoundingClientRect().width,
    }))""")


def _overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_district_dashboard_charts_render(browser_page, make_user, busy_street):
    user = make_user(role="admin")
    sign_in(browser_page, user.username)
    charts = _charts_drawn(browser_page)
    assert {c["id"] for c in charts} == {"chart-monthly", "chart-types", "chart-tiers"}
    assert all(c["ready"] and c["canvas"] and c["width"] > 200 for c in charts), charts
    # ECharts came from the portal, not from elsewhere; its locale follows the page.
    scripts = browser_page.evaluate("() => Array.from(document.scripts).map(s => s.src).filter(Boolean)")
    assert any(src.endswith("/static/vendor/echarts/echarts.common.min.js") for src in scripts)
    assert all(src.startswith(browser_page.url.split("/admin")[0]) for src in scripts), scripts
    # The numbers are in a table too, opened like any details element.
    browser_page.click("#chart-monthly-title ~ details summary")
    assert browser_page.is_visible("#chart-monthly-title ~ details table")
    assert browser_page.script_errors == []


def test_office_dashboard_fits_a_phone(browser_page, make_user, two_streets, busy_street):
    user = make_user(role="staff", street_id=two_streets["east"].id)
    browser_page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    sign_in(browser_page, user.username)
    charts = _charts_drawn(browser_page)
    assert all(c["canvas"] and 0 < c["width"] <= PHONE_WIDTH for c in charts), charts
    assert _overflow(browser_page) <= 0
    assert browser_page.is_visible("#todo-heading")
    assert browser_page.script_errors == []


def test_the_charts_speak_english_in_english(browser_page, make_user, busy_street):
    user = make_user(role="admin")
    sign_in(browser_page, user.username)
    browser_page.goto("/locale/en?next=/admin/")
    browser_page.wait_for_selector("[data-chart-ready]")
    assert browser_page.inner_text("#chart-monthly-title") == "Received and settled, month by month"
    assert browser_page.script_errors == []


def test_statistics_pages_fit_a_phone_and_keep_their_tables_scrollable(browser_page, make_user, hand_district):
    user = make_user(role="admin")
    browser_page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    sign_in(browser_page, user.username)
    for url in ("/admin/statistics/?period=year&year=2025&group=street",
                "/admin/statistics_tiers/?period=year&year=2025",
                "/admin/monthly_reports/", "/admin/ledgers/?period=year&year=2025",
                "/admin/annual_report/?year=2025"):
        browser_page.goto(url)
        assert _overflow(browser_page) <= 0, url
    assert browser_page.script_errors == []


def test_the_period_form_shows_the_fields_of_its_kind(browser_page, make_user, hand_district):
    user = make_user(role="admin")
    browser_page.set_viewport_size(DESKTOP)
    sign_in(browser_page, user.username)
    browser_page.goto("/admin/statistics/")
    assert browser_page.is_visible("#f-month") and not browser_page.is_visible("#f-start")
    browser_page.select_option("#f-period", "range")
    assert browser_page.is_visible("#f-start") and not browser_page.is_visible("#f-month")
    browser_page.fill("#f-start", "2025-09-01")
    browser_page.fill("#f-end", "2025-10-31")
    browser_page.click("#statistics-filters button[type=submit]")
    browser_page.wait_for_selector("#figures-table")
    assert "period=range" in browser_page.url and "month=" not in browser_page.url
    total = browser_page.inner_text("#figures-table tr.stat-total")
    assert total.split()[1] == "12"  # received in September and October (tests/fixtures/statistics.py)
    # The three-tier page draws both of its charts.
    browser_page.goto("/admin/statistics_tiers/?period=range&start=2025-09-01&end=2025-10-31")
    assert {c["id"] for c in _charts_drawn(browser_page)} == {"chart-tier-streets", "chart-tier-trend"}
    assert browser_page.script_errors == []
