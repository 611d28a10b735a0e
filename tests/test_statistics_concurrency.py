"""Two people doing the same thing to one report at the same moment, through a real server with
real parallel HTTP clients, on the database under test: one of them wins, the other is told, no
500, one version."""
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import MonthlyReport, MonthlyReportVersion
from portal.services.statistics import reports
from tests.fixtures.accounts import PASSWORD

LAST = reports.reported_months(1)[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class LiveClient:
    """A browser of its own against the live server: cookies, CSRF tokens, no redirects followed."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def token(self, path):
        _status, html = self.request(path)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    def login(self, username):
        status, _html = self.request("/auth/login", {"username": username, "password": PASSWORD,
                                                     "csrf_token": self.token("/auth/login")})
        assert status == 302


def _page(street_id):
    return f"/admin/monthly_reports/report/?street={street_id}&year={LAST[0]}&month={LAST[1]}"


def _signed_in(live_server, make_user, street_id, count=3):
    """``count`` office staff of the street, each in a browser of their own on the report page."""
    clients = []
    for _ in range(count):
        user = make_user(role="staff", street_id=street_id)
        client = LiveClient(live_server)
        client.login(user.username)
        clients.append((client, client.token(_page(street_id))))
    return clients


def _together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index):
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_offices_submitting_at_once_make_one_version(app, live_server, two_streets, make_case, make_user, in_app):
    east = two_streets["east"].id
    make_case(two_streets["east_committee"].id, received_on=date(LAST[0], LAST[1], 5))
    with app.app_context():
        report = reports.obtain(east, *LAST)
        reports.save(report, values={"screened": 2}, preparer="王")
        db.session.commit()
        version = report.version
        db.session.remove()
    clients = _signed_in(live_server, make_user, east)

    def submit(client, token):
        return lambda: client.request("/admin/monthly_reports/report/submit/", {
            "csrf_token": token, "street": east, "year": LAST[0], "month": LAST[1], "report_version": version,
        })[0]

    statuses = _together([submit(client, token) for client, token in clients])
    assert statuses == [302] * len(clients), statuses
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(MonthlyReportVersion))) == 1
    assert in_app(lambda: db.session.scalar(select(MonthlyReport.status))) == "submitted"
    # Everyone's next page says what happened: submitted once, or that it was already sent.
    for client, _token in clients:
        status, html = client.request(_page(east))
        assert status == 200 and ("alert" in html)


def test_two_people_opening_a_new_report_make_one(app, live_server, two_streets, make_user, in_app):
    east = two_streets["east"].id
    clients = _signed_in(live_server, make_user, east)

    def save(client, token, screened):
        return lambda: client.request("/admin/monthly_reports/report/save/", {
            "csrf_token": token, "street": east, "year": LAST[0], "month": LAST[1], "report_version": "0",
            "screened": screened, "preparer": "王"})[0]

    statuses = _together([save(client, token, n) for n, (client, token) in enumerate(clients, start=1)])
    assert all(status in (200, 302) for status in statuses), statuses
    assert statuses.count(302) >= 1
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(MonthlyReport))) == 1
