"""Demo inspections and assessment: the district's checklist for judicial offices (and a short
one for pilot units), a dozen inspections over two years with findings, rectification items in
every state (waiting, overdue, answered, reopened, accepted on time and late), dossier spot
checks where offices have archived cases, last year's assessment signed off (final, frozen) and
this year's still a draft. Everything goes through the same service functions the screens use.
"""
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from portal import timeutil
from portal.extensions import db
from portal.models import (
    AssessmentComment, AssessmentIndicator, AssessmentScheme, ChecklistItem, ChecklistTemplate, Inspection,
    SchemeStatus,
)
from portal.services.actor import acting_as
from portal.services.inspections import assessment, spot_check, visits
from portal.services.inspections import rectifications as rect_rules

# (group, Simplified, Traditional, English, weight, record list)
OFFICE_ITEMS = (
    ("organisation", "街道、社区（村）调委会组织健全，成员3至9人且有女性成员", "街道、社區（村）調委會組織健全，成員3至9人且有女性成員",
     "Committees complete: 3 to 9 members, including a woman", 10, "committees"),
    ("organisation", "调委会按期换届，向司法局备案", "調委會按期換屆，向司法局備案", "Committees re-elected on time and registered", 5, "committees"),
    ("mediators", "调解员名册完整，街道调委会成员具有高中以上文化程度", "調解員名冊完整，街道調委會成員具有高中以上文化程度",
     "Mediator roster complete; street committee members have senior-secondary education", 10, "mediators"),
    ("training", "调解员按要求参加岗前培训和年度培训", "調解員按要求參加崗前培訓和年度培訓",
     "Mediators took pre-service and yearly training", 10, "training_compliance"),
    ("facilities", "经费、办公用房、工作设施三个到位", "經費、辦公用房、工作設施三個到位", "Funds, office space and equipment in place", 10,
     "office_checklist"),
    ("facilities", "设有专门调解室，标识规范", "設有專門調解室，標識規範", "A dedicated, signposted mediation room", 5, "facilities"),
    ("dossiers", "调解文书使用统一格式，填写规范", "調解文書使用統一格式，填寫規範", "Standard document formats, filled in properly", 10, "cases"),
    ("dossiers", "卷宗装订有序，材料齐全", "卷宗裝訂有序，材料齊全", "Dossiers bound in order and complete", 10, "cases"),
    ("statistics", "统计台账完整，月报按时报送", "統計臺帳完整，月報按時報送", "Ledgers complete, monthly reports on time", 10, "monthly_reports"),
    ("statistics", "按时开展矛盾纠纷排查并记录", "按時開展矛盾糾紛排查並記錄", "Screening rounds held and recorded", 5, "screening_rounds"),
    ("rules_posted", "工作制度、工作纪律、工作流程图上墙公示", "工作制度、工作紀律、工作流程圖上牆公示",
     "Working rules, discipline and workflow posted", 10, "content_entries"),
    ("rules_posted", "调解员守则及“五不准”公示", "調解員守則及「五不准」公示", "Mediators' code and five prohibitions posted", 5, None),
)
PILOT_ITEMS = (
    ("organisation", "试点调委会组织健全，职责明确", "試點調委會組織健全，職責明確", "Pilot committee organised, duties clear", 40, "committees"),
    ("dossiers", "调解登记、记录、回访台账齐全", "調解登記、記錄、回訪臺帳齊全", "Registers, records and follow-ups complete", 40, "cases"),
    ("rules_posted", "工作制度上墙公示", "工作制度上牆公示", "Rules posted", 20, None),
)
NOTES = {
    "partly": ["部分材料未及时归档", "台账记录不够完整", "个别调解员培训学时不足", "公示内容未及时更新"],
    "fails": ["调解室被挪作他用", "卷宗缺少当事人权利义务告知书", "2个社区调委会未按期换届", "工作流程图未上墙",
              "月报连续两个月迟报", "未建立排查记录"],
}
ANSWERS = ["已恢复调解室专用，并挂牌公示。", "已补齐相关材料并重新装订卷宗。", "已组织换届选举并报司法局备案。",
           "已制作工作流程图并上墙公示。", "已指定专人负责月报报送，建立提醒机制。"]
INDICATORS = (
    ("培训达标率", "培訓達標率", "Training compliance rate", "training", "rate", 10, 100),
    ("“三个到位”完成情况", "「三個到位」完成情況", "Three in place", "three_in_place", "rate", 10, 100),
    ("月报按时报送率", "月報按時報送率", "Monthly reports on time", "reports_on_time", "rate", 10, 100),
    ("调解成功率", "調解成功率", "Case success rate", "success_rate", "rate", 15, 95),
    ("三级化解率", "三級化解率", "Settled at the starting level", "at_start", "rate", 10, 80),
    ("超期案件", "超期案件", "Overdue cases", "overdue_cases", "deduct", 5, 1),
    ("卷宗抽查合格率", "卷宗抽查合格率", "Dossier spot checks", "dossiers", "rate", 10, 100),
    ("整改按期完成率", "整改按期完成率", "Rectifications on time", "rectifications", "rate", 10, 100),
    ("矛盾纠纷排查", "矛盾糾紛排查", "Screening rounds", "screening", "rate", 5, 100),
    ("检查得分", "檢查得分", "Inspection results", "inspections", "rate", 10, 100),
    ("工作创新及特色亮点", "工作創新及特色亮點", "Innovation and highlights", "manual", "manual", 5, 0),
)
MANUAL_REASONS = ["建立“法官进社区”联系点，运行良好", "调解案例入选区优秀案例汇编", "按要求开展工作，无突出亮点",
                  "创新“网格+调解”工作法，经验在全区推广"]


def _admin(ctx):
    return next(u for u in ctx.users.values() if u.role == "admin")


def _inspector(ctx):
    return next((u for u in ctx.users.values() if u.role == "inspector"), None) or _admin(ctx)


def _staff(ctx, street_id):
    user = next((u for u in ctx.users.values() if u.role == "staff" and u.street_id == street_id), None)
    return user or _admin(ctx)


def _template(name, description, items):
    return ChecklistTemplate(name=name, description=description, items=[
        ChecklistItem(grouping=group, name=zh, name_zh_hant=hant, name_en=en, weight=weight, record_list=records,
                      sort_order=index)
        for index, (group, zh, hant, en, weight, records) in enumerate(items)
    ])


def _inspect(ctx, template, office, day, *, announced, committee=None, quality):
    rng = ctx.rng
    inspection = Inspection(judicial_office=office, template=template, inspected_on=day, announced=announced,
                            committee=committee, other_inspectors="区人民调解工作领导小组办公室 钱卫东",
                            inspectors=[_inspector(ctx)])
    db.session.add(inspection)
    db.session.flush()
    visits.add_findings(inspection)
    failed = 0
    for finding in inspection.findings:
        roll = rng.random()
        result = "meets" if roll < quality else ("partly" if roll < quality + (1 - quality) / 2 else "fails")
        note = rng.choice(NOTES[result]) if result != "meets" else ""
        visits.record_finding(finding, result, note)
        failed += result == "fails"
    inspection.conclusion = ("总体工作扎实，台账规范。" if failed == 0 else
                             f"总体情况较好，发现{failed}项问题需限期整改。")
    return inspection


def _follow_up(ctx, inspection, today):
    """Take the inspection's rectification items through the states their age suggests."""
    rng = ctx.rng
    office_user, admin = _staff(ctx, inspection.street_id), _admin(ctx)
    for finding in inspection.findings:
        item = finding.rectification
        if item is None:
            continue
        age = (today - inspection.inspected_on).days
        if age < 20 and rng.random() < 0.6:
            continue  # fresh: still with the office
        if age > 45 and rng.random() < 0.25:
            continue  # left unanswered past its deadline: overdue on both dashboards
        answered = inspection.inspected_on + timedelta(days=rng.randrange(7, 40))
        answered = min(answered, today - timedelta(days=1))
        with acting_as(office_user.id):
            rect_rules.answer(item, text=rng.choice(ANSWERS), user_id=office_user.id,
                              at=datetime.combine(answered, time(15, 20)))
        if age < 25 or rng.random() < 0.15:
            continue  # answered, awaiting the district
        decided = min(answered + timedelta(days=rng.randrange(2, 10)), today)
        with acting_as(admin.id):
            if rng.random() < 0.2:
                rect_rules.reopen(item, note="整改不到位，请补充相关证明材料。", user_id=admin.id,
                                  at=datetime.combine(decided, time(10, 0)))
            else:
                rect_rules.accept(item, note="经复查，整改到位。", user_id=admin.id, at=datetime.combine(decided, time(10, 0)))


def _spot_check(ctx, inspection):
    if not spot_check.archive_ids(inspection):
        return 0
    checks = spot_check.draw(inspection, 3, seed=ctx.rng.randrange(1, 2**31 - 1))
    for check in checks:
        results = {item.kind.value: ("ok" if item.present and ctx.rng.random() < 0.85 else "missing")
                   for item in spot_check.required_kinds(check)}
        spot_check.record(check, results, "" if all(v == "ok" for v in results.values()) else "材料不全")
    return len(checks)


def _scheme(year, status):
    return AssessmentScheme(year=year, name=f"{year}年度司法所目标管理考核方案", status=status, indicators=[
        AssessmentIndicator(name=zh, name_zh_hant=hant, name_en=en, source=source, rule=rule, weight=weight,
                            target=Decimal(target), sort_order=index)
        for index, (zh, hant, en, source, rule, weight, target) in enumerate(INDICATORS)
    ])


def _sign_off_last_year(ctx, scheme, today):
    admin = _admin(ctx)
    for indicator in scheme.indicators:
        if indicator.source != "manual":
            continue
        for office in ctx.offices:
            score = Decimal(ctx.rng.choice((3, 3.5, 4, 4.5, 5)))
            assessment.set_score(scheme, indicator, office.street_id, score, ctx.rng.choice(MANUAL_REASONS))
    # Published in January with a fortnight for comments, signed off after it.
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = datetime(today.year, 1, 8, 9, 0)
    scheme.comments_until = date(today.year, 1, 22)
    office = ctx.offices[1] if len(ctx.offices) > 1 else ctx.offices[0]
    db.session.add(AssessmentComment(scheme_id=scheme.id, street_id=office.street_id,
                                     text="我所卷宗抽查中2份卷宗的告知书已补齐，请予复核。", created_by_id=_staff(ctx, office.street_id).id))
    db.session.flush()
    assessment.finalise(scheme, user_id=admin.id, at=datetime(today.year, 1, 28, 16, 0),
                        today=date(today.year - 1, 12, 31))


def load(ctx):
    today = timeutil.today()
    admin = _admin(ctx)
    counts = {"checklist templates": 2, "inspections": 0, "dossiers drawn": 0, "assessment schemes": 2}
    with acting_as(admin.id):
        office_template = _template("司法所规范化建设检查表", "用于对各街道司法所的定期和不定期检查。", OFFICE_ITEMS)
        pilot_template = _template("人民调解试点单位检查表", "用于对试点街道调委会及试点单位的检查。", PILOT_ITEMS)
        db.session.add_all([office_template, pilot_template])
        db.session.flush()
    offices = list(ctx.offices)
    # A dozen inspections over two years: every office last autumn, some again this year.
    plan = []
    for index, office in enumerate(offices[:8]):
        plan.append((office, date(today.year - 1, 9, 10) + timedelta(days=9 * index), index % 3 != 2))
    for index, office in enumerate(offices[:4]):
        plan.append((office, today - timedelta(days=12 + 21 * index), index % 2 == 0))
    inspected = []
    for position, (office, day, announced) in enumerate(plan):
        if day >= today:
            day = today - timedelta(days=1)
        with acting_as(_inspector(ctx).id):
            inspection = _inspect(ctx, office_template, office, day, announced=announced,
                                  quality=0.55 + 0.05 * (position % 6))
        inspected.append(inspection)
    if offices:
        pilot = next((c for c in ctx.committees if c.street_id == offices[0].street_id and c.level == "street"), None)
        if pilot is not None:
            with acting_as(_inspector(ctx).id):
                inspected.append(_inspect(ctx, pilot_template, offices[0], today - timedelta(days=5),
                                          announced=False, committee=pilot, quality=0.6))
    counts["inspections"] = len(inspected)
    for inspection in inspected:
        with acting_as(_inspector(ctx).id):
            counts["dossiers drawn"] += _spot_check(ctx, inspection)
        _follow_up(ctx, inspection, today)
    with acting_as(admin.id):
        last, this = _scheme(today.year - 1, SchemeStatus.DRAFT), _scheme(today.year, SchemeStatus.DRAFT)
        db.session.add_all([last, this])
        db.session.flush()
        _sign_off_last_year(ctx, last, today)
    db.session.flush()
    counts["rectification items"] = sum(1 for i in inspected for f in i.findings if f.rectification is not None)
    return counts

