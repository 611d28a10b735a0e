"""Who may see and change what on the case pages: street scope, trainers, inspectors, the public."""
import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseStatus, FollowUp, MediationSession
from tests.helpers import assert_redirect, csrf_token, get_form, listed_ids, text_of, today


@pytest.fixture
def settled_case(client, login_as, network, case_in, case_page, in_app):
    """A settled case of the east street, with a meeting and a follow-up; staff of that street signed in."""
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    form = get_form(client, f"/admin/mediation_sessions/new/?case_id={case.id}")
    parties = in_app(lambda: [p.id for p in page_case(case.id).parties])
    form.fill(kind="mediation", starts_at=f"{today()} 09:00:00", ends_at=f"{today()} 11:00:00",
              location_text="和平社区居委会", parties=parties, summary="双方同意赔偿")
    assert_redirect(form.submit(client))
    assert_redirect(page.step("settle", kind="written", terms="赔偿一千元"))
    return {
        "case": case,
        "session": in_app(lambda: db.session.scalar(select(MediationSession.id))),
        "follow_up": in_app(lambda: db.session.scalar(select(FollowUp.id))),
    }


def page_case(case_id):
    from portal.models import Case

    return db.session.get(Case, case_id)


def case_urls(case_id, session_id, follow_up_id):
    return [
        "/admin/cases/", f"/admin/cases/details/?id={case_id}", f"/admin/cases/transition/accept/?id={case_id}",
        f"/admin/cases/agreement/print/?id={case_id}", f"/admin/cases/cover/print/?id={case_id}",
        "/admin/mediation_sessions/", f"/admin/mediation_sessions/details/?id={session_id}",
        f"/admin/mediation_sessions/new/?case_id={case_id}", "/admin/follow_ups/",
        f"/admin/follow_ups/edit/?id={follow_up_id}", "/admin/case_agreements/", "/admin/judicial_confirmations/",
        f"/admin/case_documents/agreement/?id={case_id}", f"/admin/case_documents/agreement/docx/?id={case_id}",
        f"/admin/case_documents/mediation_record/pdf/?id={case_id}&record={session_id}",
        f"/admin/case_documents/dossier/?id={case_id}", f"/admin/case_documents/kinds/?id={case_id}&ids=1",
        "/admin/judge_reviews/", "/admin/case_referrals/", "/admin/document_templates/",
    ]


def test_trainers_never_reach_cases(settled_case, other_client):
    trainer = other_client("trainer")
    urls = case_urls(settled_case["case"].id, settled_case["session"], settled_case["follow_up"])
    assert {url: trainer.get(url).status_code for url in urls} == {url: 403 for url in urls}
    assert "/admin/cases/" not in text_of(trainer.get("/admin/"))


def test_the_public_is_sent_to_sign_in(settled_case, app):
    anonymous = app.test_client()
    for url in case_urls(settled_case["case"].id, settled_case["session"], settled_case["follow_up"]):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url


def test_other_streets_staff_cannot_see_or_touch_the_case_or_its_records(settled_case, other_client, load_case, in_app, network):
    outsider = other_client("staff", network["other_street"].id)
    case_id = settled_case["case"].id
    assert listed_ids(outsider.get("/admin/mediation_sessions/")) == set()
    assert listed_ids(outsider.get("/admin/follow_ups/")) == set()
    for url in (f"/admin/mediation_sessions/details/?id={settled_case['session']}",
                f"/admin/follow_ups/edit/?id={settled_case['follow_up']}",
                f"/admin/mediation_sessions/new/?case_id={case_id}"):
        response = outsider.get(url)
        assert response.status_code == 302, url
    assert outsider.get(f"/admin/cases/agreement/print/?id={case_id}").status_code == 404
    for url in (f"/admin/case_documents/agreement/?id={case_id}", f"/admin/case_documents/agreement/pdf/?id={case_id}",
                f"/admin/case_documents/agreement/docx/?id={case_id}", f"/admin/case_documents/dossier/?id={case_id}"):
        assert outsider.get(url).status_code == 404, url

    token = csrf_token(text_of(outsider.get("/admin/cases/")))
    version = load_case(case_id).version
    outsider.post(f"/admin/cases/transition/archive/?id={case_id}", data={"csrf_token": token, "retention": "permanent"})
    outsider.post(f"/admin/follow_ups/edit/?id={settled_case['follow_up']}",
                  data={"csrf_token": token, "due_on": "2030-01-01"})
    outsider.post(f"/admin/mediation_sessions/new/?case_id={case_id}",
                  data={"csrf_token": token, "kind": "mediation", "starts_at": "2026-01-06 09:00:00",
                        "ends_at": "2026-01-06 10:00:00", "location_text": "x"})
    outsider.post("/admin/mediation_sessions/delete/", data={"csrf_token": token, "id": settled_case["session"]})
    assert load_case(case_id).version == version and load_case(case_id).status == CaseStatus.SETTLED
    assert in_app(lambda: db.session.query(MediationSession).count()) == 1
    assert in_app(lambda: db.session.get(FollowUp, settled_case["follow_up"]).due_on.year) != 2030


def test_inspectors_read_with_party_details_masked_and_change_nothing(settled_case, client, other_client, in_app, load_case):
    # A change of who was present puts the parties' names in the meeting's history.
    form = get_form(client, f"/admin/mediation_sessions/edit/?id={settled_case['session']}")
    assert_redirect(form.set("parties", [form.get("parties")]).submit(client))
    inspector = other_client("viewer")
    case_id = settled_case["case"].id
    html = text_of(inspector.get(f"/admin/cases/details/?id={case_id}&tab=all"))
    assert "张*" in html and "李*" in html and "张三" not in html
    assert "13812345678" not in html and "138****5678" in html
    assert "/transition/" not in html and "/agreement/print/" not in html
    session = text_of(inspector.get(f"/admin/mediation_sessions/details/?id={settled_case['session']}"))
    assert "张*" in session and "张三" not in session  # in the record and in its history

    assert inspector.get(f"/admin/cases/agreement/print/?id={case_id}").status_code == 403
    assert inspector.get(f"/admin/cases/transition/archive/?id={case_id}").status_code == 403
    assert inspector.get(f"/admin/follow_ups/edit/?id={settled_case['follow_up']}").status_code == 403
    assert inspector.get(f"/admin/mediation_sessions/new/?case_id={case_id}").status_code == 403

    # The office sees the names in full.
    staff_html = text_of(other_client("admin").get(f"/admin/cases/details/?id={case_id}&tab=all"))
    assert "张三" in staff_html and "13812345678" in staff_html


def test_inspectors_see_what_kind_a_document_is_but_not_its_name(settled_case, client, other_client, in_app):
    from tests.fixtures.cases import JPEG

    case_id = settled_case["case"].id
    in_app(lambda: (setattr(page_case(case_id).parties[0], "representative", "王律师"), db.session.commit()))
    response = client.post(f"/admin/cases/attachments/upload/?id={case_id}", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(text_of(client.get(f"/admin/cases/attachments/upload/?id={case_id}"))),
        "kind": "identity", "title": "张三的身份证", "file": (io.BytesIO(JPEG), "张三身份证.jpg"),
    })
    assert response.status_code == 302

    html = text_of(other_client("viewer").get(f"/admin/cases/details/?id={case_id}&tab=all"))
    assert "身份证明" in html or "身份" in html  # the kind of document is there
    assert "张三身份证" not in html and "张三的身份证" not in html  # its name and title are not
    assert "王律师" not in html

    office = text_of(other_client("admin").get(f"/admin/cases/details/?id={case_id}&tab=all"))
    assert "张三身份证.jpg" in office and "张三的身份证" in office and "王律师" in office
