"""The standard documents of a case: offered where they apply, made in Simplified Chinese with
official dates whatever the reader's language, complete (the agreement, law art. 29), and the
same in Word, PDF and on the A4 print page."""
import re
from datetime import date

import pytest

from portal.services.documents.dates import official_date
from tests.fixtures.documents import compact, docx_text, pdf_pages, pdf_text
from tests.helpers import text_of


def offered_keys(client, case_id):
    import re

    html = text_of(client.get(f"/admin/cases/details/?id={case_id}&tab=all"))
    return set(re.findall(r'data-document="([a-z_]+)"', html))


def test_official_dates():
    assert official_date(date(2026, 11, 29)) == "二〇二六年十一月二十九日"
    assert official_date(date(2030, 1, 10)) == "二〇三〇年一月十日"
    assert official_date(date(2026, 10, 1)) == "二〇二六年十月一日"
    assert official_date(date(2026, 12, 31)) == "二〇二六年十二月三十一日"
    assert official_date(None) == ""


def test_documents_are_offered_where_they_apply(client, login_as, network, case_in, case_page, complete_case):
    login_as("staff", street_id=network["street"].id)
    registered = case_in(network["community_committee"])
    assert offered_keys(client, registered.id) == {"application", "cover", "index", "back_cover"}

    refused = case_in(network["community_committee"])
    case_page(refused.id).step("refuse", reason="该纠纷已由法院受理。", referred_to="东城区人民法院")
    assert "refusal_notice" in offered_keys(client, refused.id)
    assert "acceptance" not in offered_keys(client, refused.id)

    settled = complete_case()
    assert offered_keys(client, settled["case"]) == {
        "application", "acceptance", "rights_notice", "investigation", "mediation_record", "agreement",
        "follow_up", "confirmation_application", "cover", "index", "back_cover",
    }
    oral = complete_case(kind="oral")
    keys = offered_keys(client, oral["case"])
    assert "oral_agreement" in keys and "agreement" not in keys and "confirmation_application" not in keys


def test_the_agreement_is_complete_and_chinese_for_an_english_reader(client, login_as, network, complete_case, load_case):
    login_as("staff", street_id=network["street"].id)
    ids = complete_case()
    client.get("/locale/en")
    case = load_case(ids["case"], "parties", "agreement", "mediators")
    docx = client.get(f"/admin/case_documents/agreement/docx/?id={ids['case']}")
    assert docx.status_code == 200
    assert docx.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in docx.headers["Content-Disposition"] and "no-store" in docx.headers["Cache-Control"]
    text = docx_text(docx.data)

    assert "人民调解协议书" in text and case.number in text
    # Each person: name, sex, ethnic group, date of birth and age, occupation, address, ID, phone.
    for party in case.parties[:2]:
        for value in (party.name, party.id_number, party.phone, party.address, party.occupation):
            assert value in text, value
    assert "性别：男" in text and "性别：女" in text and "民族：汉族" in text
    assert "出生日期：1980年5月1日" in text and "出生日期：1985年3月9日" in text and "岁" in text
    # The organisation: name, code, address, legal representative.
    for value in ("东城区某装饰有限公司", "91110101MA01234567", "东城区建设路9号", "法定代表人（负责人）：赵五"):
        assert value in text, value
    # Facts, responsibilities, terms with method, place and deadline; copies and effect.
    agreement = case.agreement
    for value in (agreement.facts, agreement.responsibilities, agreement.terms, "银行转账", "和平社区居委会",
                  official_date(agreement.performance_deadline), "5,000.00元"):
        assert value in text, value
    assert f"本协议一式{'四'}份" in text and "生效" in text
    # A signature and date line per party; one line per mediator, no name printed as if signed.
    assert text.count("（签名或按指印）") == 3 and text.count("年＿＿月＿＿日") >= 3
    assert text.count("人民调解员（签名）") == 2
    assert "王调解" not in text and "李调解" not in text
    assert "和平社区人民调解委员会（印）" in text and official_date(agreement.signed_on) in text
    # Nothing in English, whatever the reader's language.
    for english in ("Applicant", "Male", "Female", "Respondent", "Written agreement"):
        assert english not in text

    pdf = client.get(f"/admin/case_documents/agreement/pdf/?id={ids['case']}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    flat = compact(pdf_text(pdf.data))
    assert "人民调解协议书" in flat and "性别：男" in flat and compact(agreement.terms) in flat
    assert official_date(agreement.signed_on) in flat and "Male" not in flat

    page = text_of(client.get(f"/admin/case_documents/agreement/?id={ids['case']}"))
    sheet = re.sub(r"<[^>]+>", "", page.split('class="sheet doc"')[1])
    assert 'lang="zh-Hans-CN"' in page and "性别：男" in sheet and case.parties[0].id_number in sheet
    assert ">Print<" in page  # the toolbar is in the reader's language


def test_every_document_is_made_in_each_format(client, login_as, network, complete_case):
    login_as("staff", street_id=network["street"].id)
    ids = complete_case()
    titles = {
        "application": "人民调解申请书", "acceptance": "人民调解受理登记表", "rights_notice": "当事人权利义务告知书",
        "investigation": "人民调解调查记录", "mediation_record": "人民调解记录", "follow_up": "人民调解回访记录",
        "confirmation_application": "司法确认申请书", "cover": "人民调解卷宗", "index": "卷内目录", "back_cover": "卷内备考表",
    }
    records = {"investigation": ids["sessions"][0], "mediation_record": ids["sessions"][1], "follow_up": ids["follow_up"]}
    for key, title in titles.items():
        suffix = f"&record={records[key]}" if key in records else ""
        docx = client.get(f"/admin/case_documents/{key}/docx/?id={ids['case']}{suffix}")
        assert docx.status_code == 200, key
        assert title in docx_text(docx.data), key
        pdf = client.get(f"/admin/case_documents/{key}/pdf/?id={ids['case']}{suffix}")
        assert pdf.status_code == 200 and title in compact(pdf_text(pdf.data)), key

    meeting = docx_text(client.get(f"/admin/case_documents/mediation_record/docx/?id={ids['case']}&record={ids['sessions'][1]}").data)
    assert "双方陈述意见。" in meeting and "和平社区调解室" in meeting and "王调解" in meeting and "赵记录" in meeting
    rights = docx_text(client.get(f"/admin/case_documents/rights_notice/docx/?id={ids['case']}").data)
    assert "不收取任何费用" in rights and "选择或者接受人民调解员" in rights
    # A record of another case, or a document the case does not have, is not found.
    assert client.get(f"/admin/case_documents/mediation_record/?id={ids['case']}&record=999999").status_code == 404
    assert client.get(f"/admin/case_documents/refusal_notice/?id={ids['case']}").status_code == 404
    assert client.get(f"/admin/case_documents/no_such_paper/?id={ids['case']}").status_code == 404


def test_refusal_notice_and_transfer_letter_with_receipt(client, login_as, network, case_in, case_page):
    login_as("staff", street_id=network["street"].id)
    refused = case_in(network["community_committee"])
    case_page(refused.id).step("refuse", reason="该纠纷已由法院受理。", referred_to="东城区人民法院")
    text = docx_text(client.get(f"/admin/case_documents/refusal_notice/docx/?id={refused.id}").data)
    assert "不予受理告知书" in text and "该纠纷已由法院受理。" in text and "东城区人民法院" in text and "张三：" in text

    moved = case_in(network["community_committee"])
    response = case_page(moved.id).step("transfer", partner=network["police"].id, kind="transfer",
                                        matter="该纠纷涉及治安管理事项。")
    assert response.status_code == 302
    text = docx_text(_only_letter(client, moved.id))
    assert "纠纷移交函" in text and "东华派出所" in text and "该纠纷涉及治安管理事项。" in text
    assert "沿此线剪开" in text and "回　执" in text and "接收人（签名）" in text


def _only_letter(client, case_id):
    import re

    html = text_of(client.get(f"/admin/cases/details/?id={case_id}&tab=all"))
    url = re.search(r'href="(/admin/case_documents/referral_letter/docx/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    return client.get(url).data


@pytest.mark.parametrize("key", ["agreement", "mediation_record"])
def test_one_document_pdf_is_text_with_embedded_cjk_fonts(client, login_as, network, complete_case, key):
    from pypdf import PdfReader
    import io

    login_as("staff", street_id=network["street"].id)
    ids = complete_case()
    suffix = f"&record={ids['sessions'][1]}" if key == "mediation_record" else ""
    data = client.get(f"/admin/case_documents/{key}/pdf/?id={ids['case']}{suffix}").data
    reader = PdfReader(io.BytesIO(data))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
            fonts.append((str(font["/BaseFont"]), any(k.startswith("/FontFile") for k in descriptor)))
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("CJK" in name for name, _embedded in fonts)
    assert len(pdf_pages(data)) >= 1
