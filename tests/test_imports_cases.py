"""Historical cases from a case register: numbers kept as given and unique, parties, outcome,
the timeline and agreement they imply, and numbering that carries on after them."""
from datetime import date

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseEvent
from tests.fixtures.imports import xlsx_bytes
from tests.helpers import assert_redirect
from tests.idnumbers import female_id, male_id

HEADER = ["案件编号", "标题", "纠纷类型", "来源", "调委会", "收案日期", "受理日期", "调解结果", "结案日期", "协议形式",
          "涉及金额", "调解员", "申请人", "申请人身份证号码", "申请人电话", "被申请人", "被申请人身份证号码", "保管期限"]
COMPANY = "91350100M000100Y43"


def register(*rows):
    return xlsx_bytes([HEADER, *rows])


def row(number, status="调解成功", concluded="2024-03-20", **values):
    base = {
        "title": "张某与李某邻里通道纠纷", "type": "邻里", "source": "当事人申请", "committee": "和平社区人民调解委员会",
        "received": "2024-03-01", "accepted": "2024-03-02", "agreement": "书面协议", "amount": 1200.5,
        "mediators": "王调解、李调解", "applicants": "张某", "applicant_ids": male_id("19800101"), "phones": "13812345678",
        "respondents": "李某、某某物业公司", "respondent_ids": f"{female_id('19850505')}、{COMPANY}", "retention": "",
    }
    base.update(values)
    return [number, base["title"], base["type"], base["source"], base["committee"], base["received"], base["accepted"],
            status, concluded, base["agreement"], base["amount"], base["mediators"], base["applicants"],
            base["applicant_ids"], base["phones"], base["respondents"], base["respondent_ids"], base["retention"]]


def load(in_app, number):
    def read():
        case = db.session.scalar(select(Case).where(Case.number == number))
        return {
            "status": case.status, "accepted_on": case.accepted_on, "concluded_on": case.concluded_on,
            "amount": case.amount, "street_id": case.street_id, "start_level": case.start_level,
            "mediators": sorted(m.name for m in case.mediators),
            "parties": sorted((p.role, p.kind, p.name, p.id_number or "") for p in case.parties),
            "events": [(e.transition, e.occurred_on) for e in db.session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))],
            "agreement": (case.agreement.kind, case.agreement.signed_on) if case.agreement else None,
        }

    return in_app(read)


def test_a_register_of_closed_cases_imports_with_parties_outcome_and_timeline(client, login_as, network, importer, in_app, upload_dir):
    login_as("staff", street_id=network["street"].id)
    token, preview = importer.load("cases", register(
        row("（2024）和平调字第0001号"),
        row("（2024）和平调字第0002号", status="调解不成", agreement="", concluded="2024-04-01"),
        row("（2023）东华调字第0031号", status="已归档", committee="东华街道人民调解委员会", retention="长期"),
    ))
    assert preview.statuses() == {2: "new", 3: "new", 4: "new"}, preview.rows
    assert_redirect(importer.save(token))

    settled = load(in_app, "（2024）和平调字第0001号")
    assert settled["status"] == "settled" and settled["accepted_on"] == date(2024, 3, 2)
    assert str(settled["amount"]) == "1200.50" and settled["street_id"] == network["street"].id
    assert settled["mediators"] == ["李调解", "王调解"]
    assert settled["parties"] == sorted([
        ("applicant", "person", "张某", male_id("19800101")), ("respondent", "person", "李某", female_id("19850505")),
        ("respondent", "organisation", "某某物业公司", COMPANY),
    ])
    assert settled["events"] == [("accept", date(2024, 3, 2)), ("settle", date(2024, 3, 20))]
    assert settled["agreement"] == ("written", date(2024, 3, 20))
    assert load(in_app, "（2024）和平调字第0002号")["events"][-1] == ("fail", date(2024, 4, 1))
    assert load(in_app, "（2023）东华调字第0031号")["status"] == "archived"

    # The same register again: matched by number, nothing to save.
    token, preview = importer.load("cases", register(
        row("（2024）和平调字第0001号"),
        row("（2024）和平调字第0002号", status="调解不成", agreement="", concluded="2024-04-01"),
    ))
    assert preview.statuses() == {2: "unchanged", 3: "unchanged"}, preview.rows


def test_rows_are_refused_where_the_register_contradicts_the_rules(client, login_as, network, importer, make_case, upload_dir):
    login_as("staff", street_id=network["street"].id)
    make_case(network["community_committee"].id, number="（2024）和平调字第0009号", status="in_mediation",
              accepted_on=date(2024, 5, 2), received_on=date(2024, 5, 1))
    token, preview = importer.load("cases", register(
        row("（2024）和平调字第0003号"),
        row("（2024）和平调字第0003号", title="另一件"),                                  # number twice in the file
        row("（2024）和平调字第0004号", concluded=""),                                     # settled without a date
        row("（2024）和平调字第0005号", status="已登记"),                                  # never accepted: no number
        row("（2024）和平调字第0006号", committee="西城街道人民调解委员会"),               # another street
        row("（2024）和平调字第0007号", respondent_ids=female_id("19850505")),             # one ID for two respondents
        row("（2024）和平调字第0008号", accepted="2024-02-01"),                            # accepted before received
        row("（2024）和平调字第0009号", received="2024-05-01", accepted="2024-05-02"),     # already in mediation
        row("", title="没有编号的新案件"),                                                 # a number is needed
    ))
    assert preview.statuses() == {2: "new", 3: "error", 4: "error", 5: "error", 6: "error", 7: "error", 8: "error",
                                  9: "error", 10: "error"}
    assert "第 2 行" in preview.problem(3, "number")
    assert "必填" in preview.problem(4, "concluded_on")
    assert "已受理" in preview.problem(5, "status")
    assert "西城街道人民调解委员会" in preview.problem(6, "committee")
    assert "被申请人" in preview.problem(7, "respondent_ids")
    assert "收案日期" in preview.problem(8, "accepted_on")
    assert "调解中" in preview.problem(9, "status")
    assert "新案件需要填写案件编号" in preview.problem(10, "number")


def test_numbering_carries_on_after_imported_numbers(client, login_as, network, importer, case_in, case_page, load_case, upload_dir):
    login_as("staff", street_id=network["street"].id)
    year = timeutil.today().year
    token, preview = importer.load("cases", register(
        row(f"（{year}）和平调字第0005号", received=f"{year}-01-02", accepted=f"{year}-01-02", concluded=f"{year}-01-03"),
    ))
    assert_redirect(importer.save(token))
    case = case_in(network["community_committee"])
    assert_redirect(case_page(case.id).step("accept"))
    assert load_case(case.id).number == f"（{year}）和平调字第0006号"
