"""A complete case that is never saved: every record a document can draw on, filled in.

A template uploaded by the district is tried on it, so a misspelt placeholder inside a loop or
a condition is found even where a real case would skip it; the template page shows its values
as examples of what each placeholder prints.
"""
from datetime import date, datetime
from decimal import Decimal

from portal.models import (
    Case, CaseAgreement, CaseParty, CaseSource, Committee, DisputeType, Ethnicity, FollowUp,
    JudicialConfirmation, MediationSession, Mediator, PartnerBody,
)
from portal.models.geography import District, Street
from portal.models.linkage import CaseReferral, JudgeReview
from portal.models.organisation import JudgeLiaisonPoint


def specimen_case(*, oral=False):
    district = District(name="东城区")
    street = Street(name="东华街道", district=district)
    committee = Committee(name="和平社区人民调解委员会", short_name="和平", level="community", street=street,
                          address="东城区和平路1号", phone="010-12345678")
    han = Ethnicity(name="汉族")
    court = PartnerBody(name="东城区人民法院", address="东城区法院路8号", contact_name="立案庭", phone="010-87654321")
    police = PartnerBody(name="东华派出所", address="东城区东华路3号", contact_name="王警官", phone="010-11112222")
    mediators = [Mediator(name="王调解"), Mediator(name="李调解")]
    case = Case(
        number="（2026）和平调字第0007号", title="张三与李四邻里纠纷", committee=committee, street=street,
        dispute_type=DisputeType(name="邻里纠纷"), source=CaseSource(name="当事人申请"), status="settled",
        received_on=date(2026, 11, 2), accepted_on=date(2026, 11, 3), due_on=date(2026, 12, 3),
        concluded_on=date(2026, 11, 20), archived_on=date(2026, 12, 20), retention="long_term",
        facts="李四家装修时损坏张三家外墙，双方因赔偿金额发生争执。", amount=Decimal("5000.00"),
        refusal_reason="该纠纷已由人民法院受理，", referred_to="东城区人民法院", start_level="community",
        transferred_to=police,
    )
    case.mediators = mediators
    applicant = CaseParty(role="applicant", kind="person", name="张三", sex="male", ethnicity=han,
                          birth_date=date(1980, 5, 1), occupation="教师", address="东城区和平路2号",
                          id_number="110101198005011234", phone="13812345678")
    respondent = CaseParty(role="respondent", kind="person", name="李四", sex="female", ethnicity=han,
                           birth_date=date(1985, 3, 9), occupation="个体经营者", address="东城区和平路4号",
                           id_number="11010119850309432X", phone="13912345678")
    company = CaseParty(role="other", kind="organisation", name="东城区某装饰有限公司", address="东城区建设路9号",
                        id_number="91110101MA01234567", phone="010-66668888", representative="赵五")
    case.parties = [applicant, respondent, company]
    room = "和平社区调解室"
    case.sessions = [
        MediationSession(kind="investigation", starts_at=datetime(2026, 11, 5, 9, 30), ends_at=datetime(2026, 11, 5, 10, 30),
                         location_text="张三家", recorder="赵记录", summary="现场查看外墙受损情况。", outcome="外墙约两平方米受损。",
                         mediators=mediators[:1], parties=[applicant]),
        MediationSession(kind="mediation", starts_at=datetime(2026, 11, 10, 14, 0), ends_at=datetime(2026, 11, 10, 16, 0),
                         location_text=room, recorder="赵记录", invited_helpers="社区网格员孙六",
                         summary="双方陈述意见，调解员释明相关法律规定。", outcome="双方就赔偿金额初步达成一致。",
                         mediators=mediators, parties=[applicant, respondent]),
    ]
    case.agreement = CaseAgreement(
        kind="oral" if oral else "written", signed_on=date(2026, 11, 20), facts=case.facts,
        responsibilities="李四对外墙受损负全部责任。", terms="一、李四赔偿张三修缮费用五千元；\n二、双方今后和睦相处。",
        performance_method="银行转账", performance_place="东城区", performance_deadline=date(2026, 11, 30),
        amount=Decimal("5000.00"), copies=4,
    )
    case.confirmation = JudicialConfirmation(applied_on=date(2026, 11, 25), court=court, outcome="pending")
    case.follow_ups = [FollowUp(due_on=date(2026, 12, 5), done_on=date(2026, 12, 5), method="visit", visited_by="王调解",
                                performed="fully", satisfaction="satisfied", lawsuit=False, risk="none",
                                measures="无", notes="双方关系缓和。")]
    case.referrals = [CaseReferral(kind="transfer", partner=police, sent_on=date(2026, 11, 4), matter="该纠纷涉及治安管理事项。",
                                   receipt_on=date(2026, 11, 5), receipt_by="王警官", feedback_on=date(2026, 11, 15),
                                   handling="依法调查处理", result="resolved")]
    case.judge_reviews = [JudgeReview(stage="after_signing", liaison_point=JudgeLiaisonPoint(name="和平法官联系点"),
                                      judge_name="周法官", sent_on=date(2026, 11, 21), reviewed_on=date(2026, 11, 22),
                                      outcome="approved", comments="协议内容合法有效。")]
    case.specimen_requests = "请求李四赔偿外墙修缮费用五千元。"
    return case


SPECIMEN_DOSSIER_ROWS = (
    {"number": "1", "title": "人民调解申请书", "pages": "1", "note": ""},
    {"number": "2", "title": "人民调解受理登记表", "pages": "2", "note": ""},
    {"number": "3", "title": "身份证明（扫描件）", "pages": "3-4", "note": "扫描件"},
)
