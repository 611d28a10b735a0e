"""A case goes through every path of its lifecycle through the case page, as office staff use it."""
from datetime import timedelta

import pytest

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseEvent, CaseStatus
from tests.helpers import assert_redirect, page_errors, text_of


def events_of(in_app, case_id):
    def read():
        rows = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
        return [(e.transition, e.from_status, e.to_status, e.created_by_id, e.note) for e in rows]

    return in_app(read)


def test_refused_case_is_told_where_to_go_then_archived(client, login_as, network, case_in, case_page, load_case, in_app):
    user = login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert page.steps_offered() == {"accept", "refuse", "transfer", "withdraw"}

    # The reason and the referral are required: nothing changes without them.
    response = page.step("refuse", reason="", referred_to="")
    assert response.status_code == 200 and len(page_errors(response)) >= 2
    assert load_case(case.id).status == CaseStatus.REGISTERED

    response = page.step("refuse", reason="已由法院立案受理", referred_to="东城区人民法院", note="当事人已起诉")
    assert_redirect(response)
    refused = load_case(case.id)
    assert refused.status == CaseStatus.REFUSED and refused.number is None
    assert refused.refusal_reason == "已由法院立案受理" and refused.referred_to == "东城区人民法院"
    assert events_of(in_app, case.id) == [("refuse", "registered", "refused", user.id, "当事人已起诉")]
    html = page.html()
    assert "已由法院立案受理" in html and "当事人已起诉" in html and "case-event" in html

    # Archiving needs the dossier: application, identity documents, back cover.
    response = page.step("archive", retention="short_term")
    assert response.status_code == 200
    assert any("required documents" in e or "必需" in e or "必备" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id).status == CaseStatus.REFUSED
    page.upload_dossier("application", "identity", "back_cover")
    assert_redirect(page.step("archive", retention="short_term"))
    archived = load_case(case.id)
    assert archived.status == CaseStatus.ARCHIVED and archived.retention == "short_term"
    assert archived.archived_on == timeutil.today()


def test_settled_with_written_agreement_confirmation_follow_up_then_archived(
    client, login_as, network, case_in, case_page, load_case, in_app, app,
):
    user = login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=10, type_code="neighbour")
    page = case_page(case.id)
    today = timeutil.today()

    assert_redirect(page.step("accept", on=(today - timedelta(days=8)).isoformat(), note="双方同意调解"))
    accepted = load_case(case.id)
    assert accepted.status == CaseStatus.ACCEPTED
    assert accepted.number == f"（{today.year}）和平调字第0001号"
    assert accepted.accepted_on == today - timedelta(days=8)
    assert accepted.due_on == accepted.accepted_on + timedelta(days=app.config["PORTAL_CASE_TIME_LIMIT_DAYS"])
    assert accepted.start_level == "community" and accepted.origin_committee_id == network["community_committee"].id

    # A step cannot be dated before the one it follows.
    response = page.step("start_mediation", on=(today - timedelta(days=9)).isoformat())
    assert any("上一步骤" in e for e in page_errors(response)), page_errors(response)
    assert_redirect(page.step("start_mediation", on=(today - timedelta(days=6)).isoformat()))
    assert load_case(case.id).status == CaseStatus.IN_MEDIATION

    # A mediation session in the office's room, with who was there.
    start = (timeutil.now() - timedelta(days=2)).replace(hour=9, minute=0, second=0)
    from tests.helpers import get_form

    form = get_form(client, f"/admin/mediation_sessions/new/?case_id={case.id}")
    parties = in_app(lambda: [p.id for p in db.session.get(Case, case.id).parties])
    form.fill(kind="mediation", starts_at=start.strftime("%Y-%m-%d %H:%M:%S"),
              ends_at=(start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"),
              facility=network["room"].id, mediators=[network["mediator"].id, network["helper"].id],
              parties=parties, invited_helpers="社区民警赵某", recorder="孙书记员",
              summary="双方陈述意见，达成初步共识。", outcome="同意赔偿")
    assert_redirect(form.submit(client))

    response = page.step(
        "settle", kind="written", signed_on=(today - timedelta(days=2)).isoformat(),
        terms="李四于十日内赔偿张三装修损失一千元。", responsibilities="李四承担主要责任。",
        performance_method="银行转账", performance_place="和平社区居委会",
        performance_deadline=(today + timedelta(days=8)).isoformat(), amount="1000",
    )
    assert_redirect(response)
    settled = load_case(case.id, "agreement", "follow_ups")
    assert settled.status == CaseStatus.SETTLED and settled.settled_level == "community"
    assert settled.concluded_on == today - timedelta(days=2)
    assert settled.agreement.kind == "written" and settled.agreement.copies == 3
    assert settled.agreement.facts == "楼上装修噪音扰民。"  # taken from the case unless rewritten
    # Follow-up scheduled at the later of settlement + offset and the performance deadline.
    expected_due = max(today - timedelta(days=2) + timedelta(days=app.config["PORTAL_FOLLOW_UP_DAYS"]),
                       today + timedelta(days=8))
    assert [f.due_on for f in settled.follow_ups] == [expected_due]

    # The printable agreement: every party's details in full, clean A4 print styles.
    printed = client.get(f"/admin/cases/agreement/print/?id={case.id}", follow_redirects=True)
    assert printed.status_code == 200
    html = text_of(printed)
    assert "documents-print.css" in html and "size: 210.0mm 297.0mm" in html
    party_ids = in_app(lambda: [p.id_number for p in db.session.get(Case, case.id).parties])
    assert all(number in html for number in party_ids)
    assert "李四于十日内赔偿张三装修损失一千元。" in html and settled.number in html
    css = client.get("/static/documents-print.css")
    assert b"@media print" in css.data

    # Judicial confirmation: an application after the 30-day window is refused.
    form = get_form(client, f"/admin/judicial_confirmations/new/?case_id={case.id}")
    form.fill(applied_on=(today + timedelta(days=40)).isoformat(), court=network["court"].id, outcome="pending")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    form.fill(applied_on=today.isoformat())
    assert_redirect(form.submit(client))
    assert "东城区人民法院" in page.html()

    # Archiving waits for the court and the follow-up.
    page.upload_dossier("application", "rights_notice", "identity", "mediation_record", "agreement",
                        "judicial_confirmation", "back_cover")
    response = page.step("archive", retention="long_term")
    assert response.status_code == 200 and page_errors(response)
    confirmation_id = in_app(lambda: db.session.get(Case, case.id).confirmation.id)
    form = get_form(client, f"/admin/judicial_confirmations/edit/?id={confirmation_id}")
    form.fill(outcome="confirmed", decided_on="")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)  # a decision needs its date
    form.fill(decided_on=today.isoformat())
    assert_redirect(form.submit(client))

    follow_up_id = settled.follow_ups[0].id
    form = get_form(client, f"/admin/follow_ups/edit/?id={follow_up_id}")
    form.fill(done_on=today.isoformat(), method="visit", visited_by="王调解")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)  # findings are needed
    form.fill(performed="fully", satisfaction="satisfied", risk="none", measures="无")
    assert_redirect(form.submit(client))

    assert_redirect(page.step("archive", retention="long_term"))
    archived = load_case(case.id)
    assert archived.status == CaseStatus.ARCHIVED
    assert [e[0] for e in events_of(in_app, case.id)] == ["accept", "start_mediation", "settle", "archive"]
    assert all(e[3] == user.id for e in events_of(in_app, case.id))
    occurred = in_app(lambda: {e.transition: e.occurred_on for e in db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id))})
    assert occurred == {"accept": today - timedelta(days=8), "start_mediation": today - timedelta(days=6),
                        "settle": today - timedelta(days=2), "archive": today}
    cover = client.get(f"/admin/cases/cover/print/?id={case.id}", follow_redirects=True)
    assert cover.status_code == 200 and archived.number in text_of(cover) and "人民调解卷宗" in text_of(cover)


def accept_and_start(page):
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))


def test_settled_with_oral_agreement_cannot_be_judicially_confirmed(client, login_as, network, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    accept_and_start(page)
    assert_redirect(page.step("settle", kind="oral", terms="双方握手言和，互不追究。"))
    settled = load_case(case.id, "agreement", "follow_ups")
    assert settled.agreement.kind == "oral" and len(settled.follow_ups) == 1

    html = page.html()
    assert "/agreement/print/" not in html and "/case_documents/agreement/" not in html  # no paper to sign
    assert "/case_documents/oral_agreement/" in html  # the mediator's register of it
    assert "/judicial_confirmations/new/" not in html
    response = client.get(f"/admin/judicial_confirmations/new/?case_id={case.id}", follow_redirects=True)
    assert any("书面" in e or "written" in e for e in page_errors(response)), page_errors(response)

    # The oral agreement is part of the mediation record: no agreement paper is required.
    page.upload_dossier("application", "rights_notice", "identity", "mediation_record", "back_cover")
    follow_up = settled.follow_ups[0]
    from tests.helpers import get_form

    form = get_form(client, f"/admin/follow_ups/edit/?id={follow_up.id}")
    form.fill(done_on=timeutil.today().isoformat(), method="phone", performed="fully", satisfaction="fairly", risk="low")
    assert_redirect(form.submit(client))
    assert_redirect(page.step("archive", retention="short_term"))
    assert load_case(case.id).status == CaseStatus.ARCHIVED


def test_marriage_cases_cannot_be_judicially_confirmed(client, login_as, network, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], type_code="marriage_family")
    page = case_page(case.id)
    accept_and_start(page)
    assert_redirect(page.step("settle", kind="written", terms="双方协议离婚后子女由女方抚养。"))
    assert "/judicial_confirmations/new/" not in page.html()
    response = client.get(f"/admin/judicial_confirmations/new/?case_id={case.id}", follow_redirects=True)
    assert any("婚姻" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id, "confirmation").confirmation is None


def test_failed_case_records_the_routes_the_parties_were_told(client, login_as, network, case_in, case_page, load_case, in_app):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    accept_and_start(page)
    response = page.step("fail")  # no route ticked
    assert response.status_code == 200 and page_errors(response)
    assert load_case(case.id).status == CaseStatus.IN_MEDIATION

    assert_redirect(page.step("fail", routes=["litigation", "arbitration"], note="被申请人拒绝赔偿"))
    failed = load_case(case.id)
    assert failed.status == CaseStatus.FAILED and failed.failure_routes == "arbitration,litigation"
    assert "仲裁、向人民法院起诉" in page.html()
    page.upload_dossier("application", "rights_notice", "identity", "mediation_record", "back_cover")
    assert_redirect(page.step("archive", retention="short_term"))
    assert [e[0] for e in events_of(in_app, case.id)] == ["accept", "start_mediation", "fail", "archive"]


def test_escalated_twice_from_community_to_district_then_settled_there(
    client, login_as, network, case_in, case_page, load_case, in_app, other_client,
):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    accept_and_start(page)

    response = page.step("escalate", note="")  # a reason is required
    assert response.status_code == 200 and page_errors(response)
    step_page = text_of(client.get(f"/admin/cases/transition/escalate/?id={case.id}"))
    assert "东华街道人民调解委员会" in step_page
    assert_redirect(page.step("escalate", note="涉及多户居民，社区调解不成"))
    escalated = load_case(case.id)
    assert escalated.status == CaseStatus.ESCALATED
    assert escalated.committee_id == network["street_committee"].id and escalated.street_id == network["street"].id

    assert_redirect(page.step("start_mediation"))
    response = page.step("escalate", note="案情重大，提交区调委会")
    assert response.status_code == 302
    # The case now belongs to the district committee: the street's staff no longer see it.
    assert response.headers["Location"].endswith("/admin/cases/")
    assert client.get(page.url).status_code == 302

    admin = other_client("admin")
    district_page = case_page(case.id, on_client=admin)
    assert district_page.steps_offered() == {"start_mediation", "transfer", "withdraw"}  # no parent above the district
    assert_redirect(district_page.step("start_mediation"))
    response = post_step(admin, case.id, "escalate", note="再升级", on=timeutil.today().isoformat(),
                         case_version=load_case(case.id).version)
    assert any("上级" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id).status == CaseStatus.IN_MEDIATION
    assert_redirect(district_page.step("settle", kind="written", terms="由区调委会主持达成赔偿协议。"))

    settled = load_case(case.id)
    assert settled.status == CaseStatus.SETTLED
    assert settled.start_level == "community" and settled.settled_level == "district"
    assert settled.origin_committee_id == network["community_committee"].id
    assert settled.committee_id == network["district"].id and settled.street_id is None
    steps = events_of(in_app, case.id)
    assert [s[0] for s in steps] == ["accept", "start_mediation", "escalate", "start_mediation", "escalate",
                                     "start_mediation", "settle"]
    html = district_page.html()
    assert "和平社区人民调解委员会 → 东华街道人民调解委员会" in html
    assert "东华街道人民调解委员会 → 东城区人民调解委员会" in html


def test_transferred_to_a_partner_body(client, login_as, network, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    response = page.step("transfer", partner=network["police"].id, note="涉嫌治安案件")
    assert_redirect(response)
    moved = load_case(case.id, "transferred_to")
    assert moved.status == CaseStatus.TRANSFERRED and moved.transferred_to.name == "东华派出所"
    assert moved.concluded_on == timeutil.today()
    assert page.steps_offered() == {"archive"}


def post_step(client, case_id, step, **fields):
    """Send a step's form by hand, as a forged or out-of-date page would."""
    from tests.helpers import csrf_token

    token = csrf_token(text_of(client.get(f"/admin/cases/details/?id={case_id}")))
    return client.post(f"/admin/cases/transition/{step}/?id={case_id}", data={"csrf_token": token, **fields},
                       follow_redirects=True)


def test_impossible_steps_are_refused_and_change_nothing(client, login_as, network, case_in, case_page, load_case, in_app):
    login_as("staff", street_id=network["street"].id)
    in_mediation = case_in(network["community_committee"])
    accept_and_start(case_page(in_mediation.id))
    refused = case_in(network["community_committee"])
    assert_redirect(case_page(refused.id).step("refuse", reason="不属于调解范围", referred_to="劳动仲裁委员会"))
    before = {c.id: (load_case(c.id).status, load_case(c.id).version) for c in (in_mediation, refused)}

    # Archive a case still in mediation; settle a refused one; accept twice.
    for case_id, step, fields in (
        (in_mediation.id, "archive", {"retention": "permanent"}),
        (refused.id, "settle", {"kind": "written", "terms": "赔偿一百元"}),
        (in_mediation.id, "accept", {}),
    ):
        response = post_step(client, case_id, step, **fields)
        errors = page_errors(response)
        assert any("不能" in e or "cannot" in e for e in errors), errors
    assert {c.id: (load_case(c.id).status, load_case(c.id).version) for c in (in_mediation, refused)} == before
    assert in_app(lambda: db.session.query(CaseEvent).count()) == 3  # accept, start, refuse
    # The page offers only what is possible, and an unknown step does not exist.
    assert case_page(in_mediation.id).steps_offered() == {"settle", "fail", "escalate", "transfer", "withdraw"}
    assert client.get(f"/admin/cases/transition/reopen/?id={refused.id}").status_code == 404


def test_a_step_from_an_out_of_date_page_is_refused(client, login_as, network, case_in, case_page, load_case, other_client):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    mine = case_page(case.id).step_form("refuse")
    colleague = case_page(case.id, on_client=other_client("staff", network["street"].id))
    assert_redirect(colleague.step("accept"))

    mine.fill(reason="重复登记", referred_to="无")
    response = mine.submit(client, follow_redirects=True)
    assert load_case(case.id).status == CaseStatus.ACCEPTED
    assert page_errors(response)


def test_bulk_accept_numbers_each_case_and_reports_the_ones_refused(client, login_as, network, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    first = case_in(network["community_committee"], days_ago=5)
    second = case_in(network["community_committee"], days_ago=4)
    done = case_in(network["community_committee"], days_ago=6)
    assert_redirect(case_page(done.id).step("accept"))  # takes 0001

    from tests.helpers import csrf_token

    token = csrf_token(text_of(client.get("/admin/cases/")))
    response = client.post("/admin/cases/action/", data={
        "action": "accept", "rowid": [str(first.id), str(second.id), str(done.id)], "csrf_token": token,
    }, follow_redirects=True)
    year = timeutil.today().year
    assert load_case(first.id).number == f"（{year}）和平调字第0002号"  # received earlier, numbered first
    assert load_case(second.id).number == f"（{year}）和平调字第0003号"
    assert load_case(done.id).number == f"（{year}）和平调字第0001号"
    assert len(page_errors(response)) == 1  # the case already accepted

    response = client.post("/admin/cases/action/", data={
        "action": "start_mediation", "rowid": [str(first.id), str(second.id)], "csrf_token": token,
    }, follow_redirects=True)
    assert {load_case(first.id).status, load_case(second.id).status} == {CaseStatus.IN_MEDIATION}


def test_archived_case_is_read_only_except_for_the_district_office(
    client, login_as, network, case_in, case_page, load_case, other_client, in_app,
):
    from tests.fixtures.cases import PDF
    from tests.helpers import csrf_token, get_form

    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("transfer", partner=network["police"].id))
    page.upload_dossier("application", "identity", "back_cover")
    assert_redirect(page.step("archive", retention="short_term"))
    version = load_case(case.id).version

    html = page.html()
    assert "/admin/cases/edit/" not in html and "/transition/" not in html and "attachments/upload" not in html
    response = client.get(f"/admin/cases/edit/?id={case.id}", follow_redirects=True)
    assert page_errors(response) and "<form" in text_of(response)
    token = csrf_token(html)
    client.post(f"/admin/cases/edit/?id={case.id}", data={"csrf_token": token, "title": "改名"})
    client.post("/admin/cases/delete/", data={"csrf_token": token, "id": case.id})
    client.post("/admin/cases/action/", data={"csrf_token": token, "action": "delete", "rowid": [str(case.id)]})
    import io

    client.post(f"/admin/cases/attachments/upload/?id={case.id}", content_type="multipart/form-data", data={
        "csrf_token": token, "kind": "evidence", "file": (io.BytesIO(PDF), "late.pdf"),
    })
    attachment_id = in_app(lambda: db.session.get(Case, case.id).attachments[0].id)
    client.post(f"/admin/cases/attachments/delete/?id={case.id}", data={"csrf_token": token, "attachment_id": attachment_id})
    after = load_case(case.id, "attachments")
    assert after.version == version and after.title == load_case(case.id).title != "改名"
    assert len(after.attachments) == 3

    admin = other_client("admin")
    form = get_form(admin, f"/admin/cases/edit/?id={case.id}")
    form.fill(title="派出所处理的治安纠纷")
    assert_redirect(form.submit(admin))
    assert load_case(case.id).title == "派出所处理的治安纠纷"


def test_the_case_page_warns_as_the_judicial_confirmation_window_closes(client, login_as, network, case_in, case_page):
    login_as("staff", street_id=network["street"].id)
    today = timeutil.today()

    def settled(days_ago):
        case = case_in(network["community_committee"], days_ago=days_ago + 5)
        page = case_page(case.id)
        on = (today - timedelta(days=days_ago)).isoformat()
        assert_redirect(page.step("accept", on=on))
        assert_redirect(page.step("start_mediation", on=on))
        assert_redirect(page.step("settle", kind="written", terms="赔偿五百元", signed_on=on))
        return page

    closing = settled(26).html()
    assert "还剩4天" in closing and "confirmation-warning" in closing
    assert "/judicial_confirmations/new/" in closing
    closed = settled(31).html()
    assert "已于" in closed and "届满" in closed
    assert "/judicial_confirmations/new/" not in closed  # too late to apply
    open_window = settled(3).html()
    assert "confirmation-warning" not in open_window and "共同向人民法院申请司法确认" in open_window


@pytest.mark.parametrize("locale,words", [
    ("zh_Hans_CN", ("办理过程", "待办事项", "卷宗与扫描件")),
    ("zh_Hant_TW", ("辦理過程", "待辦事項", "卷宗與掃描件")),
    ("en", ("Timeline", "What needs doing", "Dossier and scanned documents")),
])
def test_case_pages_speak_each_language(client, login_as, network, case_in, case_page, locale, words):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    assert_redirect(page.step("settle", kind="written", terms="赔偿五百元"))
    client.get(f"/locale/{locale}")
    html = page.html()
    assert all(word in html for word in words), locale
    for url in (f"/admin/cases/transition/archive/?id={case.id}", f"/admin/cases/attachments/upload/?id={case.id}",
                f"/admin/case_documents/agreement/?id={case.id}", f"/admin/judicial_confirmations/new/?case_id={case.id}",
                f"/admin/mediation_sessions/new/?case_id={case.id}", "/admin/follow_ups/", "/admin/mediation_sessions/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "%(" not in text_of(response), url


def test_the_closed_window_message_gives_the_configured_length(client, login_as, network, case_in, case_page, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_CONFIRMATION_WINDOW_DAYS", 20)
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=30)
    page = case_page(case.id)
    on = (timeutil.today() - timedelta(days=25)).isoformat()
    for step, fields in (("accept", {"on": on}), ("start_mediation", {"on": on}),
                         ("settle", {"kind": "written", "terms": "赔偿五百元", "signed_on": on})):
        assert_redirect(page.step(step, **fields))
    html = page.html()
    assert "20日期限" in html and "30日期限" not in html
    client.get("/locale/en")
    assert "The 20-day window for judicial confirmation closed on" in page.html()
