"""An export imports back unchanged: every importable list, as XLSX and as CSV, in each language."""
from datetime import date
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Case, CaseStatus, Committee, Grid, JudgeLiaisonPoint, Mediator
from portal.models.screening import Reporter, ReporterKind
from tests.fixtures.accounts import saved

LISTS = ("committees", "mediators", "cases", "grids", "grid_reporters", "partner_bodies", "liaison_points")


@pytest.fixture
def ledgers(app, network, make_grid, make_case, in_app):
    """A street with something of every importable kind, personal data and typed values included."""
    grid = make_grid(network["community"].id, name="和平社区第一网格")

    def code_and_dates():
        committee = db.session.get(Committee, network["community_committee"].id)
        committee.code, committee.established_on, committee.registered_on = "DH-HP", date(2018, 3, 1), date(2018, 3, 15)
        mediator = db.session.get(Mediator, network["mediator"].id)
        mediator.birth_date, mediator.joined_on, mediator.is_lawyer = date(1970, 1, 1), date(2019, 6, 1), True
        db.session.commit()

    in_app(code_and_dates)
    case = make_case(network["community_committee"].id, title="张某与李某邻里纠纷", number="（2024）和平调字第0001号",
                     status=CaseStatus.SETTLED, received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 2),
                     concluded_on=date(2024, 3, 20), amount=Decimal("12345.50"))

    make_case(network["community_committee"].id, title="刚登记的案件")  # registered: no number yet
    make_case(network["street_committee"].id, title="不予受理的案件", status=CaseStatus.REFUSED,
              refusal_reason="已起诉", referred_to="人民法院")

    def staffed():
        record = db.session.get(Case, case.id)
        record.mediators = [db.session.get(Mediator, network["mediator"].id)]
        db.session.commit()

    in_app(staffed)
    saved(app, lambda: JudgeLiaisonPoint(name="和平社区法官联系点", street_id=network["street"].id,
                                         community_id=network["community"].id, court_id=network["court"].id,
                                         judge_name="李明", phone="010-64012345", opening_hours="每周三上午"))
    saved(app, lambda: Reporter(name="王建国", phone="13812345678", kind=ReporterKind.GRID_WORKER,
                                street_id=network["street"].id, grids=[db.session.get(Grid, grid.id)]))
    return network


@pytest.mark.parametrize("endpoint", LISTS)
def test_an_xlsx_export_imports_back_with_no_changes(client, login_as, ledgers, importer, endpoint, upload_dir):
    login_as("admin")
    export = client.get(f"/admin/{endpoint}/export/xlsx/")
    assert export.status_code == 200
    token, preview = importer.load(endpoint, export.data, f"{endpoint}.xlsx")
    assert preview.rows, preview.html[:2000]
    assert set(preview.statuses().values()) == {"unchanged"}, preview.rows


@pytest.mark.parametrize("endpoint", ("committees", "mediators", "cases"))
def test_a_csv_export_imports_back_with_no_changes(client, login_as, ledgers, importer, endpoint, upload_dir):
    login_as("staff", street_id=ledgers["street"].id)
    export = client.get(f"/admin/{endpoint}/export/csv/")
    token, preview = importer.load(endpoint, export.data, f"{endpoint}.csv")
    assert preview.rows
    assert set(preview.statuses().values()) == {"unchanged"}, preview.rows


@pytest.mark.parametrize("locale", ("zh_Hant_TW", "en"))
def test_an_export_in_another_language_imports_back_unchanged(client, login_as, ledgers, importer, locale, upload_dir):
    login_as("admin")
    client.get(f"/locale/{locale}")
    export = client.get("/admin/cases/export/xlsx/").data
    client.get("/locale/zh_Hans_CN")
    token, preview = importer.load("cases", export)
    assert set(preview.statuses().values()) == {"unchanged"}, preview.rows
    assert not any(row["problems"] for row in preview.rows.values())
