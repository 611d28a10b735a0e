"""Exports stream: rows are read a chunk at a time from a cursor and sent as they are written,
with the same content as a page (parties' names masked for inspectors in every chunk)."""
import csv
import io

import pytest
from openpyxl import load_workbook

from admin_views import exports
from portal.models.users import Role


@pytest.fixture
def many_cases(two_streets, make_case, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)  # 5 cases: three chunks
    committee = two_streets["east_committee"].id
    return [make_case(committee, title=f"张三与李四纠纷{n}").id for n in range(5)]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_csv_streams_every_chunk(client, login_as, many_cases):
    login_as("admin")
    response = client.get("/admin/cases/export/csv/")
    assert response.is_streamed and response.headers["Content-Disposition"].startswith("attachment;")
    rows = csv_rows(response)
    assert rows[0][:2] == ["案件编号", "标题"]
    assert sorted(row[1] for row in rows[1:]) == [f"张三与李四纠纷{n}" for n in range(5)]


def test_names_stay_masked_in_every_chunk(client, login_as, many_cases):
    login_as(Role.VIEWER)
    rows = csv_rows(client.get("/admin/cases/export/csv/"))
    titles = [row[1] for row in rows[1:]]
    assert len(titles) == 5 and not any("张三" in title or "李四" in title for title in titles), titles


def test_xlsx_streams_the_same_rows(client, login_as, many_cases):
    login_as("admin")
    response = client.get("/admin/cases/export/xlsx/?search=纠纷")
    assert response.is_streamed
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        f"张三与李四纠纷{n}" for n in range(5)]


def test_the_row_cap_still_holds(client, app, login_as, many_cases, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_EXPORT_MAX_ROWS", 3)
    login_as("admin")
    assert len(csv_rows(client.get("/admin/cases/export/csv/"))) == 1 + 3
