"""The admin home per role: the district's year at a glance, a street office's to-do list, the
trainer's home unchanged; every number links to the list behind it, which shows as many."""
import json
import re

from admin_views import dashboard
from tests.helpers import listed_ids, text_of


def _charts(html):
    return {spec["id"]: spec for spec in
            (json.loads(raw.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"'))
             for raw in re.findall(r"data-chart='([^']+)'", html))}


def _todo(html):
    """{key: (link or None, count)} of the to-do list's lines."""
    found = {}
    for key, count, rest in re.findall(r'data-todo="([a-z_]+)" data-count="(\d+)">(.*?)(?=data-todo=|$)', html, re.S):
        link = re.search(r'<a href="([^"]+)" data-todo-link>', rest)
        found[key] = (link.group(1).replace("&amp;", "&") if link else None, int(count))
    return found


def test_a_street_office_sees_its_to_do_list(client, login_as, two_streets, busy_street):
    login_as("staff", street_id=two_streets["east"].id)
    html = text_of(client.get("/admin/"))
    todo = _todo(html)
    assert todo["applications"][1] == 1
    assert todo["past_due"][1] == 1          # the west street's overdue case is not theirs
    assert todo["due_soon"][1] == 1
    assert todo["follow_ups"][1] == 1
    assert todo["confirmations"][1] == 1
    assert "settled号" in html               # named, with a link to its case page
    # Each count agrees with the list it links to.
    assert listed_ids(client.get(todo["applications"][0])) == {busy_street["application"]}  # the inbox, waiting
    for key, case_key in (("past_due", "overdue"), ("due_soon", "due_soon")):
        assert listed_ids(client.get(todo[key][0])) == {busy_street[case_key].id}, key
    assert len(listed_ids(client.get(todo["follow_ups"][0]))) == 1
    # The report due: last month's, not yet filed.
    assert "/admin/monthly_reports/report/" in html
    # Their own street's figures, with the charts' numbers in tables.
    charts = _charts(html)
    assert set(charts) == {"chart-monthly", "chart-types"}
    assert sum(charts["chart-monthly"]["series"][0]["data"]) == 4
    assert 'class="stat-chart-data"' in html


def test_the_district_sees_the_whole_district(client, login_as, two_streets, busy_street):
    login_as("admin")
    html = text_of(client.get("/admin/"))
    assert 'aria-labelledby="todo-heading"' not in html
    charts = _charts(html)
    assert set(charts) == {"chart-monthly", "chart-types", "chart-tiers"}
    assert sum(charts["chart-monthly"]["series"][0]["data"]) == 5
    assert charts["chart-tiers"]["categories"] == ["东华街道", "西城街道"]
    assert charts["chart-tiers"]["percent"] is True
    # Every card and every chart figure links to a page that opens.
    cards = re.findall(r'<a class="card h-100[^"]*" href="([^"]+)" data-card>', html)
    assert len(cards) >= 7
    for url in cards:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url
    monthly = charts["chart-monthly"]["series"][0]
    for link, value in zip(monthly["links"], monthly["data"]):
        if value:
            rows = text_of(client.get(link))
            assert re.search(rf"共{value}行", rows), link
    # Overdue now: both streets' overdue cases, linked to the filtered case list.
    overdue = re.search(r'href="([^"]+)" data-card>\s*<div class="card-body p-2">\s*<div class="small text-muted">当前超期案件', html)
    assert listed_ids(client.get(overdue.group(1).replace("&amp;", "&"))) == {busy_street["overdue"].id, busy_street["west"].id}


def test_inspectors_get_the_district_view_trainers_their_own_home(client, login_as, other_client, two_streets, busy_street):
    viewer = other_client("viewer")
    assert "chart-tiers" in text_of(viewer.get("/admin/"))
    login_as("trainer")
    html = text_of(client.get("/admin/"))
    assert "stat-panel" not in html and "echarts" not in html
    assert "/admin/training_sessions/" in html


def test_other_areas_can_add_a_panel(client, app, login_as, two_streets):
    @dashboard.panel(order=5)
    def red_leads(user):
        return dashboard.Panel("admin/portal/statistics/problem.html", {}) if user.role == "admin" else None

    try:
        login_as("admin")
        html = text_of(client.get("/admin/"))
        assert html.index('class="alert alert-danger"') < html.index("chart-monthly")
    finally:
        dashboard._PANELS.pop(f"{red_leads.__module__}.{red_leads.__qualname__}")
