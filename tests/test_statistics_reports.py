"""Monthly reports through the pages an office and the district use: filing, freezing, returning,
correcting, accepting; who may do what; the deadline; bad input; stale forms."""
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import MonthlyReport, MonthlyReportVersion
from portal.services.statistics import office_figures, reports
from tests.helpers import assert_redirect, form_from_html, get_form, page_errors, text_of

LAST = reports.reported_months(1)[0]


def report_url(street_id, year=LAST[0], month=LAST[1], **extra):
    query = "&".join(f"{k}={v}" for k, v in extra.items())
    return f"/admin/monthly_reports/report/?street={street_id}&year={year}&month={month}" + (f"&{query}" if query else "")


def office_form(client, street_id, **values):
    form = get_form(client, report_url(street_id), match="/report/save/")
    form.fill(**{k: str(v) for k, v in values.items()})
    return form


def save(client, street_id, **values):
    values.setdefault("preparer", "王秀英")
    return office_form(client, street_id, **values).submit(client)


def submit(client, street_id):
    return get_form(client, report_url(street_id), match="/report/submit/").submit(client)


def review(client, street_id, decision, **fields):
    form = get_form(client, report_url(street_id), has_field=("decision", decision))
    return form.fill(**fields).submit(client)


def stored(in_app, street_id):
    def read():
        report = reports.find(street_id, *LAST)
        if report is None:
            return None
        return {"status": report.status, "screened": report.screened, "versions": [
            (v.number, v.outcome, v.figures["total"]) for v in report.versions], "reason": report.return_reason}

    return in_app(read)


@pytest.fixture
def last_month_case(two_streets, make_case):
    """A case of the east street received on the 10th of last month."""
    return make_case(two_streets["east_committee"].id, received_on=date(LAST[0], LAST[1], 10))


def test_an_office_files_and_the_report_is_frozen(client, login_as, two_streets, last_month_case, make_case, in_app):
    east = two_streets["east"].id
    login_as("staff", street_id=east)
    assert "的月报" in text_of(client.get(report_url(east))) or client.get(report_url(east)).status_code == 200
    assert_redirect(save(client, east, screened=17, criminal_cases=1, criminal_persons=3))
    assert stored(in_app, east)["status"] == "draft"
    assert_redirect(submit(client, east))

    saved = stored(in_app, east)
    assert saved["status"] == "submitted"
    (number, outcome, total), = saved["versions"]
    assert (number, outcome) == (1, "pending")
    assert total["measures"]["received"] == 1 and total["office"]["screened"] == 17

    # A case received later for the same month changes the live figures, never the version.
    make_case(two_streets["east_committee"].id, received_on=date(LAST[0], LAST[1], 12))
    assert stored(in_app, east)["versions"][0][2]["measures"]["received"] == 1
    page = text_of(client.get(report_url(east)))
    assert "stat-diff" in page and "→ 2" in page

    # Frozen: neither a save nor another submission goes through.
    assert client.get(report_url(east)).status_code == 200
    response = client.post("/admin/monthly_reports/report/save/", data={
        "csrf_token": form_from_html(page, report_url(east), has_field="csrf_token").get("csrf_token"),
        "street": east, "year": LAST[0], "month": LAST[1], "report_version": in_app(
            lambda: reports.find(east, *LAST).version), "screened": "99", "preparer": "王秀英"})
    assert response.status_code == 200
    assert any("锁定" in e for e in page_errors(response)), page_errors(response)
    assert stored(in_app, east)["screened"] == 17


def test_returned_corrected_resubmitted_accepted(client, app, login_as, two_streets, last_month_case, in_app, other_client):
    east = two_streets["east"].id
    login_as("staff", street_id=east)
    assert_redirect(save(client, east, screened=5))
    assert_redirect(submit(client, east))

    district = other_client("admin")
    # A return needs a reason.
    response = review(district, east, "return", reason="  ")
    assert stored(in_app, east)["status"] == "submitted"
    assert_redirect(review(district, east, "return", reason="排查数与网格记录不符"))
    assert stored(in_app, east)["status"] == "returned"
    assert "排查数与网格记录不符" in text_of(client.get(report_url(east)))

    assert_redirect(save(client, east, screened=8))
    assert stored(in_app, east)["status"] == "corrected"
    assert_redirect(submit(client, east))
    assert_redirect(review(district, east, "accept"))

    saved = stored(in_app, east)
    assert saved["status"] == "accepted"
    assert [(n, o) for n, o, _t in saved["versions"]] == [(1, "returned"), (2, "accepted")]
    assert [t["office"]["screened"] for _n, _o, t in saved["versions"]] == [5, 8]
    # Every version stays readable.
    first = text_of(client.get(report_url(east, version=1)))
    assert "排查数与网格记录不符" in first


def test_who_may_do_what(client, login_as, two_streets, last_month_case, in_app, other_client, auth):
    east, west = two_streets["east"].id, two_streets["west"].id
    login_as("staff", street_id=east)
    # Another street's report: neither read nor filed.
    assert client.get(report_url(west)).status_code == 403
    page = text_of(client.get(report_url(east)))
    token = form_from_html(page, report_url(east), has_field="csrf_token").get("csrf_token")
    for action in ("save", "submit"):
        response = client.post(f"/admin/monthly_reports/report/{action}/", data={
            "csrf_token": token, "street": west, "year": LAST[0], "month": LAST[1], "report_version": "0",
            "preparer": "x"})
        assert response.status_code == 403
    assert stored(in_app, west) is None
    # Staff do not review.
    assert_redirect(save(client, east, screened=1))
    assert_redirect(submit(client, east))
    response = client.post("/admin/monthly_reports/report/review/", data={
        "csrf_token": token, "street": east, "year": LAST[0], "month": LAST[1], "decision": "accept",
        "report_version": in_app(lambda: reports.find(east, *LAST).version)})
    assert response.status_code == 403
    assert client.get("/admin/district_summary/").status_code == 403

    viewer = other_client("viewer")
    assert viewer.get(report_url(east)).status_code == 200
    assert viewer.get("/admin/district_summary/").status_code == 200
    assert "/report/save/" not in text_of(viewer.get(report_url(east)))
    response = viewer.post("/admin/monthly_reports/report/review/", data={
        "csrf_token": token, "street": east, "year": LAST[0], "month": LAST[1], "decision": "accept", "report_version": "1"})
    assert response.status_code in (400, 403)
    assert stored(in_app, east)["status"] == "submitted"

    trainer = other_client("trainer")
    for url in (report_url(east), "/admin/monthly_reports/", "/admin/statistics/", "/admin/district_summary/",
                "/admin/ledgers/", "/admin/annual_report/", "/admin/statistics_tiers/"):
        assert trainer.get(url).status_code == 403, url


def test_bad_figures_get_a_message_and_change_nothing(client, login_as, two_streets, in_app):
    east = two_streets["east"].id
    login_as("staff", street_id=east)
    assert_redirect(save(client, east, screened=3))
    for value in ("abc", "-1", "99999999999999999999", "1\x002", "3.5"):
        response = save(client, east, screened=value)
        assert response.status_code == 200, value
        assert page_errors(response), value
        assert stored(in_app, east)["screened"] == 3
    response = save(client, east, criminal_cases=3, criminal_persons=1)
    assert any("少于" in e or "fewer" in e for e in page_errors(response)), page_errors(response)
    # The typed values stay on the form.
    assert 'value="3"' in text_of(response)


def test_a_stale_form_is_refused_and_keeps_the_input(client, login_as, two_streets, in_app, other_client):
    east = two_streets["east"].id
    login_as("staff", street_id=east)
    assert_redirect(save(client, east, screened=3))
    mine = office_form(client, east, screened=11)
    colleague = other_client("staff", street_id=east)
    assert_redirect(save(colleague, east, screened=7))
    response = mine.submit(client)
    assert response.status_code == 200
    assert page_errors(response)
    assert 'value="11"' in text_of(response)
    assert stored(in_app, east)["screened"] == 7


def test_the_month_must_be_over_and_the_preparer_named(client, login_as, two_streets, in_app):
    east = two_streets["east"].id
    login_as("staff", street_id=east)
    today = timeutil.today()
    this_month = f"/admin/monthly_reports/report/?street={east}&year={today.year}&month={today.month}"
    page = text_of(client.get(this_month))
    assert "/report/submit/" not in page
    form = get_form(client, this_month, match="/report/save/").fill(screened="1", preparer="")
    assert_redirect(form.submit(client))
    assert "/report/submit/" not in text_of(client.get(this_month))
    # Last month without a preparer: no submit button, and a posted one is refused.
    assert_redirect(save(client, east, preparer=""))
    assert "/report/submit/" not in text_of(client.get(report_url(east)))


@pytest.mark.parametrize("url", [
    "/admin/monthly_reports/report/?street={s}&year=2026&month=13",
    "/admin/monthly_reports/report/?street={s}&year=99999&month=1",
    "/admin/monthly_reports/report/?street={s}&year=abc&month=1",
    "/admin/monthly_reports/report/?street={s}&year=2099&month=1",
    "/admin/district_summary/?ym=2026-13",
    "/admin/district_summary/?year=2026&month=0",
])
def test_impossible_months_get_a_clear_answer(client, login_as, two_streets, url):
    login_as("admin")
    response = client.get(url.format(s=two_streets["east"].id))
    assert response.status_code == 400
    assert page_errors(response)


def test_deadline_and_the_districts_table(client, app, login_as, two_streets, in_app, monkeypatch):
    """Submitted by the set day of the next month is on time; after it, late; never, missing."""
    east, west = two_streets["east"].id, two_streets["west"].id
    monkeypatch.setitem(app.config, "PORTAL_REPORT_DUE_DAY", 10)
    year, month = reports.reported_months(3)[2]  # two months before last: its deadline has passed

    def file(street_id, at):
        report = reports.obtain(street_id, year, month)
        reports.save(report, values={"screened": 1}, preparer="王")
        reports.submit(report, at=at)
        db.session.commit()

    with app.app_context():
        due = reports.due_date(year, month)
        assert due.day == 10
        file(east, datetime(due.year, due.month, 10, 16, 0))
        file(west, datetime(due.year, due.month, 11, 9, 0))
        states = reports.status_grid([east, west], [(year, month)])
        db.session.remove()
    assert states[east][(year, month)].code == "on_time"
    assert states[west][(year, month)].code == "late"

    login_as("admin")
    grid = text_of(client.get("/admin/monthly_reports/"))
    cells = re.findall(r'data-state="([a-z_]+)"', grid)
    assert "on_time" in cells and "late" in cells and "missing" in cells


def test_the_district_summary_sums_accepted_reports(client, app, login_as, two_streets, make_case, in_app):
    east, west = two_streets["east"].id, two_streets["west"].id
    make_case(two_streets["east_committee"].id, received_on=date(LAST[0], LAST[1], 3))
    make_case(two_streets["west_committee"].id, received_on=date(LAST[0], LAST[1], 4))
    with app.app_context():
        for street_id, screened in ((east, 4), (west, 6)):
            report = reports.obtain(street_id, *LAST)
            reports.save(report, values={"screened": screened}, preparer="王")
            reports.submit(report)
        reports.accept(reports.find(east, *LAST))
        db.session.commit()
        db.session.remove()
    login_as("admin")
    page = text_of(client.get(f"/admin/district_summary/?year={LAST[0]}&month={LAST[1]}"))
    total = re.search(r'<tr class="font-weight-bold stat-total">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="text-right[^"]*">([^<]*)', total)
    # Only the accepted (east) report is in the sum: screened 4, one case received.
    assert cells[0].strip() == "4" and cells[1].strip() == "1"
    # A case added after acceptance shows beside the accepted figure.
    make_case(two_streets["east_committee"].id, received_on=date(LAST[0], LAST[1], 5))
    page = text_of(client.get(f"/admin/district_summary/?year={LAST[0]}&month={LAST[1]}"))
    assert "→ 2" in page


def test_a_records_provider_supplies_office_figures(client, app, login_as, two_streets, in_app):
    """What a screening module will do: supply "screened" from its records; the form shows it
    read-only and the submitted version says where it came from."""
    east = two_streets["east"].id
    office_figures.register_provider("screening-test", "排查记录", ("screened",), lambda street_id, start, end: {"screened": 42})
    try:
        login_as("staff", street_id=east)
        page = text_of(client.get(report_url(east)))
        assert re.search(r'name="screened" value="42"[^>]*readonly', page)
        assert_redirect(save(client, east, screened=5))
        assert_redirect(submit(client, east))
        version = in_app(lambda: db.session.scalar(select(MonthlyReportVersion)).figures)
        assert version["total"]["office"]["screened"] == 42
        assert version["sources"]["screened"] == "screening-test"
        assert version["sources"]["criminal_cases"] == office_figures.TYPED
        assert "排查记录" in text_of(client.get(report_url(east)))
    finally:
        office_figures.unregister_provider("screening-test")
    assert in_app(lambda: db.session.scalar(select(MonthlyReport.screened))) == 0
