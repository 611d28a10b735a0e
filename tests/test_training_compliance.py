"""The training rule is a setting; the compliance report lists who falls short, and exports it."""
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingRequirement
from portal.services import training
from tests.fixtures.training import days_ago, this_year
from tests.helpers import assert_redirect, get_form, page_errors, text_of


@pytest.fixture
def staffed(two_streets, make_members, make_committee, make_training, make_attendance, set_rule):
    """East: 老陈 (full-time, 12 h), 小林 (part-time, 4 h), 新人 (joined 2 months ago, no pre-service);
    a second east committee with 老王 (part-time, 0 h). West: 西西 (full-time, 0 h)."""
    set_rule(annual_full=Decimal("12"), annual_part=Decimal("6"), pre_service=Decimal("8"), months=6)
    east, west = two_streets["east"].id, two_streets["west"].id
    year = this_year()
    joined_long_ago = date(year - 5, 3, 1)
    ids = {}
    for name, employment, joined in (("老陈", "full_time", joined_long_ago), ("小林", "part_time", joined_long_ago)):
        ids.update({n: i for i, n in make_members(two_streets["east_committee"].id, east, [name], employment=employment, joined_on=joined)})
    ids.update({n: i for i, n in make_members(two_streets["east_committee"].id, east, ["新人"], employment="part_time",
                                                     joined_on=max(date(year, 1, 1), days_ago(60)))})
    second = make_committee(east, name="和平社区人民调解委员会", level="community")
    ids.update({n: i for i, n in make_members(second.id, east, ["老王"], employment="part_time", joined_on=joined_long_ago)})
    ids.update({n: i for i, n in make_members(two_streets["west_committee"].id, west, ["西西"], employment="full_time", joined_on=joined_long_ago)})
    long_course = make_training(title="全年课程", kind_code="periodic", starts_at=datetime(year, 1, 5, 9),
                                ends_at=datetime(year, 1, 7, 17), hours=Decimal("12"), location_text="区司法局")
    last_year = make_training(title="去年的培训", kind_code="periodic", starts_at=datetime(year - 1, 6, 1, 9),
                              ends_at=datetime(year - 1, 6, 3, 17), hours=Decimal("20"), location_text="区司法局")
    make_attendance(long_course.id, ids["老陈"], hours=Decimal("12"))
    make_attendance(long_course.id, ids["小林"], hours=Decimal("4"))
    make_attendance(long_course.id, ids["老王"], hours=Decimal("0"), status="absent")
    make_attendance(last_year.id, ids["老王"], hours=Decimal("20"))
    return {**two_streets, "ids": ids, "second": second}


def shown(response):
    import re

    return set(re.findall(r'<tr data-mediator="\d+"[^>]*>\s*<td><a [^>]*>([^<]+)</a>', text_of(response)))


def test_report_lists_who_falls_short(client, login_as, staffed):
    login_as("admin")
    response = client.get(f"/admin/training_compliance/?year={this_year()}")
    # 老陈 has his 12 h; 小林 has 4 of 6; 新人 lacks pre-service; 老王's absence and last year's hours don't count.
    assert shown(response) == {"小林", "新人", "老王", "西西"}
    assert shown(client.get(f"/admin/training_compliance/?year={this_year()}&show=all")) == {"老陈", "小林", "新人", "老王", "西西"}


def test_report_filters_by_street_committee_and_employment(client, login_as, staffed):
    login_as("admin")
    base = f"/admin/training_compliance/?year={this_year()}"
    assert shown(client.get(f"{base}&street={staffed['east'].id}")) == {"小林", "新人", "老王"}
    assert shown(client.get(f"{base}&street={staffed['east'].id}&committee={staffed['second'].id}")) == {"老王"}
    assert shown(client.get(f"{base}&employment=full_time")) == {"西西"}
    # A committee of another street than the one chosen is ignored, not trusted.
    assert shown(client.get(f"{base}&street={staffed['west'].id}&committee={staffed['second'].id}")) == {"西西"}


def test_staff_see_only_their_street_in_the_report(client, login_as, staffed):
    login_as("staff", street_id=staffed["west"].id)
    assert shown(client.get(f"/admin/training_compliance/?year={this_year()}&street={staffed['east'].id}")) == {"西西"}
    workbook = load_workbook(io.BytesIO(client.get(f"/admin/training_compliance/export/xlsx/?year={this_year()}").data))
    names = {row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert names == {"西西"}


def test_last_year_report_uses_last_year_hours(client, login_as, staffed):
    login_as("admin")
    # Last year 老王 did 20 h; nobody else trained; 新人 had not joined.
    assert shown(client.get(f"/admin/training_compliance/?year={this_year() - 1}")) == {"老陈", "小林", "西西"}


def test_export_xlsx_has_the_rows_and_the_street_summary(client, login_as, staffed):
    login_as("trainer")
    client.get("/locale/en")
    response = client.get(f"/admin/training_compliance/export/xlsx/?year={this_year()}")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book["Mediators"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Full name", "Street", "Committees")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"小林", "新人", "老王", "西西"}
    assert by_name["小林"][6:9] == (4, 6, 2)
    assert by_name["新人"][5] == "Yes" and by_name["新人"][10] == 8
    summary = list(book["By street"].iter_rows(values_only=True))
    assert summary[0] == ("Street", "Active mediators", "Short of hours", "New without pre-service training")
    # Short of hours: 小林, 老王 and 新人 (who owes hours pro rata from joining).
    assert ("东华街道", 4, 3, 1) in summary


def test_only_the_district_office_changes_the_rule(client, in_app, login_as, auth, make_user, staffed):
    login_as("staff", street_id=staffed["east"].id)
    rule_id = in_app(lambda: db.session.scalar(select(TrainingRequirement.id)))
    assert client.get("/admin/training_requirements/").status_code == 200
    assert client.get(f"/admin/training_requirements/edit/?id={rule_id}").status_code == 403
    assert client.post(f"/admin/training_requirements/edit/?id={rule_id}", data={}).status_code in (400, 403)
    auth.logout()

    admin = make_user(role="admin")
    auth.login(admin.username)
    form = get_form(client, f"/admin/training_requirements/edit/?id={rule_id}")
    assert_redirect(form.fill(annual_hours_part_time="4").submit(client))
    # 小林 now meets the part-time hours.
    assert "小林" not in shown(client.get(f"/admin/training_compliance/?year={this_year()}"))


def test_a_new_rule_from_next_year_leaves_this_year_alone(client, in_app, login_as, staffed):
    login_as("admin")
    form = get_form(client, "/admin/training_requirements/new/")
    form.fill(effective_year=this_year() + 1, annual_hours_full_time="40", annual_hours_part_time="40",
              pre_service_hours="8", new_mediator_months="6")
    assert_redirect(form.submit(client))
    assert "老陈" not in shown(client.get(f"/admin/training_compliance/?year={this_year()}"))
    assert "老陈" in shown(client.get(f"/admin/training_compliance/?year={this_year() + 1}"))


@pytest.mark.parametrize("values,message", [
    ({"effective_year": "1900"}, "Number must be between 2000 and 2100."),
    ({"new_mediator_months": "0"}, "Number must be between 1 and 120."),
    ({"pre_service_hours": "-2"}, "Number must be between 0 and 999."),
    ({"effective_year": "2000"}, "Already exists."),
])
def test_bad_rules_are_refused(client, in_app, login_as, staffed, values, message):
    login_as("admin")
    client.get("/locale/en")
    form = get_form(client, "/admin/training_requirements/new/")
    form.fill(effective_year="2030", annual_hours_full_time="20", annual_hours_part_time="20",
              pre_service_hours="8", new_mediator_months="12").fill(**values)
    response = form.submit(client)
    assert response.status_code == 200 and message in " ".join(page_errors(response))
    assert in_app(lambda: db.session.query(TrainingRequirement).count()) == 1


def test_the_last_rule_cannot_be_deleted(client, in_app, login_as, staffed):
    login_as("admin")
    delete = get_form(client, "/admin/training_requirements/", match="/delete/")
    response = delete.submit(client, follow_redirects=True)
    assert in_app(lambda: db.session.query(TrainingRequirement).count()) == 1
    assert page_errors(response)


def test_annual_hours_are_pro_rata_in_the_joining_year(app):
    rule = TrainingRequirement(annual_hours_full_time=Decimal("24"), annual_hours_part_time=Decimal("12"),
                               pre_service_hours=Decimal("8"), new_mediator_months=12, effective_year=2000)
    assert training.annual_hours_required("full_time", date(2026, 10, 15), 2026, rule) == Decimal("6.0")
    assert training.annual_hours_required("part_time", date(2026, 1, 1), 2026, rule) == Decimal("12.0")
    assert training.annual_hours_required("full_time", date(2020, 10, 15), 2026, rule) == Decimal("24")
    assert training.annual_hours_required("full_time", date(2027, 1, 1), 2026, rule) == Decimal("0")
    assert training.annual_hours_required("full_time", None, 2026, rule) == Decimal("24")


def test_who_counts_as_new(app):
    rule = TrainingRequirement(new_mediator_months=6)
    on = date(2026, 8, 31)
    assert training.is_new(date(2026, 3, 1), on, rule)
    assert not training.is_new(date(2026, 2, 28), on, rule)
    assert not training.is_new(None, on, rule)
    assert not training.is_new(date(2026, 9, 1), on, rule)


def test_the_report_in_sql_agrees_with_the_rule_mediator_by_mediator(app, staffed):
    """Hours due, the new flag and who falls short come from SQL: the same as the rule's Python."""
    from portal.models import Mediator

    with app.app_context():
        report = training.compliance_report(this_year(), training.mediator_filter())
        rows = report.rows
        assert len(rows) == report.count() == 5
        for row in rows:
            mediator = db.session.get(Mediator, row.mediator_id)
            assert row.required == training.annual_hours_required(mediator.employment, mediator.joined_on,
                                                                  this_year(), report.rule), row.name
            assert row.is_new == training.is_new(mediator.joined_on, report.on, report.rule), row.name
        assert report.count(short_only=True) == len(report.short_rows) == 4
        assert dict((name, rest) for name, *rest in report.by_street()) == {
            "东华街道": [4, 3, 1], "西城街道": [1, 1, 0]}
        # A page reads only its rows.
        assert [row.name for row in report.page(offset=1, limit=2)] == [row.name for row in rows[1:3]]


def test_pro_rata_hours_in_sql_for_every_month_joined(app, two_streets, make_members, set_rule):
    set_rule(annual_full=Decimal("20"), annual_part=Decimal("7"), pre_service=Decimal("8"), months=6)
    year = this_year()
    for month in range(1, 13):
        make_members(two_streets["east_committee"].id, two_streets["east"].id, [f"月{month}"],
                     employment="part_time" if month % 2 else "full_time", joined_on=date(year - 1, month, 15))
    with app.app_context():
        report = training.compliance_report(year - 1, training.mediator_filter())
        for row in report.rows:
            assert row.required == training.annual_hours_required(row.employment, row.joined_on, year - 1, report.rule)
