"""Bad input gets a clear, translated message, keeps the form and saves nothing."""
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Committee, CommitteeMembership, Mediator, TrainingSession
from tests.helpers import assert_redirect, form_from_html, get_form, page_errors, text_of
from tests.idnumbers import male_id


def count(in_app, model):
    return in_app(lambda: db.session.scalar(select(func.count()).select_from(model)))


def mediator_form(client, street_id, **values):
    form = get_form(client, "/admin/mediators/new/")
    form.fill(**{"name": "赵六", "sex": "male", "street": street_id, "employment": "part_time", "status": "active", **values})
    return form


@pytest.mark.parametrize("values,message", [
    ({"id_number": "110105194912310021"}, "身份证号码校验位不正确，请逐位核对。"),
    ({"id_number": "11010519491231"}, "身份证号码为18位：前17位为数字，最后一位为数字或X。"),
    ({"id_number": "110105194902300028"}, "身份证号码中的出生日期不是有效日期。"),
    ({"mobile": "1381234567"}, "手机号码为11位数字，以13至19开头。"),
    ({"landline": "12345"}, "请输入固定电话，如 010-64012345。"),
    ({"birth_date": "2999-01-01"}, "日期不能晚于今天。"),
    ({"id_number": male_id("19800101"), "birth_date": "1981-01-01"}, "出生日期与身份证号码不符。"),
    ({"id_number": male_id("19800101"), "sex": "female"}, "性别与身份证号码不符。"),
])
def test_mediator_bad_values_are_refused(client, login_as, two_streets, in_app, values, message):
    login_as("staff", street_id=two_streets["east"].id)
    form = mediator_form(client, two_streets["east"].id, **values)
    response = form.submit(client)
    assert response.status_code == 200
    assert message in page_errors(response), page_errors(response)
    # The form keeps what was typed.
    assert 'value="赵六"' in text_of(response)
    assert count(in_app, Mediator) == 0


def test_missing_required_fields(client, login_as, two_streets, in_app):
    login_as("admin")
    form = get_form(client, "/admin/cases/new/")
    form.fill(title="", committee=two_streets["east_committee"].id, received_on="2026-11-01")
    response = form.submit(client)
    assert "此项为必填项。" in page_errors(response)
    assert count(in_app, Case) == 0


def test_required_message_is_traditional_for_traditional_readers(client, login_as, two_streets):
    login_as("admin")
    client.get("/locale/zh_Hant_TW")
    form = get_form(client, "/admin/cases/new/")
    form.fill(title="")
    response = form.submit(client)
    assert "此項為必填項。" in page_errors(response)


def test_training_end_before_start(client, login_as, two_streets, in_app):
    login_as("admin")
    form = get_form(client, "/admin/training_sessions/new/")
    kind = form.get("kind") or ""
    form.fill(title="倒序培训", kind=kind, starts_at="2026-12-01 12:00:00", ends_at="2026-12-01 09:00:00", hours="3")
    response = form.submit(client)
    assert "必须晚于“开始时间”。" in page_errors(response)
    assert count(in_app, TrainingSession) == 0


def test_membership_term_end_before_start(client, login_as, two_streets, make_mediator, in_app):
    login_as("admin")
    mediator = make_mediator(two_streets["east"].id)
    form = get_form(client, f"/admin/committees/edit/?id={two_streets['east_committee'].id}")
    form.fill(**{"memberships-0-mediator": mediator.id, "memberships-0-post": "member", "memberships-0-selection": "elected",
                 "memberships-0-term_start": "2026-01-01", "memberships-0-term_end": "2025-01-01"})
    response = form.submit(client)
    assert "必须晚于“任期开始”。" in page_errors(response)
    assert count(in_app, CommitteeMembership) == 0


def test_duplicate_committee_name_in_one_street(client, login_as, two_streets, in_app):
    login_as("admin")
    form = get_form(client, "/admin/committees/new/")
    form.fill(name="东华街道人民调解委员会", level="street", street=two_streets["east"].id)
    response = form.submit(client)
    assert any("已有其他记录使用相同的街道、名称" in e for e in page_errors(response)), page_errors(response)
    assert count(in_app, Committee) == 2
    # The same name in another street is fine.
    form.set("street", two_streets["west"].id)
    assert_redirect(form.submit(client))
    assert count(in_app, Committee) == 3


def test_party_with_invalid_id_or_credit_code(client, login_as, two_streets, in_app):
    login_as("admin")
    form = get_form(client, "/admin/cases/new/")
    form.fill(title="合同纠纷", committee=two_streets["east_committee"].id, received_on="2026-11-01",
              start_level="community", status="registered")
    form.fill(**{"parties-0-role": "applicant", "parties-0-kind": "organisation", "parties-0-name": "某公司",
                 "parties-0-id_number": "91350100M000100Y44",
                 "parties-1-role": "respondent", "parties-1-kind": "person", "parties-1-name": "王五",
                 "parties-1-id_number": "110105194912310021", "parties-1-phone": "12"})
    response = form.submit(client)
    errors = page_errors(response)
    assert "统一社会信用代码无效。" in errors
    assert "身份证号码校验位不正确，请逐位核对。" in errors
    assert any("手机号码" in e for e in errors)
    assert count(in_app, Case) == 0


@pytest.fixture
def rival(app, in_app):
    """A second district-office user in their own browser."""
    from tests.fixtures.accounts import Auth

    other = app.test_client()
    Auth(other).login(in_app(_make_admin))
    return other


def mediator_of(in_app, mediator_id):
    return in_app(lambda: (lambda m: (m.name, m.speciality, m.mobile))(db.session.get(Mediator, mediator_id)))


def test_stale_edit_is_refused_then_merged_without_loss(client, rival, login_as, two_streets, make_mediator, in_app):
    mediator = make_mediator(two_streets["east"].id, name="原名", mobile="13900000000")
    login_as("admin")
    url = f"/admin/mediators/edit/?id={mediator.id}"
    mine = get_form(client, url)

    theirs = get_form(rival, url)
    theirs.set("speciality", "物业纠纷")
    assert_redirect(theirs.submit(rival))

    mine.set("name", "我的新名字")
    response = mine.submit(client)
    assert response.status_code == 200
    errors = page_errors(response)
    assert any("其他人已保存了此记录" in e for e in errors), errors
    assert mediator_of(in_app, mediator.id) == ("原名", "物业纠纷", "13900000000")  # nothing of mine saved

    # The form now holds my change and theirs; saving again loses neither.
    again = form_from_html(text_of(response), url)
    assert again.get("name") == "我的新名字" and again.get("speciality") == "物业纠纷"
    assert_redirect(again.submit(client))
    assert mediator_of(in_app, mediator.id) == ("我的新名字", "物业纠纷", "13900000000")


def test_stale_edit_of_the_same_field_is_named_and_keeps_my_input(client, rival, login_as, two_streets, make_mediator, in_app):
    mediator = make_mediator(two_streets["east"].id, name="原名")
    login_as("admin")
    url = f"/admin/mediators/edit/?id={mediator.id}"
    mine = get_form(client, url)
    theirs = get_form(rival, url)
    theirs.set("mobile", "13711112222")
    assert_redirect(theirs.submit(rival))

    mine.set("mobile", "13633334444")
    response = mine.submit(client)
    assert any("你们都修改了手机号码" in e or "您与对方都修改了手机号码" in e for e in page_errors(response)), page_errors(response)
    assert form_from_html(text_of(response), url).get("mobile") == "13633334444"
    assert mediator_of(in_app, mediator.id)[2] == "13711112222"


def _make_admin():
    from portal.models import User

    user = User(username="second-admin", display_name="第二管理员", role="admin")
    user.set_password("correct-horse-battery")
    db.session.add(user)
    db.session.commit()
    return user.username


def test_lookup_needs_an_english_name(client, login_as, in_app):
    from portal.models import DisputeType

    login_as("admin")
    before = count(in_app, DisputeType)
    form = get_form(client, "/admin/dispute_types/new/")
    form.fill(code="ecommerce", name="电子商务", name_en="", sort_order="10")
    response = form.submit(client)
    assert "此项为必填项。" in page_errors(response)
    assert count(in_app, DisputeType) == before
    form.set("name_en", "E-commerce")
    assert_redirect(form.submit(client))
    # The Traditional name was derived from the Simplified one.
    assert in_app(lambda: db.session.scalar(select(DisputeType.name_zh_hant).where(DisputeType.code == "ecommerce"))) == "電子商務"


def test_a_database_error_is_reported_without_its_sql(client, login_as, two_streets, make_mediator, monkeypatch):
    from sqlalchemy.exc import DataError

    from portal.extensions import db as database

    mediator = make_mediator(two_streets["east"].id)
    login_as("admin")
    form = get_form(client, f"/admin/mediators/edit/?id={mediator.id}")

    def failing_commit():
        raise DataError("UPDATE mediators SET name=%(name)s", {"name": "x"}, Exception("invalid byte sequence"))

    monkeypatch.setattr(database.session, "commit", failing_commit)
    response = form.set("speciality", "新专长").submit(client)
    errors = page_errors(response)
    assert "记录无法保存，未保存任何内容。" in errors
    assert not any("UPDATE" in e or "invalid byte" in e for e in errors)
