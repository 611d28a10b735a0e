"""Mediators from an office's ledger: template, preview with each problem at its cell, save in
one transaction with history, re-import matched by ID number."""
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEntry, Mediator
from tests.fixtures.imports import Preview, xlsx_bytes
from tests.helpers import assert_redirect, form_from_html, text_of
from tests.test_i18n_pages import english_words, usernames
from tests.idnumbers import female_id, male_id

HEADER = ["序号", "姓名", "性别", "身份证号", "手机号码", "所在调委会", "职务", "专职/兼职", "是否律师"]


def ledger(*rows):
    return xlsx_bytes([["东华街道人民调解员名册"], HEADER, *rows])


def mediators(in_app):
    return in_app(lambda: {m.id_number: (m.name, m.mobile, m.sex, m.birth_date.isoformat() if m.birth_date else None,
                                         sorted((ms.committee.name, ms.post) for ms in m.memberships))
                           for m in db.session.scalars(select(Mediator))})


def test_import_checks_every_cell_saves_all_and_matches_again(client, login_as, network, importer, in_app, upload_dir):
    user = login_as("staff", street_id=network["street"].id)
    before = in_app(lambda: db.session.scalar(select(func.count(Mediator.id))))
    good_id, bad_id = female_id("19680512"), male_id("19900307")
    token, preview = importer.load("mediators", ledger(
        [1, "张秀英", "女", good_id, "13812345678", "和平社区人民调解委员会", "主任", "专职", "否"],
        [2, "李四", "男", bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1"), "1381234567", "没有这个调委会", "调解员", "兼职", "是"],
        [3, "王五", "", male_id("19750101"), "=A1", "和平社区人民调解委员会", "", "", ""],
    ))
    assert preview.statuses() == {3: "new", 4: "error", 5: "error"}
    assert "校验位" in preview.problem(4, "id_number")
    assert "11位" in preview.problem(4, "mobile")
    assert "没有这个调委会" in preview.problem(4, "committees")
    assert "公式" in preview.problem(5, "mobile")
    assert not preview.can_save
    assert in_app(lambda: db.session.scalar(select(func.count(Mediator.id)))) == before  # nothing saved

    # The corrected file: saved, all rows, with their history.
    token, preview = importer.load("mediators", ledger(
        [1, "张秀英", "女", good_id, "13812345678", "和平社区人民调解委员会", "主任", "专职", "否"],
        [2, "王五", "", male_id("19750101"), "13912345678", "和平社区人民调解委员会", "", "", "是"],
    ))
    assert preview.statuses() == {3: "new", 4: "new"}
    assert_redirect(importer.save(token))
    saved = mediators(in_app)
    assert saved[good_id] == ("张秀英", "13812345678", "female", "1968-05-12", [("和平社区人民调解委员会", "director")])
    assert saved[male_id("19750101")][2:4] == ("male", "1975-01-01")  # sex and birth date from the ID number
    created = in_app(lambda: db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "mediators", AuditEntry.action == "create", AuditEntry.actor_id == user.id)).all())
    assert sorted(e.summary for e in created) == ["张秀英", "王五"]  # each with its history entry

    # The same file again: matched by ID number, nothing new.
    token, preview = importer.load("mediators", ledger(
        [1, "张秀英", "女", good_id, "13812345678", "和平社区人民调解委员会", "主任", "专职", "否"],
        [2, "王五", "", male_id("19750101"), "13912345678", "和平社区人民调解委员会", "", "", "是"],
    ))
    assert preview.statuses() == {3: "unchanged", 4: "unchanged"}, preview.rows
    assert not preview.can_save

    # A changed phone and post: old → new, and only that is saved.
    token, preview = importer.load("mediators", ledger(
        [1, "张秀英", "女", good_id, "13800000000", "和平社区人民调解委员会", "副主任", "专职", "否"],
    ))
    assert preview.statuses() == {3: "changed"}
    assert preview.cell(3, "mobile") == "13812345678 → 13800000000"
    assert preview.cell(3, "post") == "主任 → 副主任"
    assert_redirect(importer.save(token))
    assert mediators(in_app)[good_id][1] == "13800000000"


def test_template_speaks_the_users_language_with_allowed_values(client, login_as, network):
    login_as("staff", street_id=network["street"].id)
    response = client.get("/admin/imports/cases/template/")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["纠纷案件", "可选值", "填写说明"]
    sheet, allowed = book["纠纷案件"], book["可选值"]
    header = [cell.value for cell in sheet[1]]
    assert "案件编号 *" in header and "纠纷类型 *" in header and "申请人" in header
    assert sheet.freeze_panes == "A2"
    example = {h: c.value for h, c in zip(header, sheet[2])}
    assert example["案件编号 *"] == "（2024）和平调字第0001号" and example["纠纷类型 *"] == "邻里"
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in allowed.iter_cols()}
    assert "邻里" in lists["纠纷类型"] and "调解成功" in lists["状态"] and "已登记" not in lists["状态"]
    assert lists["人民调解委员会"] == sorted(["东华街道人民调解委员会", "和平社区人民调解委员会"])  # the user's street only
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    type_column = get_column_letter(header.index("纠纷类型 *") + 1)
    assert any(ref.startswith(type_column + "2") and "可选值" in formula for ref, formula in ranges.items())
    id_column = get_column_letter(header.index("申请人身份证号码") + 1)
    assert sheet.column_dimensions[id_column].number_format == "@"  # ID numbers stay text
    assert "每行一件" in " ".join(str(c.value) for c in book["填写说明"]["A"] if c.value)


@pytest.mark.parametrize("locale, title, name", [("zh_Hant_TW", "人民調解員", "姓名 *"), ("en", "Mediators", "Full name *")])
def test_template_in_the_other_languages(client, login_as, network, locale, title, name):
    login_as("staff", street_id=network["street"].id)
    client.get(f"/locale/{locale}")
    book = load_workbook(io.BytesIO(client.get("/admin/imports/mediators/template/").data))
    assert book.sheetnames[0] == title and book[title]["A1"].value == name


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW"])
def test_import_pages_speak_chinese(client, app, login_as, network, importer, locale, upload_dir):
    login_as("staff", street_id=network["street"].id)
    client.get(f"/locale/{locale}")
    token, preview = importer.load("mediators", ledger([1, "张秀英", "女", female_id("19680512"), "1381234567",
                                                         "和平社区人民调解委员会", "主任", "专职", "否"]))
    words = usernames(app) | {"Excel", "WPS", "UTF", "GBK", "ledger", "xlsx"}  # product names; the file's name
    for url in ("/admin/imports/", "/admin/imports/mediators/", f"/admin/imports/batch/{token}/"):
        response = client.get(url)
        assert response.status_code == 200 and english_words(text_of(response), words) == [], url


def test_without_javascript_the_check_is_a_button(client, login_as, network, importer, upload_dir):
    login_as("staff", street_id=network["street"].id)
    response = importer.upload("mediators", ledger([1, "张秀英", "女", female_id("19680512"), "13812345678",
                                                     "和平社区人民调解委员会", "主任", "专职", "否"]))
    token = importer.token(response)
    page = client.get(f"/admin/imports/batch/{token}/")
    assert "<noscript>" in text_of(page)
    progress = client.get(f"/admin/imports/batch/{token}/progress/").get_json()
    assert progress["status"] == "uploaded" and progress["done"] == 0
    form = form_from_html(text_of(page), f"/admin/imports/batch/{token}/", match="/check/")
    assert_redirect(form.submit(client))
    assert client.get(f"/admin/imports/batch/{token}/progress/").get_json() == {
        "status": "checked", "done": 1, "total": 3, "percent": 100}
    assert Preview(client.get(f"/admin/imports/batch/{token}/")).statuses() == {3: "new"}


def test_the_untouched_example_row_is_skipped(client, login_as, network, importer):
    login_as("staff", street_id=network["street"].id)
    template = client.get("/admin/imports/mediators/template/").data
    token, preview = importer.load("mediators", template)
    assert preview.statuses() == {2: "skipped"} or "没有数据" in preview.html
