"""Two saves at the same moment, against a real server with clients in parallel threads: one
saves, the other gets a clear answer; never a 500, never a row twice."""
import threading

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ImportBatch, Mediator
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.imports import WebClient, xlsx_bytes
from tests.idnumbers import male_id

HEADER = ["姓名", "性别", "身份证号码", "手机号码"]
LEDGER = xlsx_bytes([HEADER, *[[f"并行{i}", "男", male_id("19710101", 300 + 2 * i + 1), f"1370000{i:04d}"] for i in range(30)]])


def at_once(*calls):
    """Run the calls in threads released together; returns their results in order."""
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


def messages(page):
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", block) for block in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S))


@pytest.fixture
def people(in_app):
    return lambda: in_app(lambda: db.session.scalar(select(func.count(Mediator.id)).where(Mediator.name.like("并行%"))))


def test_the_same_import_saved_from_two_tabs_at_once(live_server, network, make_user, people, upload_dir, in_app):
    user = make_user(role="staff", street_id=network["street"].id)
    first = WebClient(live_server).login(user.username, PASSWORD)
    second = WebClient(live_server).login(user.username, PASSWORD)
    token, form = first.load("mediators", LEDGER)
    other_tab = second.save_form(token)
    results = at_once(lambda: first.save(token, form), lambda: second.save(token, other_tab))
    assert [status for status, _page in results] == [302, 302]
    answers = sorted(messages(page) for _status, page in results)
    assert sum("已保存" in a for a in answers) == 1, answers
    assert sum("已经保存过了" in a or "正在保存" in a for a in answers) == 1, answers
    assert people() == 30


def test_two_people_saving_the_same_ledger_at_once(live_server, network, make_user, people, upload_dir, in_app):
    users = [make_user(role="staff", street_id=network["street"].id) for _ in range(2)]
    clients = [WebClient(live_server).login(u.username, PASSWORD) for u in users]
    loaded = [client.load("mediators", LEDGER) for client in clients]
    results = at_once(*[lambda c=c, l=l: c.save(*l) for c, l in zip(clients, loaded)])
    assert [status for status, _page in results] == [302, 302]
    answers = [messages(page) for _status, page in results]
    saved = [a for a in answers if "已保存" in a]
    refused = [a for a in answers if "已有变动" in a or "同时保存" in a or "正在保存" in a]
    assert len(saved) == 1 and len(refused) == 1, answers
    assert people() == 30  # nobody twice
    statuses = in_app(lambda: sorted(db.session.scalars(select(ImportBatch.status))))
    assert statuses == ["checked", "saved"]
