"""What the walkthrough tripped over on the case page, each through the path a person takes:
dates that contradict the case's steps, a history naming categories instead of values, mediators
assigned from the page, edits that lose the way back, a timeline missing most of what happened,
and a citizen's case one click from deletion.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseAgreement, FollowUp
from tests.helpers import assert_redirect, csrf_token, form_from_html, get_form, page_errors, text_of
from tests.test_applications import application_form


def day(days_ago):
    return (timeutil.today() - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def in_mediation(client, login_as, network, case_in, case_page):
    """A case received 20 days ago, accepted and in mediation since 15 days ago; staff signed in."""
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=20)
    page = case_page(case.id)
    assert_redirect(page.step("accept", on=day(15)))
    assert_redirect(page.step("start_mediation", on=day(15)))
    return {"case": case, "page": page}


# --- 3. dates consistent with the case's steps -------------------------------------------------------

def test_no_meeting_before_acceptance_or_after_settlement(client, in_mediation, in_app):
    case, page = in_mediation["case"], in_mediation["page"]
    response = page.add_meeting(day(18))
    assert any("受理日期" in e for e in page_errors(response)), page_errors(response)
    assert_redirect(page.add_meeting(day(10)))
    # Settling before the last meeting is refused; after it, fine.
    response = page.step("settle", kind="written", terms="赔偿一千元", signed_on=day(12))
    assert any("最近一次调解或调查" in e for e in page_errors(response)), page_errors(response)
    assert_redirect(page.step("settle", kind="written", terms="赔偿一千元", signed_on=day(8)))
    # A meeting dated after the settlement is refused, created or moved there.
    response = page.add_meeting(day(2))
    assert any("结案日期" in e for e in page_errors(response)), page_errors(response)
    meeting_id = in_app(lambda: db.session.get(Case, case.id).sessions[0].id)
    edit = get_form(client, f"/admin/mediation_sessions/edit/?id={meeting_id}")
    response = edit.fill(starts_at=f"{day(2)} 09:00:00", ends_at=f"{day(2)} 11:00:00").submit(client)
    assert any("结案日期" in e for e in page_errors(response)), page_errors(response)
    # An agreement moved before the meeting is refused too.
    agreement_id = in_app(lambda: db.session.scalar(select(CaseAgreement.id)))
    edit = get_form(client, f"/admin/case_agreements/edit/?id={agreement_id}")
    response = edit.fill(signed_on=day(11)).submit(client)
    assert any("最近一次调解或调查" in e for e in page_errors(response)), page_errors(response)


def test_archiving_follows_the_follow_up_and_the_court(client, in_mediation, in_app, other_client, upload_dir):
    case, page = in_mediation["case"], in_mediation["page"]
    assert_redirect(page.add_meeting(day(14)))
    assert_redirect(page.step("settle", kind="oral", terms="当面道歉", signed_on=day(13)))
    follow_up = in_app(lambda: db.session.scalar(select(FollowUp.id)))
    visit = get_form(client, f"/admin/follow_ups/edit/?id={follow_up}")
    visit.fill(due_on=day(5), done_on=day(3), method="phone", performed="fully", satisfaction="satisfied", risk="none")
    assert_redirect(visit.submit(client))
    page.upload_dossier("application", "rights_notice", "identity", "mediation_record", "back_cover")
    response = page.step("archive", retention="short_term", on=day(4))
    assert any("回访日期" in e for e in page_errors(response)), page_errors(response)
    assert_redirect(page.step("archive", retention="short_term", on=day(2)))
    # The district office may still edit an archived case's records, but not past its archiving.
    admin = other_client("admin")
    visit = get_form(admin, f"/admin/follow_ups/edit/?id={follow_up}")
    response = visit.fill(done_on=day(1)).submit(admin)
    assert any("归档日期" in e for e in page_errors(response)), page_errors(response)


# --- 4. history of a case from an online application ---------------------------------------------

def test_history_of_an_applied_case_names_the_values(client, network, in_app, login_as):
    assert application_form(client, in_app, network["community"].id).submit(client).status_code == 302
    login_as("staff", street_id=network["street"].id)
    case_id = in_app(lambda: db.session.scalar(select(Case.id)))
    history = text_of(client.get(f"/admin/cases/details/?id={case_id}&tab=history")).split("变更内容", 1)[1]
    assert "邻里" in history and "网上申请" in history
    assert "纠纷类型</td><td></td><td>纠纷类型" not in history and "<td>案件来源</td>" not in history.split("来源", 1)[1][:40]


# --- 9. assigning mediators from the case page, and edits that come back to it --------------------

def test_mediators_are_assigned_from_the_case_page(client, in_mediation, network, in_app):
    case, page = in_mediation["case"], in_mediation["page"]
    html = page.html()
    assert "指派调解员" in html and 'data-role="select2-ajax"' in html
    # The lookup finds by pinyin initials, as the form's help says.
    found = client.get("/admin/cases/ajax/lookup/?name=mediators&query=wtj").get_json()
    assert [name for _id, name in found] == ["王调解"]
    form = form_from_html(html, page.url, match="/mediators/")
    form.set("mediators", f"{network['mediator'].id},{network['helper'].id}")
    response = form.submit(client)
    assert response.headers["Location"].endswith(f"/admin/cases/details/?id={case.id}#case-mediators")
    assert in_app(lambda: sorted(m.name for m in db.session.get(Case, case.id).mediators)) == ["李调解", "王调解"]
    # The form was for the case as it was: sent again after that change, it is refused.
    response = form.set("mediators", str(network["mediator"].id)).submit(client, follow_redirects=True)
    assert any("其他人" in e or "同时" in e or "修改" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: len(db.session.get(Case, case.id).mediators)) == 2


def test_a_mediator_of_another_street_cannot_be_assigned(client, in_mediation, make_mediator, in_app, network):
    stranger = make_mediator(network["other_street"].id, name="外街调解员")
    case, page = in_mediation["case"], in_mediation["page"]
    form = form_from_html(page.html(), page.url, match="/mediators/")
    form.set("mediators", str(stranger.id)).submit(client)
    assert in_app(lambda: db.session.get(Case, case.id).mediators) == []


def test_every_edit_started_on_the_case_page_returns_to_it(client, in_mediation, in_app):
    case, page = in_mediation["case"], in_mediation["page"]
    assert_redirect(page.add_meeting(day(10)))
    assert_redirect(page.step("settle", kind="written", terms="赔偿一千元", signed_on=day(8)))
    html = page.html()
    edits = sorted(set(re.findall(r'href="(/admin/[a-z_]+/edit/\?[^"]+)"', html)))
    assert len(edits) >= 3, edits  # the case, its agreement, its follow-up visit
    for link in edits:
        link = link.replace("&amp;", "&")
        response = get_form(client, link).submit(client)
        assert response.status_code == 302, (link, page_errors(response))
        assert f"/admin/cases/details/?id={case.id}" in response.headers["Location"], link


# --- 11. the timeline shows every event ----------------------------------------------------------------

def test_the_timeline_shows_every_event(client, in_mediation, network, in_app, upload_dir):
    case, page = in_mediation["case"], in_mediation["page"]
    assert_redirect(page.add_meeting(day(10)))
    assert_redirect(page.step("settle", kind="written", terms="赔偿一千元", signed_on=day(8)))
    page.upload("evidence", b"%PDF-1.4\n%%EOF\n", filename="证据.pdf")
    apply = get_form(client, f"/admin/judicial_confirmations/new/?case_id={case.id}")
    apply.fill(applied_on=day(6), court=network["court"].id, outcome="confirmed", decided_on=day(3))
    assert_redirect(apply.submit(client))
    html = page.html()
    timeline = html.split('id="timeline-heading"', 1)[1].split("</section>", 1)[0]
    kinds = re.findall(r'data-kind="([a-z_]+)"', timeline)
    assert kinds[:4] == ["registered", "step", "step", "meeting"]
    for kind in ("agreement", "confirmation_applied", "confirmation_decided", "document", "follow_up_due"):
        assert kind in kinds, kind
    assert kinds[-1] == "follow_up_due"  # still to do: last
    assert "书面调解协议生效" in timeline and "法院裁定" in timeline and "添加材料" in timeline


# --- 12. a citizen's case is not one click from deletion ------------------------------------------------

def test_staff_cannot_delete_an_applied_or_accepted_case(client, network, in_app, login_as, case_in, case_page, other_client):
    assert application_form(client, in_app, network["community"].id).submit(client).status_code == 302
    applied = in_app(lambda: db.session.scalar(select(Case.id)))
    login_as("staff", street_id=network["street"].id)
    accepted, mistaken = case_in(network["community_committee"]), case_in(network["community_committee"])
    assert_redirect(case_page(accepted.id).step("accept"))

    listing = text_of(client.get("/admin/cases/"))
    delete_forms = re.findall(r'<form[^>]*action="/admin/cases/delete/"[^>]*>(.*?)</form>', listing, re.S)
    deletable = {re.search(r'name="id"[^>]*value="(\d+)"', form).group(1) for form in delete_forms}
    assert deletable == {str(mistaken.id)}  # no delete icon where deletion would be refused

    token = csrf_token(listing)
    for case_id, reason in ((applied, "网上申请"), (accepted.id, "已受理")):
        response = client.post("/admin/cases/delete/", data={"csrf_token": token, "id": case_id}, follow_redirects=True)
        assert any(reason in e for e in page_errors(response)), page_errors(response)
        assert in_app(lambda: db.session.get(Case, case_id)) is not None
    client.post("/admin/cases/action/", data={"csrf_token": token, "action": "delete", "rowid": [str(applied)]})
    assert in_app(lambda: db.session.get(Case, applied)) is not None

    # Instead: the application is withdrawn, with the reason; the applicant is told so.
    response = case_page(applied).step("withdraw", note="申请人电话告知双方已自行和解")
    assert_redirect(response)
    assert in_app(lambda: db.session.get(Case, applied).status) == "withdrawn"
    # The district office can still remove it.
    admin = other_client("admin")
    token = csrf_token(text_of(admin.get("/admin/cases/")))
    admin.post("/admin/cases/delete/", data={"csrf_token": token, "id": applied})
    assert in_app(lambda: db.session.get(Case, applied)) is None


def test_withdrawal_needs_a_reason_and_ends_the_case(client, in_mediation, in_app):
    case, page = in_mediation["case"], in_mediation["page"]
    response = page.step("withdraw", note="")
    assert response.status_code == 200 and in_app(lambda: db.session.get(Case, case.id).status) == "in_mediation"
    assert_redirect(page.step("withdraw", note="申请人撤回申请"))
    loaded = in_app(lambda: (lambda c: (c.status, c.concluded_on))(db.session.get(Case, case.id)))
    assert loaded == ("withdrawn", timeutil.today())
    assert "archive" in page.steps_offered()
