"""Whatever is uploaded gets a clear, translated answer and changes nothing; never a 5xx."""
import io
import zipfile

import pytest
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import ImportBatch, Mediator
from tests.fixtures.cases import PDF
from tests.fixtures.imports import csv_bytes, xlsx_bytes
from tests.helpers import page_errors, text_of
from tests.idnumbers import female_id

HEADER = ["姓名", "性别", "身份证号码", "手机号码"]
ROW = ["张秀英", "女", female_id("19680512"), "13812345678"]


def upload_problem(importer, data, filename="ledger.xlsx"):
    response = importer.upload("mediators", data, filename)
    assert response.status_code == 302
    page = importer.client.get(response.headers["Location"])
    assert page.status_code == 200
    return " ".join(page_errors(page))


def batch_problem(importer, data, filename="ledger.xlsx"):
    response = importer.upload("mediators", data, filename)
    assert response.status_code == 302, text_of(response)[:300]
    token = importer.token(response)
    state = importer.check(token)
    assert state["status"] == "failed", state
    return " ".join(page_errors(importer.client.get(f"/admin/imports/batch/{token}/")))


@pytest.fixture
def staff(login_as, network, upload_dir):
    return login_as("staff", street_id=network["street"].id)


@pytest.mark.parametrize("data, filename, expected", [
    (PDF, "ledger.xlsx", "不是表格文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ledger.xls", ".xls"),
    (b"", "ledger.xlsx", "文件为空"),
    (b"\x00\x01\x02binary\x00" * 50, "ledger.csv", "不是表格文件"),
    (b"PK\x03\x04 not really a zip", "ledger.xlsx", "无法读取"),
])
def test_files_that_are_no_spreadsheet_are_refused_at_upload(client, staff, importer, data, filename, expected):
    assert expected in upload_problem(importer, data, filename)
    with client.application.app_context():
        assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_a_word_document_and_an_ods_are_named_for_what_they_are(client, staff, importer):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "不是表格文件" in upload_problem(importer, docx.getvalue(), "ledger.xlsx")
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert ".ods" in upload_problem(importer, ods.getvalue(), "ledger.ods")


def test_a_file_over_the_limit_is_refused(client, staff, importer, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_IMPORT_MAX_BYTES", 1000)
    assert "1000" not in upload_problem(importer, xlsx_bytes([HEADER, ROW] * 50))  # says MB, not bytes
    assert "MB" in upload_problem(importer, xlsx_bytes([HEADER, ROW] * 50))


def test_a_zip_bomb_is_not_unpacked(client, staff, importer, monkeypatch):
    from portal.services.imports import reading

    monkeypatch.setattr(reading, "MAX_UNPACKED", 10_000)
    assert "解压" in upload_problem(importer, xlsx_bytes([HEADER] + [ROW] * 300))


@pytest.mark.parametrize("rows, expected", [
    ([], "是空的"),
    ([HEADER], "没有数据行"),
    ([["甲", "乙", "丙"], ["1", "2", "3"]], "找不到表头"),
    ([["性别", "手机号码"], ["女", "13812345678"]], "姓名"),
    ([["姓名", "姓名", "性别"], ["张三", "李四", "男"]], "重复"),
])
def test_sheets_without_what_an_import_needs_get_a_clear_message(client, staff, importer, rows, expected):
    assert expected in batch_problem(importer, xlsx_bytes(rows))


def test_too_many_rows(client, staff, importer, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_IMPORT_MAX_ROWS", 3)
    assert "超过 3 行" in batch_problem(importer, xlsx_bytes([HEADER] + [ROW] * 5))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_csv_in_the_encodings_offices_save(client, staff, importer, encoding, in_app):
    token, preview = importer.load("mediators", csv_bytes([HEADER, ROW], encoding), "ledger.csv")
    assert preview.statuses() == {2: "new"}
    assert preview.cell(2, "name") == "张秀英"


def test_csv_that_is_neither_utf8_nor_gbk(client, staff, importer):
    # Bytes GB18030 cannot decode either (an invalid lead and trail byte pair).
    data = ",".join(HEADER).encode("utf-8") + b"\n\xff\x30\xff\x30,x\n"
    message = batch_problem(importer, data, "ledger.csv") if importer.upload("mediators", data, "x.csv").status_code == 302 else ""
    assert "UTF-8" in message


def test_headers_in_traditional_chinese_or_english_and_a_title_row_above(client, staff, importer):
    token, preview = importer.load("mediators", xlsx_bytes([
        ["東華街道人民調解員名冊"], ["Full name", "性別", "身份證號碼", "Mobile phone"], ROW]))
    assert preview.statuses() == {3: "new"}
    assert "第 2 行" in preview.html  # the header row is named


def test_an_id_number_typed_as_a_number_is_explained(client, staff, importer):
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, ["张秀英", "女", 110101196805121243.0, "13812345678"]]))
    assert "文本格式" in preview.problem(2, "id_number")


def test_bad_values_are_shown_at_their_cells(client, staff, importer, in_app):
    token, preview = importer.load("mediators", xlsx_bytes([
        ["姓名", "性别", "出生日期", "身份证号码", "任职日期", "是否律师"],
        ["张" * 41, "女", "2024-02-30", female_id("19680512"), f"{timeutil.today().year + 2}-01-01", "也许"],
        ["李四", "未知", "昨天", "12345", "", ""],
    ]))
    assert "40" in preview.problem(2, "name")
    assert "日期" in preview.problem(2, "birth_date")
    assert "晚于今天" in preview.problem(2, "joined_on")
    assert "是" in preview.problem(2, "is_lawyer")
    assert "可选值" in preview.problem(3, "sex")
    assert "18" in preview.problem(3, "id_number")
    assert in_app(lambda: db.session.scalar(select(func.count(Mediator.id)))) == 2  # the network's two


def test_control_characters_and_nul_in_a_csv(client, staff, importer):
    token, preview = importer.load("mediators", csv_bytes([HEADER, ["李四\x07", "女", female_id("19680512"), "13812345678"]]), "x.csv")
    assert "控制字符" in preview.problem(2, "name")
    assert "不是表格文件" in upload_problem(importer, csv_bytes([HEADER, ["李\x00四", "女", "", ""]]), "x.csv")


def test_a_sheet_with_formulas_anywhere(client, staff, importer):
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, ["=CONCAT(\"张\",\"三\")", "女", female_id("19680512"), "=1+1"]]))
    assert "公式" in preview.problem(2, "name") and "公式" in preview.problem(2, "mobile")
