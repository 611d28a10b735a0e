"""The statistics pages as people use them: periods checked with a clear message, each street's
office confined to its own figures and cases, personal data masked for inspectors, and the
official XLSX layout."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from portal.services.statistics import reports
from tests.helpers import page_errors, text_of

PAGES = ("/admin/statistics/", "/admin/statistics_tiers/", "/admin/ledgers/")
BAD_PERIODS = (
    ("period=month&year=2025&month=13", "1"),
    ("period=month&year=2025&month=0", "1"),
    ("period=quarter&year=2025&quarter=5", "4"),
    ("period=year&year=99999", "2100"),
    ("period=year&year=abc", "2100"),
    ("period=month&year=2025%00&month=1", "不允许的字符"),  # refused by the request guard, before the page
    ("period=range&start=2025-10-31&end=2025-10-01", "2025"),
    ("period=range&start=2000-01-01&end=2015-01-01", "10"),
    ("period=range&start=2025-02-30&end=2025-03-01", "2025-02-30"),
    ("period=range&start=&end=", ""),
    ("period=fortnight", ""),
)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("query, mentioned", BAD_PERIODS)
def test_impossible_periods_get_a_message_not_an_error(client, login_as, page, query, mentioned):
    login_as("admin")
    response = client.get(f"{page}?{query}")
    assert response.status_code == 400
    # A NUL is refused by the request guard before the page reads it: its message is the error page's.
    errors = page_errors(response) if "%00" not in query else [text_of(response)]
    assert errors and mentioned in " ".join(errors), errors
    # Export and print of the same nonsense are refused too, never a 500.
    for extra in ("export/xlsx/", "print/"):
        if page == "/admin/ledgers/" or (page == "/admin/statistics/" and extra == "export/xlsx/"):
            assert client.get(f"{page}{extra}?{query}").status_code == 400


def test_a_ten_year_range_is_the_longest(client, login_as):
    login_as("admin")
    assert client.get("/admin/statistics/?period=range&start=2015-01-01&end=2024-12-31").status_code == 200
    assert client.get("/admin/annual_report/?year=1999").status_code == 400
    assert client.get("/admin/annual_report/?year=2025").status_code == 200


def _cell_numbers(html, table_id):
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    return table


def test_staff_see_their_street_only(client, login_as, hand_district):
    a, b = hand_district.streets["A"], hand_district.streets["B"]
    login_as("staff", street_id=a)
    query = "period=range&start=2025-09-01&end=2025-10-31"
    html = text_of(client.get(f"/admin/statistics/?{query}&group=street"))
    assert "A街道" in html and "B街道" not in html
    # Asking for the other street changes nothing: the figures stay street A's.
    other = text_of(client.get(f"/admin/statistics/?{query}&street={b}&group=street"))
    assert "B街道" not in other
    ledger = text_of(client.get(f"/admin/ledgers/?{query}&street={b}"))
    assert "c9号" not in ledger and "c1号" in ledger
    annual = text_of(client.get("/admin/annual_report/?year=2025"))
    assert "B街道" not in annual
    tiers = text_of(client.get(f"/admin/statistics_tiers/?{query}"))
    assert "B街道" not in tiers and "A街道" in tiers
    # The other street's committee as a filter: ignored, not used.
    committee = hand_district.committees["b_comm"]
    assert "c10号" not in text_of(client.get(f"/admin/ledgers/?{query}&committee={committee}"))


def test_the_ledger_lists_the_cases_behind_a_figure(client, login_as, hand_district):
    login_as("admin")
    query = "period=range&start=2025-09-01&end=2025-10-31"
    html = text_of(client.get(f"/admin/ledgers/?{query}&column=settled"))
    numbers = set(re.findall(r">(c\d+)号<", html))
    assert numbers == {"c1", "c2", "c3", "c4", "c9", "c13"}
    escalated = set(re.findall(r">(c\d+)号<", text_of(client.get(f"/admin/ledgers/?{query}&column=escalated_to:street"))))
    assert escalated == {"c4", "c10"}
    follow = text_of(client.get(f"/admin/ledgers/?kind=follow_ups&{query}"))
    assert set(re.findall(r">(c\d+)号<", follow)) == {"c1", "c2", "c3", "c13"}
    transfers = text_of(client.get(f"/admin/ledgers/?kind=transfers&{query}"))
    assert set(re.findall(r">(c\d+)号<", transfers)) == {"c7", "c12"} and "移交说明" in transfers
    # Every linked figure on the statistics page leads to a ledger listing as many cases.
    page = text_of(client.get(f"/admin/statistics/?{query}"))
    for href, shown in re.findall(r'<a href="(/admin/ledgers/\?[^"]+)">([\d,]+)</a>', page):
        if "column=amount" in href or "column=parties" in href:
            continue
        listed = text_of(client.get(href.replace("&amp;", "&")))
        count = re.search(r"(\d+)\s*(?:行|rows)", listed)
        assert count and int(count.group(1)) == int(shown.replace(",", "")), href


def test_inspectors_see_masked_parties(client, login_as, hand_district, other_client):
    query = "period=range&start=2025-09-01&end=2025-10-31"
    login_as("admin")
    assert "当事人0" in text_of(client.get(f"/admin/ledgers/?{query}"))
    viewer = other_client("viewer")
    html = text_of(viewer.get(f"/admin/ledgers/?{query}"))
    assert "当事人0" not in html and "当***" in html
    sheet = load_workbook(io.BytesIO(viewer.get(f"/admin/ledgers/export/xlsx/?{query}").data)).active
    assert not any("当事人0" in str(cell.value) for row in sheet.iter_rows() for cell in row)


def test_the_monthly_report_xlsx_is_in_the_official_layout(client, app, login_as, two_streets, make_case):
    east = two_streets["east"].id
    year, month = reports.reported_months(1)[0]
    make_case(two_streets["east_committee"].id, received_on=date(year, month, 6), amount=1234)
    with app.app_context():
        from portal.extensions import db

        report = reports.obtain(east, year, month)
        reports.save(report, values={"screened": 9, "petition_cases": 1, "petition_persons": 12}, preparer="王秀英",
                     preparer_phone="010-64012345")
        reports.submit(report)
        db.session.commit()
        db.session.remove()
    login_as("staff", street_id=east)
    response = client.get(f"/admin/monthly_reports/report/xlsx/?street={east}&year={year}&month={month}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    assert sheet.title == "统计月报"
    assert sheet["A1"].value == "人民调解工作统计月报表"
    assert any(str(r) .startswith("A1:") for r in sheet.merged_cells.ranges)   # the title row
    assert "东华司法所" in str(sheet["A2"].value)                                # the office
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows
    headers = [c.value for c in sheet[4]]
    assert "收案（件）" in headers and "涉及金额（元）" in headers
    assert any(r.min_row == 3 and r.max_row == 3 and r.max_col > r.min_col for r in sheet.merged_cells.ranges)
    total = next(row for row in sheet.iter_rows() if row[0].value == "合计")
    received = total[headers.index("收案（件）")]
    assert received.value == 1 and received.data_type == "n"
    amount = total[headers.index("涉及金额（元）")]
    assert float(amount.value) == 1234 and amount.number_format == "#,##0.00"
    footer = " ".join(str(row[0].value) for row in sheet.iter_rows() if row[0].value)
    assert "王秀英" in footer and "010-64012345" in footer
    # The same tables on A4.
    page = text_of(client.get(f"/admin/monthly_reports/report/print/?street={east}&year={year}&month={month}"))
    assert "人民调解工作统计月报表" in page and "statistics-print.css" in page


def test_text_in_exports_never_runs_as_a_formula(client, app, login_as, two_streets, make_case, make_committee):
    east = two_streets["east"].id
    year, month = reports.reported_months(1)[0]
    evil = make_committee(east, name='=HYPERLINK("http://x","y")', short_name="恶")
    make_case(evil.id, received_on=date(year, month, 6))
    login_as("admin")
    data = client.get(f"/admin/monthly_reports/report/xlsx/?street={east}&year={year}&month={month}").data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"


def test_annual_report_has_months_streets_and_types(client, login_as, hand_district):
    login_as("admin")
    html = text_of(client.get("/admin/annual_report/?year=2025"))
    for table in ("annual-months", "annual-streets", "annual-types"):
        assert f'id="{table}"' in html
    months = re.search(r'id="annual-months".*?</table>', html, re.S).group(0)
    assert months.count("<tr>") >= 12
    book = load_workbook(io.BytesIO(client.get("/admin/annual_report/export/xlsx/?year=2025").data))
    assert [s.title for s in book.worksheets] == ["按月", "按街道", "按纠纷类型"]
    total = next(row for row in book.worksheets[0].iter_rows() if row[0].value == "合计")
    headers = [c.value for c in book.worksheets[0][4]]
    assert total[headers.index("收案（件）")].value == 15
