"""Hostile input never gets a 5xx: a list of hostile values replayed against every endpoint of the
URL map (path arguments, query arguments, list filters, every form on the pages), signed out and
as the district office, on a database filled with the demo district.

Each request may be refused (400, 403, 404, 405, 413, 429) or answered; none may fail. The
failures are collected and reported together, so one run shows every endpoint that needs work.
"""
import re
from urllib.parse import urlencode

import pytest
from flask_admin.contrib.sqla import ModelView

from portal.extensions import db
from tests.fixtures.accounts import Auth
from tests.helpers import all_forms, form_from_html, text_of

HUGE = "99999999999999999999"
EDGE = "2147483648"
LONG_TEXT = "长" * 30_000
NUMBERS = [HUGE, EDGE, "-1", "NaN", "Infinity", "-1e400", "1e400", "0x10", "１２"]
DATES = ["0001-01-01", "9999-12-31", "1066-10-14 09:00:00", "2026-13-45", "2026-02-30 25:61:00"]
TEXTS = ["\x00", "a\x00b", "%", "' OR 1=1 --", LONG_TEXT]
EVERY_FIELD = [HUGE, "NaN", "Infinity", "0001-01-01", "9999-12-31 23:59:59", "\x00", "-1", "", "x" * 25_000]
ONE_FIELD = [HUGE, "NaN"]

# Query arguments the portal reads somewhere, with values that are wrong for them. The request
# guard refuses the first kind before any view runs: each endpoint gets one of them (in turn), to
# show the guard stands in front of it. The second kind reaches the views: every endpoint gets all.
GUARDED = [{"id": HUGE}, {"case_id": EDGE}, {"page": "-1"}, {"search": "a\x00b"}, {"limit": HUGE},
           {"offset": "-1"}, {"street": HUGE}, {"per_page": HUGE}, {"page_size": "-5"}, {"rowid": HUGE}]
QUERIES = [
    {"id": "abc", "case_id": "0"}, {"id": "-1", "case_id": "abc"}, {"page": "99999", "page_size": "100"},
    {"sort": "-1", "desc": "7"}, {"search": "%_\\ " + LONG_TEXT[:2000], "q": LONG_TEXT[:2000]},
    {"street": "-7", "committee": "99999", "room": "0", "office": "abc", "kind": "-1"},
    {"year": "99999", "week": "9999-W99", "from": "99999", "to": "-1"}, {"year": "-3", "week": "0001-01-01"},
    {"type": "x" * 300, "target": "x" * 300, "locale": "xx", "condition": "x" * 300, "employment": "-", "show": "x"},
    {"next": "//evil.example/", "url": "javascript:alert(1)", "name": "committee", "query": "' OR 1=1 --"},
]
FILTER_VALUES = [HUGE, "abc", "-1e309", "NaN", "Infinity", "0001-01-01", "9999-12-31", "2026-13-45 99:99:99",
                 "1,2," + HUGE, "x" * 300, "2020-01-01 to 0001-01-01", "\u00a0", "1; DROP TABLE cases"]
# Fields posted to endpoints that take a form without showing it.
GENERIC_POST = {
    "id": HUGE, "rowid": [HUGE, "abc", "-1"], "action": "delete", "attachment_id": HUGE, "attendance": HUGE,
    "revision": HUGE, "on": "0001-01-01", "amount": "NaN", "signed_on": "9999-12-31", "terms": LONG_TEXT,
    "mediator_ids": [HUGE, "x"], "record_version": HUGE, "case_version": HUGE, "then": "\x00",
}
# Endpoints that end what the replay stands on.
SKIP_POST = {"auth.logout"}
ALLOWED = {200, 204, 301, 302, 303, 304, 400, 403, 404, 405, 409, 413, 414, 429}

_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
SAMPLES = {"step": "accept", "export_type": "csv", "code": "en", "type_key": "notice", "slug": "x", "name": "x.pdf"}


@pytest.fixture(scope="module")
def demo_world(app):
    """The demo district, loaded once for the module's tests (they leave it usable)."""
    from portal.demo import load_demo_data
    from portal.services.reference import ensure_reference_data
    from tests.conftest import _truncate_all

    with app.app_context():
        _truncate_all()
        ensure_reference_data()
        load_demo_data()
        db.session.commit()
        db.session.remove()
    yield
    with app.app_context():
        db.session.remove()
        _truncate_all()


@pytest.fixture(autouse=True)
def clean_database(demo_world):
    """Instead of the suite's clean database per test: the module's demo district."""
    yield


class Replay:
    def __init__(self, client, who):
        self.client, self.who, self.failures, self.count = client, who, [], 0
        self._token = None

    def token(self):
        from tests.helpers import csrf_token

        if self._token is None:
            self._token = csrf_token(text_of(self.client.get("/admin/account/")))
        return self._token

    def send(self, method, url, data=None):
        self.count += 1
        try:
            response = self.client.open(url, method=method, data=data)
        except Exception as error:  # noqa: BLE001 - a crash is what this test is looking for
            self.failures.append((self.who, method, url, _brief(data), repr(error)[:300]))
            return None
        if response.status_code not in ALLOWED:
            self.failures.append((self.who, method, url, _brief(data), response.status_code))
        return response


def _brief(data):
    if not data:
        return ""
    items = data.items(multi=True) if hasattr(data, "items") and hasattr(data, "getlist") else dict(data).items()
    return "; ".join(f"{k}={str(v)[:30]!r}" for k, v in list(items)[:6])


def paths(rule, hostile=False):
    """Addresses of ``rule``: with sensible path arguments, or with hostile ones."""
    def fill(match, value_of):
        converter, name = match.group(1), match.group(2)
        return value_of(converter or "default", name)

    def sensible(converter, name):
        return "1" if converter == "int" else SAMPLES.get(name, "x")

    found = [_ARGUMENT.sub(lambda m: fill(m, sensible), rule.rule)]
    if hostile and rule.arguments:
        for value in (EDGE, HUGE, "x%00", "x" * 2000, "..%2F..%2Fetc"):
            found.append(_ARGUMENT.sub(lambda m, v=value: fill(m, lambda c, n: v if c == "int" or v != EDGE else "x"), rule.rule))
    return found


def rules(app):
    return [rule for rule in app.url_map.iter_rules() if not rule.endpoint.endswith("static")]


def model_views(app):
    return [view for view in app.extensions["portal_admin"]._views if isinstance(view, ModelView)]


def some_id(app, view):
    """A record of ``view`` to open and edit: its newest (the demo's first account is the one
    the replay signs in with, and must keep its name and password)."""
    with app.app_context():
        try:
            row = db.session.query(view.model.id).order_by(view.model.id.desc()).first()
        finally:
            db.session.remove()
    return row[0] if row else None


def sign_in(app, username):
    from portal.demo import DEMO_PASSWORD

    client = app.test_client()
    response = Auth(client).login(username, DEMO_PASSWORD)
    assert response.status_code == 302, text_of(response)[:300]
    return client


def report(*replays):
    failures = [failure for replay in replays for failure in replay.failures]
    lines = "\n".join(" | ".join(map(str, f)) for f in failures[:60])
    return f"{len(failures)} of {sum(r.count for r in replays)} hostile requests failed:\n{lines}"


# --- addresses and query strings ------------------------------------------------------------------

def test_hostile_addresses_and_query_strings_get_no_5xx(app, demo_world):
    anonymous = Replay(app.test_client(), "anonymous")
    office = Replay(sign_in(app, "admin"), "admin")
    staff = Replay(sign_in(app, "donghua"), "staff")
    for n, rule in enumerate(rules(app)):
        if "GET" not in rule.methods:
            continue
        public = not rule.rule.startswith("/admin")
        for path in paths(rule, hostile=True):
            office.send("GET", path)
            if public:
                anonymous.send("GET", path)
        base = paths(rule)[0]
        office.send("GET", base + "?" + urlencode(GUARDED[n % len(GUARDED)]))
        # An export reads every row: the arguments it shares with its list are enough there.
        for query in QUERIES[:5] if rule.endpoint.endswith(".export") else QUERIES:
            office.send("GET", base + "?" + urlencode(query))
        for query in QUERIES[1::3]:  # staff run through the street-scoped branches
            staff.send("GET", base + "?" + urlencode(query))
        for query in (QUERIES + GUARDED) if public else QUERIES[:1]:
            anonymous.send("GET", base + "?" + urlencode(query))
    assert not (anonymous.failures or office.failures or staff.failures), report(anonymous, office, staff)


def test_wrong_filter_values_on_every_list_get_no_5xx(app, demo_world):
    office = Replay(sign_in(app, "admin"), "admin")
    staff = Replay(sign_in(app, "donghua"), "staff")
    for view in model_views(app):
        if not view._filter_args:
            continue
        url = f"/admin/{view.endpoint}/"
        for value in FILTER_VALUES:
            query = {f"flt{n}_{key}": value for n, key in enumerate(view._filter_args)}
            office.send("GET", url + "?" + urlencode(query))
            office.send("GET", f"/admin/{view.endpoint}/export/csv/?" + urlencode(query))
        staff.send("GET", url + "?" + urlencode({f"flt0_{key}": HUGE for key in view._filter_args}))
        for key in view._filter_args:
            office.send("GET", url + "?" + urlencode({f"flt0_{key}": "\x00"}))
    assert not (office.failures or staff.failures), report(office, staff)


# --- forms ---------------------------------------------------------------------------------------------

def page_forms(html, url):
    return [form for form in all_forms(html, url) if form.method == "post"]


def mutations(form, values, one_field=False):
    """Copies of ``form`` with hostile values: in every field at once, or in one field at a time."""
    names = [name for name, _value in form.fields if name != "csrf_token"]
    for value in values:
        if not one_field:
            data = form.data()
            for name in set(names):
                data.setlist(name, [value])
            yield data
            continue
        for name in dict.fromkeys(names):
            data = form.data()
            data.setlist(name, [value])
            yield data


def replay_forms(replay, url, values, one_field=False):
    response = replay.send("GET", url)
    if response is None or response.status_code != 200:
        return
    for form in page_forms(text_of(response), url):
        action = form.action.split("://", 1)[-1].split("/", 1)[-1]
        target = "/" + action if not action.startswith("/") else action
        if any(skip in target for skip in ("/auth/logout",)):
            continue
        for data in mutations(form, values, one_field):
            replay.send("POST", target, data)


def test_hostile_values_in_every_form_get_no_5xx(app, demo_world):
    from portal.models import Case

    office = Replay(sign_in(app, "admin"), "admin")
    # The case page's step forms, for a case in each state.
    with app.app_context():
        cases = {status: case_id for status, case_id in db.session.query(Case.status, db.func.min(Case.id)).group_by(Case.status)}
        db.session.remove()
    for case_id in cases.values():
        replay_forms(office, f"/admin/cases/details/?id={case_id}", EVERY_FIELD[:6])
    for view in model_views(app):
        record = some_id(app, view)
        base = f"/admin/{view.endpoint}"
        replay_forms(office, f"{base}/new/", EVERY_FIELD)
        if record is None:
            continue
        replay_forms(office, f"{base}/details/?id={record}", EVERY_FIELD[:3])
        replay_forms(office, f"{base}/edit/?id={record}", EVERY_FIELD)
        replay_forms(office, f"{base}/edit/?id={record}", ONE_FIELD, one_field=True)
        for version in (None, HUGE, "abc", "1-parties:x.y"):
            response = office.send("GET", f"{base}/edit/?id={record}")
            if response is not None and response.status_code == 200:
                form = form_from_html(text_of(response), f"{base}/edit/?id={record}")
                form.set("record_version", version)
                office.send("POST", f"{base}/edit/?id={record}", form.data())
        for action in ("delete", "accept", "start_mediation", "nonsense"):
            office.send("POST", f"{base}/action/", _with_token(office, {"action": action, "rowid": [HUGE, "abc", "-1", EDGE]}))
    assert not office.failures, report(office)


def _with_token(replay, data):
    from werkzeug.datastructures import MultiDict

    payload = MultiDict({"csrf_token": replay.token()})
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            payload.add(key, item)
    return payload


def test_hostile_posts_to_every_endpoint_get_no_5xx(app, demo_world):
    anonymous = Replay(app.test_client(), "anonymous")
    office = Replay(sign_in(app, "admin"), "admin")
    case_id = some_id(app, next(v for v in model_views(app) if v.endpoint == "cases"))
    for rule in rules(app):
        if "POST" not in rule.methods or rule.endpoint in SKIP_POST:
            continue
        for path in paths(rule, hostile=True)[:2]:
            for query in (f"?id={case_id}&case_id={case_id}", f"?id={HUGE}"):
                office.send("POST", path + query, _with_token(office, GENERIC_POST))
            anonymous.send("POST", path, GENERIC_POST)
    # The public forms and the sign-in form, as anyone may send them.
    for url in ("/apply/", "/track/", "/auth/login"):
        replay_forms(anonymous, url, EVERY_FIELD)
    replay_forms(office, "/admin/account/", EVERY_FIELD)
    assert not (anonymous.failures or office.failures), report(anonymous, office)
