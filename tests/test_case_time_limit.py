"""The time limit: due date from acceptance, overdue cases flagged, filtered and counted."""
from datetime import timedelta

from portal import timeutil
from tests.helpers import assert_redirect, listed_ids, text_of


def accepted_days_ago(case_page, case, days):
    assert_redirect(case_page(case.id).step("accept", on=(timeutil.today() - timedelta(days=days)).isoformat()))


def test_overdue_cases_are_flagged_filtered_and_counted(client, login_as, network, case_in, case_page, other_client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_CASE_TIME_LIMIT_DAYS", 30)
    login_as("staff", street_id=network["street"].id)
    late = case_in(network["community_committee"], days_ago=50)
    accepted_days_ago(case_page, late, 40)
    fresh = case_in(network["community_committee"], days_ago=5)
    accepted_days_ago(case_page, fresh, 2)
    registered = case_in(network["community_committee"], days_ago=60)  # not accepted: no time limit yet
    concluded = case_in(network["community_committee"], days_ago=60)
    accepted_days_ago(case_page, concluded, 45)
    assert_redirect(case_page(concluded.id).step("start_mediation"))
    assert_redirect(case_page(concluded.id).step("fail", routes=["litigation"]))
    elsewhere = case_in(network["other_committee"], days_ago=50)

    listing = text_of(client.get("/admin/cases/"))
    assert listing.count("badge-danger") == 1
    assert "已超期" in text_of(client.get(f"/admin/cases/details/?id={late.id}"))

    dashboard = text_of(client.get("/admin/"))
    assert "超期案件" in dashboard
    link = dashboard.split("超期案件")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert listed_ids(client.get(link)) == {late.id}
    not_overdue = link.replace("=1", "=0")
    assert listed_ids(client.get(not_overdue)) == {fresh.id, registered.id, concluded.id}

    # The other street's overdue case counts for the district office, not for this street.
    admin = other_client("admin")
    on = (timeutil.today() - timedelta(days=40)).isoformat()
    assert_redirect(case_page(elsewhere.id, on_client=admin).step("accept", on=on))
    assert listed_ids(admin.get(link)) == {late.id, elsewhere.id}
    assert listed_ids(client.get(link)) == {late.id}


def test_escalation_gives_the_receiving_committee_the_full_time_limit(client, login_as, network, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=50)
    accepted_days_ago(case_page, case, 40)
    assert load_case(case.id).due_on < timeutil.today()
    assert_redirect(case_page(case.id).step("escalate", note="社区无力化解"))
    assert load_case(case.id).due_on == timeutil.today() + timedelta(days=30)
