"""In Chromium: scans dropped on the case page, each given its kind, upload in one go; the A4
print page of a document shows Chinese for an English reader and prints without its toolbar."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseAttachment
from tests.fixtures.browser import PHONE, sign_in
from tests.fixtures.cases import PDF, PNG

pytestmark = pytest.mark.browser

DROP = """([files, selector]) => {
  const transfer = new DataTransfer();
  for (const [name, type, bytes] of files) {
    transfer.items.add(new File([new Uint8Array(bytes)], name, {type}));
  }
  const zone = document.querySelector(selector);
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""


def test_drop_several_scans_each_with_its_kind(browser_page, network, case_in, make_user, in_app):
    page = browser_page
    user = make_user(role="staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    sign_in(page, user.username)
    page.goto(f"/admin/cases/details/?id={case.id}&tab=documents")
    form = page.locator("form.case-upload")
    assert form.locator(".drop-zone").is_visible()
    assert not form.locator("input[type=file]").is_visible()  # the drop zone stands in for it

    files = [["张三身份证.pdf", "application/pdf", list(PDF)], ["现场照片.png", "image/png", list(PNG)],
             ["扫描.pdf", "application/pdf", list(PDF)]]
    page.evaluate(DROP, [files, "form.case-upload .drop-zone"])
    items = form.locator(".drop-item")
    assert items.count() == 3
    kinds = form.locator("select[name=kinds]")
    assert kinds.nth(0).input_value() == "identity"  # told from the name
    assert kinds.nth(1).input_value() == "evidence"
    kinds.nth(2).select_option("application")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/admin/cases/details/?id={case.id}&tab=documents#documents")
    assert page.script_errors == []
    saved = in_app(lambda: [(a.filename, a.kind) for a in db.session.scalars(
        select(CaseAttachment).order_by(CaseAttachment.id))])
    assert saved == [("张三身份证.pdf", "identity"), ("现场照片.png", "evidence"), ("扫描.pdf", "application")]


def test_print_page_in_chinese_for_an_english_reader(browser_page, network, complete_case, make_user):
    page = browser_page
    user = make_user(role="staff", street_id=network["street"].id)
    ids = complete_case()
    sign_in(page, user.username)
    page.goto("/locale/en?next=/admin/")
    page.goto(f"/admin/case_documents/agreement/?id={ids['case']}")
    sheet = page.locator(".sheet")
    assert "人民调解协议书" in sheet.inner_text() and "性别：男" in sheet.inner_text()
    assert "Male" not in sheet.inner_text()
    toolbar = page.locator(".toolbar")
    assert toolbar.is_visible() and "Print" in toolbar.inner_text()
    page.emulate_media(media="print")
    assert not toolbar.is_visible()
    assert sheet.is_visible()
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)  # read on a phone: the sheet fits the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    assert page.script_errors == []
