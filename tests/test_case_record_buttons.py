"""The case page offers to add a meeting, a follow-up visit or a judicial confirmation exactly
when the server would accept it, for every reader and every state of the case."""
from datetime import timedelta

import pytest

from portal import timeutil
from portal.extensions import db
from portal.models import Case
from tests.helpers import assert_redirect, get_form, text_of

KINDS = ("mediation_sessions", "follow_ups", "judicial_confirmations")


def on(days_ago):
    return (timeutil.today() - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def cases(client, login_as, network, case_in, case_page, in_app):
    """Cases in each state that matters, made by the street's staff (signed in)."""
    login_as("staff", street_id=network["street"].id)
    committee = network["community_committee"]

    def settled(kind="written", days_ago=2):
        case = case_in(committee, days_ago=days_ago + 2)
        page = case_page(case.id)
        assert_redirect(page.step("accept", on=on(days_ago)))
        assert_redirect(page.step("start_mediation", on=on(days_ago)))
        assert_redirect(page.step("settle", kind=kind, terms="赔偿五百元", signed_on=on(days_ago)))
        return case, page

    registered = case_in(committee)
    accepted = case_in(committee)
    assert_redirect(case_page(accepted.id).step("accept"))
    written, _page = settled()
    oral, _page = settled("oral")
    window_closed, _page = settled(days_ago=40)
    archived, page = settled("oral")
    follow_up = in_app(lambda: db.session.get(Case, archived.id).follow_ups[0].id)
    form = get_form(client, f"/admin/follow_ups/edit/?id={follow_up}")
    form.fill(done_on=timeutil.today().isoformat(), method="phone", performed="fully", satisfaction="satisfied", risk="none")
    assert_redirect(form.submit(client))
    page.upload_dossier("application", "rights_notice", "identity", "mediation_record", "back_cover")
    assert_redirect(page.step("archive", retention="short_term"))
    return {"registered": registered, "accepted": accepted, "written": written, "oral": oral,
            "window_closed": window_closed, "archived": archived}


@pytest.mark.parametrize("role", ["staff", "admin", "viewer"])
def test_add_buttons_show_exactly_when_the_server_accepts(cases, client, other_client, network, role):
    reader = client if role == "staff" else other_client(role)
    offered, accepted = {}, {}
    for name, case in cases.items():
        html = text_of(reader.get(f"/admin/cases/details/?id={case.id}&tab=all"))
        for kind in KINDS:
            url = f"/admin/{kind}/new/?case_id={case.id}"
            offered[name, kind] = url in html
            accepted[name, kind] = reader.get(url).status_code == 200
    assert offered == accepted
    if role != "viewer":  # the cases are chosen so that each kind is both offered and refused somewhere
        assert all(any(offered[n, k] for n in cases) and not all(offered[n, k] for n in cases) for k in KINDS)
