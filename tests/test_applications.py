"""Online applications: a registered case for the community's committee, a tracking code, a status
check that tells nothing else, and protection against abuse."""
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Committee, DisputeType, OnlineApplication
from tests.helpers import get_form, page_errors, text_of
from tests.idnumbers import female_id, id_number

APPLICANT_ID = female_id("19850307", 452)
APPLICANT_PHONE = "13812340001"


def dispute_type_id(in_app, code="neighbour"):
    return in_app(lambda: db.session.scalar(select(DisputeType.id).where(DisputeType.code == code)))


def application_form(client, in_app, community_id, **overrides):
    form = get_form(client, "/apply/")
    values = {
        "applicant_name": "周晓梅", "applicant_id_number": APPLICANT_ID, "applicant_phone": "138 1234 0001",
        "applicant_address": "和平里1号楼", "respondent_kind": "person", "respondent_name": "李四",
        "respondent_phone": "13987654321", "community": community_id, "dispute_type": dispute_type_id(in_app),
        "facts": "楼上装修每天晚上十点后仍在施工。", "requests": "请对方晚上十点后停止施工。", "amount": "",
        "consent": "y",
    }
    values.update(overrides)
    return form.fill(**values)


def tracking_code(response):
    return re.search(r'id="tracking-code">([A-Z0-9-]+)<', text_of(response)).group(1)


def test_application_becomes_a_registered_case_and_can_be_tracked(client, public_world, in_app, login_as, auth):
    peace = public_world["peace"]
    response = application_form(client, in_app, peace.id).submit(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/apply/submitted")
    done = client.get("/apply/submitted")
    code = tracking_code(done)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code)

    def saved():
        application = db.session.scalar(select(OnlineApplication))
        case = application.case
        parties = sorted((p.role, p.name, p.id_number, p.phone, p.sex) for p in case.parties)
        return {
            "code": application.tracking_code, "phone_hash": application.phone_hash, "requests": application.requests,
            "status": case.status, "source": case.source.code, "committee": case.committee.name,
            "community": case.community_id, "street": case.street_id, "title": case.title, "parties": parties,
            "start_level": case.start_level,
        }

    record = in_app(saved)
    assert record["code"] == code.replace("-", "")
    assert APPLICANT_PHONE not in record["phone_hash"] and record["phone_hash"].startswith(("scrypt:", "pbkdf2:"))
    assert record["status"] == "registered" and record["source"] == "online"
    assert record["committee"] == "和平社区人民调解委员会" and record["community"] == peace.id
    assert record["street"] == public_world["east"].id and record["title"] == "周晓梅与李四邻里纠纷"
    assert record["parties"] == [
        ("applicant", "周晓梅", APPLICANT_ID, APPLICANT_PHONE, "female"),
        ("respondent", "李四", None, "13987654321", None),
    ]
    assert record["requests"] == "请对方晚上十点后停止施工。"
    assert record["start_level"] == "community"  # derived from the committee when the case is saved

    # The status page: code (any case, with or without the dash) and phone give the state, nothing else.
    track = get_form(client, "/track/").fill(code=code.lower().replace("-", ""), phone=APPLICANT_PHONE)
    html = text_of(track.submit(client))
    assert "已收到，等待审查" in html
    for private in ("周晓梅", "李四", "和平社区人民调解委员会", APPLICANT_ID, "十点"):
        assert private not in html

    # The wrong phone tells nothing about whether the code exists.
    wrong = text_of(get_form(client, "/track/").fill(code=code, phone="13900000000").submit(client))
    unknown = text_of(get_form(client, "/track/").fill(code="ABCDE-FGHJK", phone=APPLICANT_PHONE).submit(client))
    assert "没有与该查询码和电话号码相符的申请" in wrong and "没有与该查询码和电话号码相符的申请" in unknown
    assert "已收到" not in wrong

    # The office sees the case and the application; when it settles, the applicant sees that.
    login_as("staff", street_id=public_world["east"].id)
    assert "周晓梅与李四邻里纠纷" in text_of(client.get("/admin/cases/"))
    applications = text_of(client.get("/admin/online_applications/"))
    assert code in applications
    case_id = in_app(lambda: db.session.scalar(select(OnlineApplication.case_id)))
    app_id = in_app(lambda: db.session.scalar(select(OnlineApplication.id)))
    assert "请对方晚上十点后停止施工" in text_of(client.get(f"/admin/online_applications/details/?id={app_id}"))
    auth.logout()

    def settle():
        db.session.get(Case, case_id).status = "settled"
        db.session.commit()

    in_app(settle)
    html = text_of(get_form(client, "/track/").fill(code=code, phone=APPLICANT_PHONE).submit(client))
    assert "已调解成功" in html and "司法确认" in html


def test_other_street_staff_do_not_see_the_application(client, public_world, in_app, login_as):
    application_form(client, in_app, public_world["peace"].id).submit(client)
    login_as("staff", street_id=public_world["west"].id)
    listing = text_of(client.get("/admin/online_applications/"))
    code = in_app(lambda: db.session.scalar(select(OnlineApplication.tracking_code)))
    assert code[:5] not in listing
    app_id = in_app(lambda: db.session.scalar(select(OnlineApplication.id)))
    assert client.get(f"/admin/online_applications/details/?id={app_id}").status_code == 302
    assert client.get("/admin/online_applications/new/").status_code == 403


def test_community_without_own_committee_goes_to_its_street_committee(client, public_world, in_app):
    lonely = public_world["lonely"]
    response = application_form(client, in_app, lonely.id, respondent_kind="organisation",
                                respondent_name="某物业公司", respondent_phone="").submit(client)
    assert response.status_code == 302
    committee = in_app(lambda: db.session.scalar(select(Committee.name).join(Case, Case.committee_id == Committee.id).limit(1)))
    assert committee == "西城街道人民调解委员会"


@pytest.mark.parametrize("overrides,message", [
    ({"applicant_id_number": "110101198503074520"}, "校验位"),
    ({"applicant_id_number": "12345"}, "18位"),
    ({"applicant_phone": "12345"}, "手机号码"),
    ({"applicant_phone": "12348"}, "手机号码"),
    ({"respondent_phone": "abc"}, "手机号码"),
    ({"respondent_kind": "organisation", "respondent_id_number": "91110000ABCDEFGHIJ"}, "统一社会信用代码"),
    ({"consent": None}, "请确认"),
    ({"facts": "长" * 2001}, "2000"),
    ({"applicant_name": ""}, "必填"),
    ({"community": ""}, "必填"),
    ({"community": "999999"}, "选"),
    ({"dispute_type": "abc"}, "必填"),
    ({"amount": "-5"}, "数值应在0至"),
])
def test_invalid_applications_are_refused_and_change_nothing(client, public_world, in_app, overrides, message):
    response = application_form(client, in_app, public_world["peace"].id, **overrides).submit(client)
    assert response.status_code == 200
    errors = " ".join(page_errors(response))
    assert errors and message in errors
    assert in_app(lambda: db.session.scalar(select(Case.id).limit(1))) is None
    assert "和平里1号楼" in text_of(response)  # what was typed stays in the form


def test_honeypot_keeps_nothing(client, public_world, in_app):
    response = application_form(client, in_app, public_world["peace"].id, website="http://spam.example").submit(client)
    assert response.status_code == 400 and "申请未能提交" in text_of(response)
    assert in_app(lambda: db.session.scalar(select(Case.id).limit(1))) is None


def test_csrf_token_is_required(client, public_world, in_app):
    form = application_form(client, in_app, public_world["peace"].id)
    form.set("csrf_token", None)
    assert form.submit(client).status_code == 400
    assert client.post("/track/", data={"code": "ABCDE-FGHJK", "phone": APPLICANT_PHONE}).status_code == 400
    assert in_app(lambda: db.session.scalar(select(Case.id).limit(1))) is None


def test_oversized_submission_is_refused(client, public_world, in_app):
    form = application_form(client, in_app, public_world["peace"].id, facts="很长" * 40_000)
    assert form.submit(client).status_code == 413
    assert in_app(lambda: db.session.scalar(select(Case.id).limit(1))) is None


def test_rate_limit_per_address_across_requests(client, app, monkeypatch, public_world, in_app):
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", {"apply": (2, 3600), "track": (3, 900)})
    for _ in range(2):
        form = application_form(client, in_app, public_world["peace"].id)
        assert form.submit(client).status_code == 302
    blocked = application_form(client, in_app, public_world["peace"].id).submit(client)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "请求过于频繁" in text_of(blocked) or "频繁" in text_of(blocked)
    assert in_app(lambda: db.session.query(Case).count()) == 2

    # Another address is not affected; the status check has its own allowance.
    other = application_form(client, in_app, public_world["peace"].id).submit(
        client, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302
    for _ in range(3):
        assert get_form(client, "/track/").fill(code="ABCDE-FGHJK", phone=APPLICANT_PHONE).submit(client).status_code == 200
    assert get_form(client, "/track/").fill(code="ABCDE-FGHJK", phone=APPLICANT_PHONE).submit(client).status_code == 429


def test_form_offers_only_communities_with_a_committee(client, public_world, make_street, make_community, in_app):
    far = make_street(name="远郊街道")  # no committee at all
    orphan = make_community(far.id, name="无人村")
    html = text_of(client.get("/apply/"))
    assert "和平社区" in html and "西山村" in html  # 西山村 has none, but its street does
    assert "无人村" not in html and "远郊街道" not in html
    assert f'<optgroup label="{public_world["east"].name}">' in html
    # Posting it anyway is refused with the reason.
    response = application_form(client, in_app, orphan.id).submit(client)
    assert response.status_code == 200 and "不是有效的选项" in " ".join(page_errors(response))


def test_deleted_case_reads_as_closed(client, public_world, in_app):
    application_form(client, in_app, public_world["peace"].id).submit(client)
    code = tracking_code(client.get("/apply/submitted"))

    def delete_case():
        db.session.delete(db.session.scalar(select(Case)))
        db.session.commit()

    in_app(delete_case)
    html = text_of(get_form(client, "/track/").fill(code=code, phone=APPLICANT_PHONE).submit(client))
    assert "已办结" in html


def test_submitted_page_without_an_application_goes_to_the_form(client):
    response = client.get("/apply/submitted")
    assert response.status_code == 302 and response.headers["Location"].endswith("/apply/")


def test_idnumbers_helper_matches_portal(app):
    from portal.services.identity import is_valid_id_number

    assert is_valid_id_number(APPLICANT_ID) and is_valid_id_number(id_number("19700101", 11))


def test_nul_characters_are_dropped_not_fatal(client, public_world, in_app):
    response = application_form(client, in_app, public_world["peace"].id, facts="装修\x00噪音", applicant_name="周\x00晓梅").submit(client)
    assert response.status_code == 302
    assert in_app(lambda: db.session.scalar(select(Case.facts))) == "装修噪音"
    track = get_form(client, "/track/").fill(code="AB\x00CDE", phone="138\x00")
    assert track.submit(client).status_code == 200
    assert client.get("/contacts/?q=%00&street=%00").status_code == 200
    assert client.get("/content/faq/?q=%00").status_code == 200


def test_rate_limit_uses_the_forwarded_address_only_behind_declared_proxies(app, monkeypatch):
    from portal.services.ratelimit import client_address

    headers = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}
    with app.test_request_context("/apply/", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.1"}):
        assert client_address() == "10.0.0.1"  # nobody declared a proxy: the header is not trusted
        monkeypatch.setitem(app.config, "PORTAL_PROXY_HOPS", 1)
        assert client_address() == "203.0.113.7"
        monkeypatch.setitem(app.config, "PORTAL_PROXY_HOPS", 2)
        assert client_address() == "1.2.3.4"


def test_apply_page_links_the_rules_once_they_are_published(client, make_entry):
    assert "/content/rule/rights-and-duties" not in text_of(client.get("/apply/"))
    make_entry("rule", slug="rights-and-duties", title="当事人的权利和义务")
    html = text_of(client.get("/apply/"))
    assert '<a href="/content/rule/rights-and-duties" lang="zh-Hans-CN">当事人的权利和义务</a>' in html


@pytest.mark.parametrize("typed", ["as shown", "lower case", "spaces", "first half"])
def test_office_finds_an_application_by_the_code_as_the_applicant_reads_it(client, public_world, in_app, login_as, typed):
    from urllib.parse import quote

    application_form(client, in_app, public_world["peace"].id).submit(client)
    shown = tracking_code(client.get("/apply/submitted"))  # ABCDE-23456
    assert application_form(client, in_app, public_world["peace"].id).submit(client).status_code == 302
    other = tracking_code(client.get("/apply/submitted"))
    term = {"as shown": shown, "lower case": shown.lower(), "spaces": shown.replace("-", " - "),
            "first half": shown[:5] + "-"}[typed]
    login_as("staff", street_id=public_world["east"].id)
    assert other in text_of(client.get("/admin/online_applications/"))
    found = text_of(client.get(f"/admin/online_applications/?search={quote(term)}"))
    assert shown in found and other not in found


def test_applicant_phone_refuses_service_numbers_with_the_office_forms_message(client, public_world, in_app):
    response = application_form(client, in_app, public_world["peace"].id, applicant_phone="12348").submit(client)
    errors = " ".join(page_errors(response))
    assert response.status_code == 200 and "13812345678" in errors and "010-64012345" in errors


def test_every_case_status_tells_the_applicant_something():
    from portal.models import CaseStatus
    from portal.services.applications import STATE_OF_CASE

    assert set(STATE_OF_CASE) == set(CaseStatus)
