"""Dates edited after the fact keep the timeline in order: the agreement's date moves what
follows from it, and a case's receipt date cannot pass its first step."""
from datetime import timedelta

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseEvent
from tests.helpers import assert_redirect, get_form, page_errors

TODAY = timeutil.today


def days_ago(n):
    return (TODAY() - timedelta(days=n)).isoformat()


def settled_case(login_as, network, case_in, case_page):
    """Received 10 days ago, accepted 8, mediation started 6, settled 2 days ago."""
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=10)
    page = case_page(case.id)
    assert_redirect(page.step("accept", on=days_ago(8)))
    assert_redirect(page.step("start_mediation", on=days_ago(6)))
    assert_redirect(page.step("settle", kind="written", terms="赔偿一千元", signed_on=days_ago(2)))
    return case


def dates(in_app, case_id):
    def read():
        case = db.session.get(Case, case_id)
        settle = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.transition == "settle"))
        return {
            "signed_on": case.agreement.signed_on, "concluded_on": case.concluded_on, "settle_event": settle.occurred_on,
            "follow_ups": [(f.due_on, f.done_on) for f in case.follow_ups], "version": case.agreement.version,
        }

    return in_app(read)


def agreement_form(client, in_app, case_id):
    agreement_id = in_app(lambda: db.session.get(Case, case_id).agreement.id)
    return get_form(client, f"/admin/case_agreements/edit/?id={agreement_id}")


def test_moving_the_agreement_date_moves_the_conclusion_the_step_and_the_open_follow_up(
    client, login_as, network, case_in, case_page, in_app,
):
    case = settled_case(login_as, network, case_in, case_page)
    before = dates(in_app, case.id)
    (due, _done), = before["follow_ups"]

    assert_redirect(agreement_form(client, in_app, case.id).fill(signed_on=days_ago(4)).submit(client))
    after = dates(in_app, case.id)
    signed = TODAY() - timedelta(days=4)
    assert (after["signed_on"], after["concluded_on"], after["settle_event"]) == (signed, signed, signed)
    assert after["follow_ups"] == [(due - timedelta(days=2), None)]


def test_the_agreement_date_keeps_the_bounds_it_had_when_settling(client, login_as, network, case_in, case_page, in_app):
    case = settled_case(login_as, network, case_in, case_page)
    before = dates(in_app, case.id)
    form = agreement_form(client, in_app, case.id)
    # After acceptance but before mediation started: settling would have refused it too.
    for bad in (days_ago(7), (TODAY() + timedelta(days=1)).isoformat()):
        response = form.fill(signed_on=bad).submit(client)
        assert response.status_code == 200 and page_errors(response), bad
        assert dates(in_app, case.id) == before


def test_the_agreement_date_cannot_pass_a_follow_up_already_done(client, login_as, network, case_in, case_page, in_app):
    case = settled_case(login_as, network, case_in, case_page)
    follow_up_id = in_app(lambda: db.session.get(Case, case.id).follow_ups[0].id)
    visit = get_form(client, f"/admin/follow_ups/edit/?id={follow_up_id}")
    visit.fill(done_on=days_ago(1), method="phone", performed="fully", satisfaction="satisfied", risk="none")
    assert_redirect(visit.submit(client))
    before = dates(in_app, case.id)

    response = agreement_form(client, in_app, case.id).fill(signed_on=TODAY().isoformat()).submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert dates(in_app, case.id) == before


def test_the_receipt_date_of_an_accepted_case_cannot_pass_its_first_step(
    client, login_as, network, case_in, case_page, load_case,
):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=10)
    page = case_page(case.id)
    assert_redirect(page.step("accept", on=days_ago(8)))
    before = load_case(case.id)

    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    response = form.fill(received_on=days_ago(7)).submit(client)
    assert response.status_code == 200
    assert any("受理" in e or "第一" in e or "首" in e for e in page_errors(response)), page_errors(response)
    assert (load_case(case.id).received_on, load_case(case.id).version) == (before.received_on, before.version)

    assert_redirect(form.fill(received_on=days_ago(8)).submit(client))  # the same day is fine
    assert load_case(case.id).received_on == TODAY() - timedelta(days=8)


def test_a_confirmed_agreement_stays_written_and_before_its_application(
    client, login_as, network, case_in, case_page, in_app,
):
    case = settled_case(login_as, network, case_in, case_page)
    form = get_form(client, f"/admin/judicial_confirmations/new/?case_id={case.id}")
    assert_redirect(form.fill(applied_on=days_ago(1), court=network["court"].id, outcome="pending").submit(client))
    before = dates(in_app, case.id)

    form = agreement_form(client, in_app, case.id)
    response = form.fill(kind="oral").submit(client)
    assert any("书面" in e for e in page_errors(response)), page_errors(response)
    response = form.fill(kind="written", signed_on=TODAY().isoformat()).submit(client)
    assert any("协议生效" in e for e in page_errors(response)), page_errors(response)
    assert dates(in_app, case.id) == before
    assert in_app(lambda: db.session.get(Case, case.id).agreement.kind) == "written"
