"""Exports people can compute with: real dates and numbers formatted by the cell, the screen's
name as the sheet's, a frozen bold header, column widths, and no technical names anywhere."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.models import ContentType
from portal.models.lookups import LOOKUP_MODELS
from tests.test_i18n_pages import english_words, usernames


@pytest.fixture
def world(network, make_case, make_grid, make_training):
    make_case(network["community_committee"].id, number="（2024）和平调字第0001号", status="settled",
              received_on=date(2024, 1, 1), accepted_on=date(2024, 1, 2), concluded_on=date(2024, 1, 20),
              amount=Decimal("12345.50"))
    make_grid(network["community"].id)
    make_training(office_id=network["office"].id, starts_at=datetime(2026, 11, 20, 9, 0))
    return network


def sheet_of(response):
    assert response.status_code == 200 and response.data[:2] == b"PK"
    return load_workbook(io.BytesIO(response.data)).worksheets[0]


def test_a_case_export_carries_dates_and_amounts_as_values(client, login_as, world):
    login_as("admin")
    sheet = sheet_of(client.get("/admin/cases/export/xlsx/"))
    assert sheet.title == "纠纷案件"
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.b for cell in sheet[1])
    row = {name: cell for name, cell in zip(header, sheet[2])}
    received = row["收案日期"]
    assert isinstance(received.value, datetime) and received.value.date() == date(2024, 1, 1)
    assert received.is_date and "年" in received.number_format
    amount = row["涉及金额（元）"]
    assert amount.value == 12345.5 and amount.number_format == "#,##0.00"
    assert row["状态"].value == "调解成功" and row["状态"].data_type == "s"
    assert sheet.column_dimensions["B"].width >= 8  # widths from the header and first rows


def test_dates_are_formatted_for_english_readers_too(client, login_as, world):
    login_as("admin")
    client.get("/locale/en")
    sheet = sheet_of(client.get("/admin/cases/export/xlsx/"))
    assert sheet.title == "Dispute cases"
    header = [cell.value for cell in sheet[1]]
    assert sheet[2][header.index("Received on")].number_format == "yyyy-mm-dd"


def test_csv_exports_carry_iso_dates_and_plain_numbers(client, login_as, world):
    login_as("admin")
    rows = list(csv.reader(io.StringIO(client.get("/admin/cases/export/csv/").get_data(as_text=True).lstrip("\ufeff"))))
    record = dict(zip(rows[0], rows[1]))
    assert record["收案日期"] == "2024-01-01" and record["涉及金额（元）"] == "12345.50"


def test_text_that_looks_like_a_formula_stays_text(client, login_as, network, make_mediator):
    make_mediator(network["street"].id, name="=HYPERLINK(1)")
    login_as("admin")
    sheet = sheet_of(client.get("/admin/mediators/export/xlsx/"))
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = next(cell for cell in cells if cell.value == "=HYPERLINK(1)")
    assert formula.data_type == "s"


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW"])
def test_no_export_shows_technical_names_or_english(client, app, login_as, world, locale):
    """Every screen's export, XLSX and CSV: Chinese sheet name and headers, no English in cells
    (reference lists and content types excepted: their English names and codes are data people edit)."""
    login_as("admin")
    client.get(f"/locale/{locale}")
    data_words = usernames(app)
    admin = app.extensions["portal_admin"]
    checked = 0
    for view in admin._views:
        if not hasattr(view, "_export_columns") or getattr(view, "model", None) in (*LOOKUP_MODELS, ContentType):
            continue
        xlsx = client.get(f"/admin/{view.endpoint}/export/xlsx/")
        if xlsx.status_code != 200:
            continue
        sheet = sheet_of(xlsx)
        assert sheet.title != "Tablib Dataset" and english_words(f"<p>{sheet.title}</p>") == [], view.endpoint
        texts = [value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str)]
        assert english_words("<p>" + " | ".join(texts) + "</p>", data_words) == [], view.endpoint
        text = client.get(f"/admin/{view.endpoint}/export/csv/").get_data(as_text=True)
        assert english_words("<p>" + text.replace("<", " ") + "</p>", data_words) == [], view.endpoint
        checked += 1
    assert checked >= 20


def test_report_workbooks_keep_dates_as_dates(client, login_as, network, make_mediator):
    make_mediator(network["street"].id, name="新调解员", joined_on=date(2026, 3, 1), employment="full_time")
    login_as("admin")
    book = load_workbook(io.BytesIO(client.get("/admin/training_compliance/export/xlsx/?show=all").data))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    joined = next(row[header.index("任职日期")] for row in sheet.iter_rows(min_row=2) if row[0].value == "新调解员")
    assert joined.is_date and "年" in joined.number_format
