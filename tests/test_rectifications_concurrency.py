"""Two district users deciding one answered rectification item at the same moment (one accepts,
one reopens), and an office answering twice at once, against a real server with parallel clients
(on SQLite and on PostgreSQL): one decision stands, the other person is told, nobody gets an
error page and nothing is lost."""
import threading
import urllib.parse

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, Rectification
from portal.services.inspections import rectifications as rules
from tests.fixtures.inspections import rectification_of
from tests.helpers import form_from_html, page_errors
from tests.test_screening_concurrency import Browser, _Page

ATTEMPTS = 3
FAILS = [("fails", "调解室未挂牌"), ("meets", ""), ("meets", "")]


def _race(browsers, forms):
    barrier = threading.Barrier(len(browsers))
    results = [None] * len(browsers)

    def send(index):
        target = urllib.parse.urlsplit(forms[index].action)
        barrier.wait()
        results[index] = browsers[index].request(f"{target.path}?{target.query}", forms[index].fields)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return results


def _answered(in_app, inspection_id):
    def answer():
        item = rectification_of(inspection_id)[0]
        rules.answer(item, text="已整改。")
        db.session.commit()
        return item.id

    return in_app(answer)


def test_accept_and_reopen_at_once_give_one_decision(live_server, inspection_world, make_user, make_inspection, in_app):
    deciders = []
    for _ in range(2):
        browser = Browser(live_server)
        browser.sign_in(make_user(role="admin").username)
        deciders.append(browser)

    for attempt in range(ATTEMPTS):
        inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id, results=FAILS)
        item_id = _answered(in_app, inspection)
        path = f"/admin/rectifications/details/?id={item_id}"
        forms = []
        for browser, step in zip(deciders, ("accept", "reopen")):
            status, html, _headers = browser.request(path)
            assert status == 200
            form = form_from_html(html, live_server + path, match=f"/step/{step}/")
            if step == "reopen":
                form.set("reopen-note", f"第{attempt}次：标牌位置不醒目。")
            forms.append(form)

        results = _race(deciders, forms)
        assert [status for status, _body, _headers in results] == [302, 302], [r[:2] for r in results]
        stored = in_app(lambda: db.session.get(Rectification, item_id))
        assert stored.status in ("accepted", "reopened")
        decisions = in_app(lambda: [e.changes.get("status") for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "rectifications", AuditEntry.entity_id == item_id))
            if e.changes.get("status")])
        decided = [change for change in decisions if isinstance(change, list) and change[0] == "answered"]
        assert len(decided) == 1, decisions  # one decision on the answer: never two

        messages = []
        for browser, (_status, _body, headers) in zip(deciders, results):
            status, html, _h = browser.follow(headers)
            assert status == 200
            messages.append(" ".join(page_errors(_Page(html))))
        losers = [m for m in messages if "其他人" in m or "Someone else" in m or "只有已答复" in m or "Only an answered" in m]
        assert len(losers) == 1, messages


def test_an_office_answering_twice_at_once_keeps_one_answer(live_server, inspection_world, make_user, make_inspection,
                                                            in_app):
    street = inspection_world["east"].id
    browsers = []
    for _ in range(2):
        browser = Browser(live_server)
        browser.sign_in(make_user(role="staff", street_id=street).username)
        browsers.append(browser)
    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id, results=FAILS)
    item_id = in_app(lambda: rectification_of(inspection)[0].id)
    path = f"/admin/rectifications/details/?id={item_id}"
    forms = []
    for index, browser in enumerate(browsers):
        _status, html, _headers = browser.request(path)
        forms.append(form_from_html(html, live_server + path, match="/step/answer/").set("answer-answer", f"答复{index}"))
    results = _race(browsers, forms)
    assert [status for status, _b, _h in results] == [302, 302]
    stored = in_app(lambda: db.session.get(Rectification, item_id))
    assert stored.status == "answered" and stored.answer in ("答复0", "答复1")
