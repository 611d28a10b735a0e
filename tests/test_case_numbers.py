"""Case numbers: per committee and year, gapless, in the configured format, safe in parallel."""
import threading
from datetime import date

import pytest
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseNumberCounter, Committee
from tests.fixtures.accounts import Auth
from tests.fixtures.cases import CasePage
from tests.helpers import assert_redirect, page_errors


def numbers(in_app, committee_id):
    return in_app(lambda: sorted(db.session.scalars(
        select(Case.number).where(Case.origin_committee_id == committee_id, Case.number.isnot(None))
    )))


def test_numbers_count_per_committee_and_restart_each_year(client, login_as, network, case_in, case_page, in_app, make_case):
    login_as("staff", street_id=network["street"].id)
    year = timeutil.today().year
    community, street = network["community_committee"], network["street_committee"]
    last_year = make_case(community.id, received_on=date(year - 1, 12, 30))
    assert_redirect(case_page(last_year.id).step("accept", on=date(year - 1, 12, 31).isoformat()))
    for committee in (community, street, community):
        assert_redirect(case_page(case_in(committee).id).step("accept"))

    assert numbers(in_app, community.id) == [
        f"（{year - 1}）和平调字第0001号", f"（{year}）和平调字第0001号", f"（{year}）和平调字第0002号",
    ]
    assert numbers(in_app, street.id) == [f"（{year}）东华调字第0001号"]


def test_the_number_format_is_a_setting(client, login_as, network, case_in, case_page, load_case, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_CASE_NUMBER_FORMAT", "{short}调〔{year}〕{seq}号")
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    assert_redirect(case_page(case.id).step("accept"))
    assert load_case(case.id).number == f"和平调〔{timeutil.today().year}〕1号"


def test_a_refused_acceptance_gives_its_number_back(client, login_as, network, make_committee, case_in, case_page, load_case, in_app):
    """A committee that takes over a short name another committee numbered cases with would make
    the same number: refused, and the counter the refused acceptance moved is rolled back with
    it, so numbering stays gapless."""
    login_as("staff", street_id=network["street"].id)
    assert_redirect(case_page(case_in(network["community_committee"]).id).step("accept"))

    def give_up_short_name():
        db.session.get(Committee, network["community_committee"].id).short_name = "和平里"
        db.session.commit()

    in_app(give_up_short_name)
    twin = make_committee(network["street"].id, name="和平二社区人民调解委员会", short_name="和平")
    case = case_in(twin)
    response = case_page(case.id).step("accept")
    assert response.status_code == 200
    assert any("简称" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id).number is None
    assert in_app(lambda: db.session.scalar(select(CaseNumberCounter.last_seq).where(
        CaseNumberCounter.committee_id == twin.id))) in (None, 0)

    def rename():
        db.session.get(Committee, twin.id).short_name = "和二"
        db.session.commit()

    in_app(rename)
    assert_redirect(case_page(case.id).step("accept"))
    assert load_case(case.id).number == f"（{timeutil.today().year}）和二调字第0001号"


def test_a_committee_without_short_name_cannot_number_cases(client, login_as, network, make_committee, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    nameless = make_committee(network["street"].id, name="某工地调解小组", short_name="")
    case = case_in(nameless)
    response = case_page(case.id).step("accept")
    assert any("某工地调解小组" in e and "简称" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id).status == "registered"


@pytest.mark.postgres_only
def test_parallel_acceptances_get_unique_gapless_numbers(app, network, case_in, make_user, in_app):
    """Workers accepting cases at the same moment, each with its own connection, for two
    committees whose counters do not exist yet: no number is given twice and none is skipped."""
    user = make_user(role="staff", street_id=network["street"].id)
    committees = [network["community_committee"]] * 6 + [network["street_committee"]] * 4
    pending = []
    for committee in committees:
        client = app.test_client()
        assert Auth(client).login(user.username).status_code == 302
        page = CasePage(client, case_in(committee).id)
        pending.append((client, page.step_form("accept")))

    barrier = threading.Barrier(len(pending))
    results = [None] * len(pending)

    def accept(index):
        client, form = pending[index]
        barrier.wait()
        results[index] = form.submit(client).status_code

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(pending))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [302] * len(pending)

    year = timeutil.today().year
    assert numbers(in_app, network["community_committee"].id) == [f"（{year}）和平调字第{n:04d}号" for n in range(1, 7)]
    assert numbers(in_app, network["street_committee"].id) == [f"（{year}）东华调字第{n:04d}号" for n in range(1, 5)]


def test_committees_keep_distinct_short_names(client, login_as, network, in_app):
    """The short name goes into case numbers, so the committee form refuses a duplicate."""
    from tests.helpers import get_form

    login_as("staff", street_id=network["street"].id)
    form = get_form(client, "/admin/committees/new/")
    form.fill(name="和平二社区人民调解委员会", short_name="和平", level="community", street=network["street"].id)
    response = form.submit(client)
    assert response.status_code == 200
    assert any("简称" in e for e in page_errors(response)), page_errors(response)
    form.fill(short_name="和二")
    assert form.submit(client).status_code == 302
