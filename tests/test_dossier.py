"""The bound dossier: one PDF in the standard order, page numbers matching the index, scans of
any page size and images each on A4; damaged scans named and left out, never a 500; the
checklist counts what the portal makes, asking scans only for the papers that carry signatures."""
import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from tests.fixtures.cases import JPEG, PDF
from tests.fixtures.documents import compact, pdf_pages
from tests.helpers import text_of

A4 = (595.3, 841.9)


def pdf_of_pages(*sizes):
    """A real PDF with one blank page per (width, height), in points."""
    writer = PdfWriter()
    for width, height in sizes:
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt="PNG", size=(1200, 1600)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 220, 240)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def staff_case(client, login_as, network, complete_case):
    login_as("staff", street_id=network["street"].id)
    return complete_case()


def test_dossier_in_standard_order_with_numbered_pages(client, staff_case, case_page):
    page = case_page(staff_case["case"])
    scans = [
        ("identity", pdf_of_pages((300, 200), (612, 792)), "身份证.pdf"),   # a card and a US letter page
        ("evidence", image("PNG", (1600, 1200)), "现场照片.png"),          # landscape photo
        ("agreement", pdf_of_pages(A4), "签字协议书.pdf"),                  # the signed agreement
        ("evidence", image("JPEG"), "收据.jpg"),
    ]
    for kind, data, name in scans:
        assert page.upload(kind, data, filename=name).status_code == 302

    response = client.get(f"/admin/case_documents/dossier/?id={staff_case['case']}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    reader = PdfReader(io.BytesIO(data))
    for pdf_page in reader.pages:  # every page A4 portrait
        box = pdf_page.mediabox
        assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    raw_index = pdf_pages(data)[1]
    texts = [compact(t) for t in pdf_pages(data)]
    assert "人民调解卷宗" in texts[0] and "卷内目录" in texts[1]
    assert "卷内备考表" in texts[-1]

    # The order: application, acceptance, rights notice, identity scans, investigation, evidence,
    # mediation record, (signed agreement scan instead of the blank one), follow-up.
    index = texts[1]
    titles = ["人民调解申请书", "人民调解受理登记表", "当事人权利义务告知书", "身份证明", "人民调解调查记录",
              "证据", "人民调解记录", "调解协议", "人民调解回访记录"]
    positions = [index.find(t) for t in titles]
    assert all(p >= 0 for p in positions), list(zip(titles, positions))
    assert positions == sorted(positions)
    assert "人民调解协议书" not in index  # the signed scan replaces the blank paper

    # Page numbers: the numbered pages run 1..n after the cover and index, and the index says
    # where each paper starts.
    numbered = texts[2:-1]
    for number, text in enumerate(numbered, start=1):
        assert text.endswith(str(number)), (number, text[-40:])  # stamped over the page, drawn last
    for title in ("人民调解申请书", "人民调解受理登记表", "人民调解调查记录", "人民调解记录", "人民调解回访记录"):
        first_page = int(re.search(re.escape(title) + r"\s+(\d+)", raw_index).group(1))
        assert title in numbered[first_page - 1], title  # the index's page is where the paper starts
    # The index row of the identity scan gives the pages where the first scanned page is.
    match = re.search(r"身份证明（扫描件）：?身份证(\d+)-(\d+)", index) or re.search(r"身份证明（扫描件）(\d+)-(\d+)", index)
    assert match, index
    first, last = int(match.group(1)), int(match.group(2))
    assert last - first == 1  # two scanned pages
    assert "备考" in texts[-1] and f"共{len(numbered)}页" in texts[-1]


def test_damaged_scans_are_named_and_left_out(client, staff_case, case_page, upload_dir, in_app):
    page = case_page(staff_case["case"])
    page.upload("identity", PDF, filename="坏的身份证.pdf")          # says PDF, has no pages
    page.upload("evidence", JPEG, filename="坏照片.jpg")             # a JPEG header and nothing else
    page.upload("evidence", pdf_of_pages(A4), filename="好的证据.pdf")
    response = client.get(f"/admin/case_documents/dossier/?id={staff_case['case']}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = text_of(response)
    assert "坏的身份证.pdf" in html and "坏照片.jpg" in html and "好的证据.pdf" not in html

    pdf = client.get(f"/admin/case_documents/dossier/?id={staff_case['case']}&without=1")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    texts = [compact(t) for t in pdf_pages(pdf.get_data())]
    assert texts[1].count("未装订") == 2  # the index says which were left out
    assert "扫描件因文件无法读取未装订" in texts[-1]

    # A file gone from the store is left out the same way.
    import os

    for name in os.listdir(upload_dir / "cases"):
        os.remove(upload_dir / "cases" / name)
    response = client.get(f"/admin/case_documents/dossier/?id={staff_case['case']}")
    assert response.status_code == 200 and "好的证据.pdf" in text_of(response)


def test_checklist_counts_what_the_portal_makes(client, staff_case, case_page, app, monkeypatch):
    page = case_page(staff_case["case"])
    html = page.html()
    rows = dict(re.findall(r'data-kind="([a-z_]+)">.*?<td>.*?</td>\s*<td>.*?</td>\s*<td>(.*?)</td>', html, re.S))
    # Made by the portal and enough: rights notice, meeting records, follow-up, back page.
    for kind in ("rights_notice", "investigation", "mediation_record", "follow_up", "back_cover"):
        assert "Missing" not in rows[kind] and "缺" not in rows[kind] and "—" not in rows[kind], (kind, rows[kind])
    # Papers carrying signatures need their scan: the application and the agreement.
    assert 'data-kind="application"' in html
    for kind in ("application", "agreement", "identity"):
        assert "<strong>" in rows[kind], (kind, rows[kind])
    # The setting decides which kinds need signatures.
    monkeypatch.setitem(app.config, "PORTAL_DOSSIER_SIGNED_KINDS", ("agreement",))
    rows = dict(re.findall(r'data-kind="([a-z_]+)">.*?<td>.*?</td>\s*<td>.*?</td>\s*<td>(.*?)</td>', page.html(), re.S))
    assert "<strong>" not in rows["application"] and "<strong>" in rows["agreement"]


def test_archiving_needs_only_the_signed_scans(client, staff_case, case_page, load_case):
    page = case_page(staff_case["case"])
    page.upload_dossier("identity", "application", "agreement")
    response = page.step("archive", retention="long_term")
    assert response.status_code == 302, text_of(response)[:500]
    assert load_case(staff_case["case"]).status == "archived"


def test_inspectors_get_masked_documents_and_no_dossier(staff_case, other_client, load_case):
    case = load_case(staff_case["case"], "parties")
    inspector = other_client("viewer")
    html = text_of(inspector.get(f"/admin/cases/details/?id={case.id}&tab=all"))
    assert "/case_documents/agreement/" in html and "/case_documents/dossier/" not in html
    from tests.fixtures.documents import docx_text, pdf_text

    text = docx_text(inspector.get(f"/admin/case_documents/agreement/docx/?id={case.id}").data)
    assert "张*" in text and "张三" not in text
    for party in case.parties:
        assert party.id_number not in text and (party.phone or "x") not in text
    assert "138****5678" in text and "和平里1号" not in text
    pdf = compact(pdf_text(inspector.get(f"/admin/case_documents/agreement/pdf/?id={case.id}").data))
    assert "张三" not in pdf and case.parties[0].id_number not in pdf
    page = text_of(inspector.get(f"/admin/case_documents/agreement/?id={case.id}"))
    assert "张三" not in page and case.parties[0].id_number not in page
    assert inspector.get(f"/admin/case_documents/dossier/?id={case.id}").status_code == 403
    # The office reads them in full.
    assert "张三" in docx_text(other_client("admin").get(f"/admin/case_documents/agreement/docx/?id={case.id}").data)
