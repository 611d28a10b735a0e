"""The screening figures per street and month against numbers worked out by hand, what the monthly
report takes, the early-warning board and the dashboard's panels."""
import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Committee, DisputeType, Grid, Lead, PreventionRecord, RiskLevel, ScreeningRound,
)
from portal.services.screening import figures
from portal.services.screening import leads as lead_rules
from tests.helpers import text_of

JUNE = datetime(2025, 6, 10, 9, 0)


def _lead(grid_id, level, at, type_code="neighbour"):
    grid = db.session.get(Grid, grid_id)
    lead = Lead(grid=grid, found_on=at.date(), reported_at=at, level=level, description="线索", people_involved=2,
                dispute_type=db.session.scalar(select(DisputeType).where(DisputeType.code == type_code)))
    lead_rules.report(lead, now=at)
    return lead


@pytest.fixture
def june(app, screening_world):
    """East street in June 2025: two rounds, five leads ended in known ways; west: one lead in July."""
    w = screening_world
    with app.app_context():
        heping = db.session.get(Grid, w["heping1"].id).community
        db.session.add_all([
            ScreeningRound(street_id=w["east"].id, held_on=date(2025, 6, 3), screeners="甲", households_visited=100,
                           units_visited=10, communities=[heping], grids=[db.session.get(Grid, w["qingnian1"].id)]),
            ScreeningRound(street_id=w["east"].id, held_on=date(2025, 6, 20), screeners="乙", households_visited=50,
                           units_visited=10, grids=[db.session.get(Grid, w["heping1"].id)]),
            ScreeningRound(street_id=w["west"].id, held_on=date(2025, 7, 2), screeners="丙", households_visited=30,
                           units_visited=1, found_none=True, grids=[db.session.get(Grid, w["west1"].id)]),
        ])
        yellow_resolved = _lead(w["heping1"].id, "yellow", JUNE)
        lead_rules.resolve(yellow_resolved, note="化解", now=JUNE + timedelta(hours=10))
        yellow_converted = _lead(w["heping2"].id, "yellow", JUNE, type_code="property_management")
        committee = db.session.get(Committee, w["community_committee"].id)
        case, _event = lead_rules.convert_to_case(yellow_converted, committee=committee, now=JUNE + timedelta(hours=20))
        _lead(w["heping1"].id, "yellow", JUNE + timedelta(days=5))
        red = _lead(w["qingnian1"].id, "red", JUNE + timedelta(days=1), type_code="labour")
        lead_rules.resolve(red, note="化解", now=JUNE + timedelta(days=1, hours=2))
        orange = _lead(w["heping2"].id, "orange", JUNE + timedelta(days=2))
        lead_rules.close(orange, note="风险消除", now=JUNE + timedelta(days=2, hours=5))
        _lead(w["west1"].id, "orange", datetime(2025, 7, 8, 9, 0))
        db.session.add_all([
            PreventionRecord(kind="suicide", lead=red, prevented_on=date(2025, 6, 11), persons=3),
            PreventionRecord(kind="group_fight", case=case, prevented_on=date(2025, 6, 30), persons=10),
            PreventionRecord(kind="suicide", lead=orange, prevented_on=date(2025, 7, 1), persons=1),
        ])
        db.session.commit()
        db.session.remove()
    return w


def test_the_figures_of_a_street_and_month(app, june):
    with app.app_context():
        table = figures.year_table(2025)
        east = table.cell(june["east"].id, 6)
        assert (east.rounds_held, east.grids_covered, east.households_visited, east.units_visited) == (2, 3, 150, 20)
        assert east.leads_found == 5
        assert east.by_level == {RiskLevel.RED: 1, RiskLevel.ORANGE: 1, RiskLevel.YELLOW: 3}
        assert (east.resolved_on_spot, east.converted, east.closed, east.handed_over, east.still_open) == (2, 1, 1, 0, 1)
        assert east.share_resolved == pytest.approx(0.4) and east.share_converted == pytest.approx(0.2)
        assert east.response_hours("yellow") == pytest.approx(15)
        assert east.response_hours("red") == pytest.approx(2) and east.response_hours("orange") == pytest.approx(5)
        west = table.cell(june["west"].id, 7)
        assert (west.rounds_held, west.grids_covered, west.leads_found, west.still_open) == (1, 1, 1, 1)
        assert west.response_hours("orange") is None

        total = table.total()
        assert (total.rounds_held, total.grids_covered, total.leads_found) == (3, 4, 6)
        assert table.month_total(6).grids_covered == 3 and table.street_total(june["east"].id).leads_found == 5
        assert {label: count for label, _counts, count in table.by_kind} == {"邻里": 4, "物业": 1, "劳动争议": 1}
        labour = next(counts for label, counts, _count in table.by_kind if label == "劳动争议")
        assert labour == {RiskLevel.RED: 1, RiskLevel.ORANGE: 0, RiskLevel.YELLOW: 0}

        east_only = figures.year_table(2025, [june["east"].id])
        assert east_only.total().leads_found == 5 and east_only.total().grids_covered == 3
        db.session.remove()


def test_what_the_monthly_report_takes(app, june):
    with app.app_context():
        report = figures.monthly_report_figures(2025, 6, june["east"].id)
        assert report.has_records and report.screened == 5
        assert (report.prevention["suicide"].cases, report.prevention["suicide"].persons) == (1, 3)
        assert (report.prevention["group_fight"].cases, report.prevention["group_fight"].persons) == (1, 10)
        assert report.prevention["criminal"].cases == 0 and report.prevention["group_petition"].persons == 0

        everywhere = figures.monthly_report_figures(2025, 7)
        assert everywhere.screened == 1 and everywhere.prevention["suicide"].cases == 1 and everywhere.has_records
        west_june = figures.monthly_report_figures(2025, 6, june["west"].id)
        assert west_june.has_records is False and west_june.screened == 0
        assert figures.monthly_report_figures(2025, 8).has_records is False
        db.session.remove()


def test_the_figures_page_and_its_export(client, login_as, auth, june):
    login_as("admin")
    html = text_of(client.get("/admin/screening_figures/?year=2025"))
    assert "2025年排查统计" in html and "东华街道" in html and "西城街道" in html and "40.0%" in html
    data = client.get("/admin/screening_figures/export/xlsx/?year=2025").data
    book = load_workbook(io.BytesIO(data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    east = next(row for row in rows if row[0] == "东华街道")
    assert east[1:6] == (2, 3, 150, 20, 5)
    auth.logout()
    login_as("staff", street_id=june["east"].id)
    html = text_of(client.get("/admin/screening_figures/?year=2025"))
    assert "东华街道" in html and "西城街道" not in html
    html = text_of(client.get(f"/admin/screening_figures/?year=2025&street={june['west'].id}"))
    assert "西城街道" not in html  # another street cannot be asked for
    assert client.get("/admin/screening_figures/?year=abc").status_code == 200
    # A number no database integer holds is refused by the request guard, with its message.
    assert client.get("/admin/screening_figures/?year=99999999999999").status_code == 400


def test_the_board_lists_open_red_and_orange_leads_oldest_first(client, login_as, auth, screening_world, make_lead):
    w = screening_world
    make_lead(w["heping1"].id, level="red", hours_ago=1, description="刚上报的红色线索")
    old_orange = make_lead(w["heping2"].id, level="orange", hours_ago=30, description="超期的橙色线索",
                           type_code="labour")
    make_lead(w["heping1"].id, level="yellow", hours_ago=2, description="黄色线索不上看板")
    make_lead(w["west1"].id, level="red", hours_ago=3, description="西城的红色线索")

    login_as("admin")
    html = text_of(client.get("/admin/screening_board/"))
    assert html.index("超期的橙色线索") < html.index("西城的红色线索") < html.index("刚上报的红色线索")
    assert "黄色线索不上看板" not in html
    assert "已超期" in html and "3条线索在跟进" in html and "1条已超期" in html
    assert "超期的橙色线索" not in text_of(client.get("/admin/screening_board/?level=red"))
    only_west = text_of(client.get(f"/admin/screening_board/?street={w['west'].id}"))
    assert "西城的红色线索" in only_west and "刚上报的红色线索" not in only_west
    overdue = text_of(client.get("/admin/screening_board/?overdue=1"))
    assert "超期的橙色线索" in overdue and "刚上报的红色线索" not in overdue
    labour = old_orange.dispute_type_id
    assert "刚上报的红色线索" not in text_of(client.get(f"/admin/screening_board/?kind={labour}"))
    for nonsense in ("?level=purple", "?street=abc", "?kind=-1", "?page=0"):
        assert client.get("/admin/screening_board/" + nonsense).status_code == 200, nonsense
    assert client.get("/admin/screening_board/?page=99999999999").status_code == 400  # the request guard's

    auth.logout()
    login_as("staff", street_id=w["east"].id)
    html = text_of(client.get("/admin/screening_board/"))
    assert "刚上报的红色线索" in html and "西城的红色线索" not in html
    assert "西城的红色线索" not in text_of(client.get(f"/admin/screening_board/?street={w['west'].id}"))


def test_a_red_lead_shows_on_the_dashboards_at_once(app, client, login_as, auth, screening_world, make_lead, make_user):
    from flask import render_template

    from admin_views.screening import dashboard

    w = screening_world
    make_lead(w["heping1"].id, level="red", hours_ago=20, description="工地欠薪聚集")

    login_as("admin")
    home = text_of(client.get("/admin/"))
    assert "在办红色线索" in home and "超期线索" in home
    staff = make_user(role="staff", street_id=w["east"].id)
    west_staff = make_user(role="staff", street_id=w["west"].id)
    admin = make_user(role="admin")
    reporter = make_user(role="reporter")
    with app.test_request_context("/admin/"):
        from flask_login import login_user

        login_user(admin)
        panel = dashboard.district_panel(admin)
        assert [section["total"] for section in panel.sections] == [1, 1]
        html = render_template(panel.template, panel=panel)
        assert "工地欠薪聚集" not in html and "和平第1网格" in html and "红色" in html
        assert dashboard.street_panel(admin) is None
        assert dashboard.street_panel(staff).sections[0]["total"] == 1
        assert dashboard.street_panel(west_staff).sections[0]["total"] == 0
        assert dashboard.district_panel(staff) is None
        assert dashboard.district_panel(reporter) is None and dashboard.street_panel(reporter) is None
        db.session.remove()
