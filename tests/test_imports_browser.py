"""An import in Chromium: upload, the progress bar filling while the rows are checked, the
preview with problems at their cells, and saving."""
import time

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Mediator
from tests.fixtures.browser import sign_in
from tests.fixtures.imports import xlsx_bytes
from tests.idnumbers import id_number

pytestmark = pytest.mark.browser

HEADER = ["姓名", "性别", "身份证号码", "手机号码", "所在调委会"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger(n, bad_row=None):
    rows = [[f"浏览器{i}", "男", id_number("19720101", 2 * (i % 400) + 1, region=f"1101{i // 400:02d}"),
             f"1360000{i:04d}", "和平社区人民调解委员会"] for i in range(n)]
    if bad_row is not None:
        rows[bad_row][3] = "12345"
    return xlsx_bytes([HEADER, *rows])


def upload(page, base, data):
    page.goto(f"{base}/admin/imports/mediators/")
    page.set_input_files("#import-file-mediators", files=[{"name": "台账.xlsx", "mimeType": XLSX, "buffer": data}])
    page.click("form.import-upload button[type=submit]")


@pytest.fixture
def slow_check(monkeypatch):
    """Small chunks and a pause after each, so a check lasts long enough to watch."""
    from portal.services.imports import batches, engine

    monkeypatch.setattr(engine, "CHUNK", 100)
    report = batches._progress_reporter

    def slowed(batch_id):
        inner = report(batch_id)

        def pause_and_report(done, total):
            time.sleep(0.08)
            inner(done, total)

        return pause_and_report

    monkeypatch.setattr(batches, "_progress_reporter", slowed)


def test_progress_then_preview_then_save(app, live_server, browser_page, network, make_user, slow_check, upload_dir, in_app):
    from playwright.sync_api import Error as PlaywrightError

    page, base = browser_page, live_server
    staff = make_user(role="staff", street_id=network["street"].id)
    sign_in(page, staff.username)
    upload(page, base, ledger(2000))

    # The bar fills while the rows are checked…
    page.wait_for_selector("#import-progress-bar")
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and page.locator("#import-rows").count() == 0:
        try:
            value, text = page.evaluate("""() => {
                const bar = document.getElementById('import-progress-bar'), rows = document.getElementById('import-progress-rows');
                return [bar ? bar.value : null, rows ? rows.textContent : ''];
            }""")
        except PlaywrightError:  # the page reloads itself with the preview when the check is done
            continue
        if value is not None:
            seen.add(int(value))
        if "/" in (text or ""):
            seen.add(-1)  # "已检查 N / M 行" was shown
        time.sleep(0.05)
    assert any(0 < value < 100 for value in seen), seen
    assert -1 in seen

    # … then the preview: 2,000 new rows, the save button.
    page.wait_for_selector("#import-rows")
    assert "2,000" in page.inner_text(".import-filters") or "2000" in page.inner_text(".import-filters")
    assert page.locator("#import-rows tbody tr").count() == 100  # a page of the preview
    # While the rows are saved the button says so and cannot be pressed again (what it showed is
    # kept in sessionStorage, which outlives the page).
    page.evaluate("""() => { const b = document.querySelector('#import-save button');
        new MutationObserver(() => { if (b.disabled) sessionStorage.setItem('saving', b.textContent); })
            .observe(b, {attributes: true, childList: true, characterData: true, subtree: true}); }""")
    page.click("#import-save button[type=submit]")
    page.wait_for_selector(".alert-success", timeout=120_000)
    assert "正在保存" in page.evaluate("() => sessionStorage.getItem('saving')")
    assert "2,000" in page.inner_text(".alert-success") or "2000" in page.inner_text(".alert-success")
    assert in_app(lambda: db.session.scalar(select(func.count(Mediator.id)).where(Mediator.name.like("浏览器%")))) == 2000
    assert page.script_errors == []


def test_a_problem_is_shown_at_its_cell_and_nothing_can_be_saved(app, live_server, browser_page, network, make_user, upload_dir):
    page, base = browser_page, live_server
    staff = make_user(role="staff", street_id=network["street"].id)
    sign_in(page, staff.username)
    upload(page, base, ledger(5, bad_row=3))
    page.wait_for_selector("#import-rows")
    cell = page.locator('tr[data-row="5"] td[data-column="mobile"]')
    assert "table-danger" in cell.get_attribute("class")
    assert "11位" in cell.inner_text()
    assert page.locator("#import-save").count() == 0
    assert page.locator("form.import-upload").count() == 1  # upload the corrected file right there
    assert page.script_errors == []
