"""Bad input gets a 400/404 or a message next to its field, never a 500, and saves nothing: ids and
pages beyond any real one, NUL characters, filter values of the wrong kind, NaN and infinite
amounts, dates in year 1 or 9999, novels in a notes field."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Mediator
from tests.helpers import assert_redirect, form_from_html, get_form, page_errors, text_of

HUGE = "99999999999999999999"


@pytest.mark.parametrize("url,status", [
    (f"/admin/cases/details/?id={HUGE}", 404),
    ("/admin/cases/details/?id=2147483648", 404),
    (f"/admin/cases/attachments/{HUGE}/", 404),
    ("/files/2147483648/x.pdf", 404),
    (f"/admin/mediation_sessions/new/?case_id={HUGE}", 404),
    ("/admin/cases/?page=-1", 400),
    (f"/admin/cases/?page={HUGE}", 400),
    (f"/admin/cases/?page_size={HUGE}", 400),
    ("/admin/cases/?search=%00", 400),
    ("/admin/committees/ajax/lookup/?name=committee&query=%00", 400),
    (f"/admin/cases/ajax/lookup/?name=committee&query=x&offset={HUGE}", 400),
    ("/content/notice%00/", 400),
])
def test_impossible_ids_pages_and_nul_are_refused_with_a_message(client, login_as, url, status):
    login_as("admin")
    response = client.get(url)
    assert response.status_code == status
    if status == 400:
        assert "超出了允许的范围" in text_of(response) or "不允许的字符" in text_of(response)


def test_a_page_past_the_last_is_just_empty(client, login_as):
    login_as("admin")
    assert client.get("/admin/cases/?page=99999").status_code == 200


def test_filter_values_of_the_wrong_kind_are_dropped_with_a_message(client, login_as, two_streets, make_case):
    make_case(two_streets["east_committee"].id)
    login_as("admin")
    from tests.helpers import filtered

    for label, value in (("受理日期", "0001-01-01"), ("受理日期", "2026-13-45"), ("街道", HUGE), ("街道", "abc")):
        response = filtered(client, "/admin/cases/", label, value)
        assert response.status_code == 200
        assert any("筛选值无效" in e for e in page_errors(response)), (label, value, page_errors(response))


def case_form(client, committee_id, **values):
    form = get_form(client, "/admin/cases/new/")
    return form.fill(**{"title": "合同纠纷", "committee": committee_id, "received_on": "2026-11-01", **values})


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "1e400", HUGE])
def test_amounts_that_are_not_numbers_are_refused(client, login_as, two_streets, in_app, amount):
    login_as("admin")
    response = case_form(client, two_streets["east_committee"].id, amount=amount).submit(client)
    assert response.status_code == 200
    assert any("正常的数字" in e or "必须小于" in e or "有效" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Case))) == 0


@pytest.mark.parametrize("received", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_dates_before_1900_or_far_ahead_are_refused(client, login_as, two_streets, in_app, received):
    login_as("admin")
    response = case_form(client, two_streets["east_committee"].id, received_on=received).submit(client)
    assert response.status_code == 200
    assert any("1900" in e or "晚于今天" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Case))) == 0


def test_birth_dates_before_1900_are_refused(client, login_as, two_streets, in_app):
    login_as("staff", street_id=two_streets["east"].id)
    form = get_form(client, "/admin/mediators/new/")
    form.fill(name="赵六", sex="male", street=two_streets["east"].id, employment="part_time", status="active",
              birth_date="1066-10-14")
    response = form.submit(client)
    assert "请输入 1900 年至 2199 年之间的日期。" in page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Mediator))) == 0


def test_a_note_has_a_limit_shown_in_the_form_and_a_longer_one_is_refused(client, login_as, two_streets, make_mediator, in_app):
    mediator = make_mediator(two_streets["east"].id)
    login_as("admin")
    url = f"/admin/mediators/edit/?id={mediator.id}"
    html = text_of(client.get(url))
    assert 'maxlength="5000"' in html and "最多 5,000 个字" in html
    form = form_from_html(html, url).set("notes", "长" * 5001)
    response = form.submit(client)
    assert "最多 5,000 个字。" in page_errors(response)
    assert in_app(lambda: db.session.get(Mediator, mediator.id).notes) == ""
    assert_redirect(form_from_html(html, url).set("notes", "长" * 5000).submit(client))


def test_a_step_with_a_nan_amount_is_refused(client, login_as, network, case_in, case_page, in_app):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    response = page.step("settle", kind="written", terms="赔偿", amount="NaN")
    assert response.status_code == 200 and any("正常的数字" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.get(Case, case.id).status) == "in_mediation"


def test_ids_past_the_range_in_forms_are_not_a_crash(client, login_as, two_streets, make_case, in_app):
    case = make_case(two_streets["east_committee"].id)
    login_as("admin")
    # A foreign key (an AJAX lookup field) and the version of the record.
    url = f"/admin/cases/edit/?id={case.id}"
    form = get_form(client, url)
    hostile = form.data()
    hostile.setlist("committee", [HUGE])
    assert client.post(url, data=hostile).status_code == 200
    response = form.set("record_version", HUGE).set("facts", "改了").submit(client)
    assert response.status_code == 200 and any("版本" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.get(Case, case.id).facts) != "改了"
    # Row ids of a bulk action.
    token = form.get("csrf_token")
    response = client.post("/admin/cases/action/", data={"csrf_token": token, "action": "accept", "rowid": [HUGE, "2147483648"]})
    assert response.status_code in (302, 404)


def test_a_service_writing_an_impossible_value_is_stopped_before_the_database(app, two_streets, make_case):
    from portal.models.limits import ValueOutOfRange

    case = make_case(two_streets["east_committee"].id)
    with app.app_context():
        stored = db.session.get(Case, case.id)
        for field, value in (("amount", Decimal("NaN")), ("received_on", date(1, 1, 1)), ("facts", "长" * 20_001)):
            setattr(stored, field, value)
            with pytest.raises(ValueOutOfRange) as refused:
                db.session.flush()
            assert field in str(refused.value.args) or str(refused.value)
            db.session.rollback()
            stored = db.session.get(Case, case.id)
        db.session.remove()


@pytest.mark.parametrize("url", [
    "/admin/cases/ajax/lookup/?name=committee&query=x&_=1733212345678",  # a script's cache buster
    "/admin/cases/?search=110105194912310021",                           # an ID number searched for
    "/admin/mediators/?search=13812345678",
])
def test_long_numbers_that_are_not_ids_pass_the_guard(client, login_as, url):
    login_as("admin")
    assert client.get(url).status_code == 200
