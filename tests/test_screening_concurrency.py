"""Two people acting on the same lead at the same moment, against a real server with parallel
clients (on SQLite and on PostgreSQL): one case is made, the other person is told who did it,
and nobody gets an error page."""
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Lead, LeadEvent, LeadStatus
from tests.fixtures.accounts import PASSWORD
from tests.helpers import csrf_token, form_from_html, page_errors

ATTEMPTS = 4
PEOPLE = 3


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookies talking HTTP to the live server."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def sign_in(self, username):
        _status, html, _headers = self.request("/auth/login")
        status, _body, _headers = self.request("/auth/login", {"username": username, "password": PASSWORD,
                                                               "csrf_token": csrf_token(html)})
        assert status == 302

    def follow(self, headers):
        location = urllib.parse.urlsplit(headers["Location"])
        return self.request(location.path + (f"?{location.query}" if location.query else ""))


class _Page:
    """Just enough of a response for tests.helpers.page_errors."""

    def __init__(self, html):
        self.html = html

    def get_data(self, as_text=False):
        return self.html


def test_people_converting_one_lead_at_once_get_one_case(live_server, screening_world, make_user, make_lead, in_app):
    street = screening_world["east"].id
    browsers = []
    for _ in range(PEOPLE):
        browser = Browser(live_server)
        browser.sign_in(make_user(role="staff", street_id=street).username)
        browsers.append(browser)

    for attempt in range(ATTEMPTS):
        lead = make_lead(screening_world["heping1"].id, level="orange", parties=True, description=f"第{attempt}条线索")
        path = f"/admin/screening_leads/details/?id={lead.id}"
        forms = []
        for browser in browsers:
            status, html, _headers = browser.request(path)
            assert status == 200
            forms.append(form_from_html(html, live_server + path, match="/step/convert/"))

        barrier = threading.Barrier(PEOPLE)
        results = [None] * PEOPLE

        def convert(index):
            form = forms[index]
            target = urllib.parse.urlsplit(form.action)
            barrier.wait()
            results[index] = browsers[index].request(f"{target.path}?{target.query}", form.fields)

        threads = [threading.Thread(target=convert, args=(i,)) for i in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)

        assert [status for status, _body, _headers in results] == [302] * PEOPLE, [r[:1] for r in results]
        cases = in_app(lambda: db.session.scalar(select(func.count()).select_from(Case).where(
            Case.facts == f"第{attempt}条线索")))
        assert cases == 1

        def state():
            stored = db.session.get(Lead, lead.id)
            converted = db.session.scalar(select(func.count()).select_from(LeadEvent).where(
                LeadEvent.lead_id == lead.id, LeadEvent.kind == "converted"))
            return stored.status, stored.case_id is not None, converted

        assert in_app(state) == (LeadStatus.CONVERTED, True, 1)

        # The winner lands on the case; everyone else back on the lead, told what happened.
        winners = [h for _s, _b, h in results if "/admin/cases/details/" in h["Location"]]
        assert len(winners) == 1
        for index, (_status, _body, headers) in enumerate(results):
            if "/admin/cases/details/" in headers["Location"]:
                continue
            status, html, _h = browsers[index].follow(headers)
            assert status == 200
            messages = " ".join(page_errors(_Page(html)))
            assert "已转为案件" in messages and "其他人" in messages, messages
