"""Linkage recorded on a case: liaison judges' reviews of agreements (shown on the case, counted
for the statistics) and transfer letters with their receipt and the body's feedback (the public
tracking page names the body)."""
from datetime import timedelta

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models.linkage import CaseReferral, JudgeReview
from portal.services import linkage
from tests.helpers import assert_redirect, get_form, page_errors, text_of


def test_judge_review_recorded_shown_and_counted(client, login_as, network, complete_case, make_liaison_point, in_app, app):
    login_as("staff", street_id=network["street"].id)
    ids = complete_case()
    point = make_liaison_point()
    today = timeutil.today()
    page = text_of(client.get(f"/admin/cases/details/?id={ids['case']}&tab=all"))
    assert f"/admin/judge_reviews/new/?case_id={ids['case']}" in page

    url = f"/admin/judge_reviews/new/?case_id={ids['case']}"
    form = get_form(client, url)
    # Reviewed before it was sent, or an outcome without a date: refused, nothing saved.
    form.fill(stage="after_signing", liaison_point=point.id, sent_on=today.isoformat(),
              reviewed_on=(today - timedelta(days=30)).isoformat(), outcome="approved")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    form = get_form(client, url)
    form.fill(stage="after_signing", liaison_point=point.id, sent_on=today.isoformat(), outcome="approved")
    assert form.submit(client).status_code == 200
    # A review "after signing" sent before the agreement was signed is refused too.
    form = get_form(client, url)
    form.fill(stage="after_signing", liaison_point=point.id, sent_on=(today - timedelta(days=19)).isoformat(),
              outcome="pending")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert in_app(lambda: db.session.query(JudgeReview).count()) == 0

    form = get_form(client, url)
    form.fill(stage="after_signing", liaison_point=point.id, sent_on=(today - timedelta(days=3)).isoformat(),
              reviewed_on=(today - timedelta(days=1)).isoformat(), outcome="approved", comments="协议内容合法。")
    assert_redirect(form.submit(client))
    review = in_app(lambda: db.session.scalar(select(JudgeReview)))
    assert review.judge_name == "周法官"  # taken from the liaison point

    page = text_of(client.get(f"/admin/cases/details/?id={ids['case']}&tab=all"))
    assert "周法官" in page and "协议内容合法。" in page
    # Both ends of the review are on the case's timeline.
    assert "协议送周法官法官审核" in page and "法官审核意见：审核通过" in page
    assert "周法官" in text_of(client.get("/admin/judge_reviews/"))

    def counts():
        from portal.models import Case

        return linkage.review_counts(Case.street_id == network["street"].id)

    with app.test_request_context():
        found = counts()
    assert found["approved"] == 1 and found["pending"] == 0
    with app.test_request_context():
        from portal.models import Case

        assert linkage.review_counts(Case.street_id == network["other_street"].id)["approved"] == 0


def test_reviews_only_where_there_is_an_agreement_to_review(client, login_as, network, case_in, make_liaison_point):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    make_liaison_point()
    response = client.get(f"/admin/judge_reviews/new/?case_id={case.id}", follow_redirects=True)
    assert page_errors(response)


def apply_online(app, network, phone="13812340001"):
    from portal.models import DisputeType
    from portal.services import applications

    with app.test_request_context():
        dispute = db.session.scalar(select(DisputeType).where(DisputeType.code == "neighbour"))
        data = applications.ApplicationInput(
            applicant=applications.PartyInput(name="周晓梅", phone=phone), respondent=applications.PartyInput(name="李四"),
            community_id=network["community"].id, dispute_type_id=dispute.id, facts="楼上装修噪音。", requests="停止施工。",
            consent=True,
        )
        application = applications.submit(data)
        db.session.commit()
        found = application.tracking_code, application.case_id
        db.session.remove()
    return found[0], phone, found[1]


def test_transfer_letter_receipt_feedback_and_public_tracking(client, login_as, network, case_page, app, in_app):
    code, phone, case_id = apply_online(app, network)
    login_as("staff", street_id=network["street"].id)
    page = case_page(case_id)
    assert_redirect(page.step("transfer", partner=network["police"].id, kind="entrust", matter="涉及治安事项。"))
    referral = in_app(lambda: db.session.scalar(select(CaseReferral)))
    assert referral.kind == "entrust" and referral.partner_id == network["police"].id and referral.matter == "涉及治安事项。"

    today = timeutil.today()
    form = get_form(client, f"/admin/case_referrals/edit/?id={referral.id}")
    form.fill(receipt_on=today.isoformat(), receipt_by="王警官", feedback_on=(today + timedelta(days=3)).isoformat(),
              handling="依法处理", result="resolved")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)  # feedback in the future
    form.fill(feedback_on=today.isoformat())
    assert_redirect(form.submit(client))
    html = page.html()
    assert "王警官" in html and "依法处理" in html and "东华派出所" in html
    # The body's answers are on the case's timeline.
    assert "东华派出所已回执" in html and "东华派出所反馈：" in html
    assert client.get(f"/admin/case_referrals/new/?case_id={case_id}").status_code == 403  # made by the step

    public = app.test_client()
    form = get_form(public, "/track/")
    form.fill(code=code, phone=phone)
    answer = text_of(form.submit(public))
    assert "东华派出所" in answer and "王警官" not in answer
