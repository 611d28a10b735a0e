"""Reference data every installation starts with: the standard lookups.

Idempotent: entries are matched by code, missing ones are added, edited ones are left alone.
"""
from importlib import import_module

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CaseSource, DisputeType, EducationLevel, EquipmentKind, Ethnicity, FacilityKind, MediatorGrade,
    PartnerKind, PoliticalStatus, TrainingKind,
)
from portal.services.chinese import to_traditional

# (code, Simplified name, English name[, extra attributes])
REFERENCE = {
    DisputeType: [
        ("marriage_family", "婚姻家庭", "Marriage and family", {"personal_status": True}),
        ("neighbour", "邻里", "Neighbours"),
        ("housing_homestead", "房屋宅基地", "Housing and homestead"),
        ("contract", "合同", "Contract"),
        ("production_business", "生产经营", "Production and business"),
        ("damages", "损害赔偿", "Compensation for damage"),
        ("forest_land", "山林土地", "Forest and land"),
        ("land_acquisition", "征地拆迁", "Land acquisition and demolition"),
        ("environment", "环境污染", "Environmental pollution"),
        ("labour", "劳动争议", "Labour dispute"),
        ("consumer", "消费", "Consumer"),
        ("medical", "医疗", "Medical"),
        ("traffic", "道路交通事故", "Road traffic accident"),
        ("property_management", "物业", "Property management"),
        ("other", "其他", "Other"),
    ],
    CaseSource: [
        ("application", "当事人申请", "Application by a party"),
        ("initiative", "主动调解", "Committee's own initiative"),
        ("online", "网上申请", "Online application"),
        ("phone", "电话申请", "Application by phone"),
        ("police_referral", "公安移送", "Referred by the police"),
        ("court_entrusted", "法院委托", "Entrusted by the court"),
        ("petition_referral", "信访移送", "Referred by the petition office"),
        ("government_referral", "政府部门移送", "Referred by a government department"),
        ("grid_report", "网格信息员报告", "Reported by a grid reporter"),
    ],
    TrainingKind: [
        ("pre_service", "岗前培训", "Pre-service training"),
        ("periodic", "定期培训", "Periodic training"),
        ("new_law", "新法规培训", "New laws and regulations"),
        ("hearing_observation", "旁听观摩庭审", "Court hearing observation"),
        ("case_study", "案例研讨", "Case study"),
        ("document_writing", "文书制作", "Document writing"),
    ],
    FacilityKind: [
        ("office", "办公室", "Office"),
        ("mediation_room", "调解室", "Mediation room", {"bookable": True}),
        ("legal_consultation", "法律咨询室", "Legal consultation room"),
        ("talk_point", "人大代表政协委员谈心处", "NPC deputy and CPPCC member talk point"),
        ("archive_room", "档案室", "Archive room"),
        ("other", "其他", "Other"),
    ],
    EquipmentKind: [
        ("computer", "电脑", "Computer"),
        ("phone", "电话", "Telephone"),
        ("archive_cabinet", "档案柜", "Archive cabinet"),
        ("vehicle", "交通工具", "Vehicle"),
        ("notice_board", "宣传公示栏", "Publicity and notice board"),
        ("other", "其他", "Other"),
    ],
    PoliticalStatus: [
        ("cpc_member", "中共党员", "CPC member"),
        ("cpc_probationary", "中共预备党员", "CPC probationary member"),
        ("cyl_member", "共青团员", "Communist Youth League member"),
        ("democratic_party", "民主党派", "Member of a democratic party"),
        ("non_partisan", "无党派人士", "Non-partisan"),
        ("masses", "群众", "Ordinary citizen"),
    ],
    EducationLevel: [
        ("primary", "小学", "Primary school"),
        ("junior_secondary", "初中", "Junior secondary"),
        ("senior_secondary", "高中/中专", "Senior secondary / vocational", {"senior_secondary_or_above": True}),
        ("junior_college", "大专", "Junior college", {"senior_secondary_or_above": True}),
        ("bachelor", "本科", "Bachelor's degree", {"senior_secondary_or_above": True}),
        ("postgraduate", "研究生", "Postgraduate", {"senior_secondary_or_above": True}),
    ],
    Ethnicity: [
        ("han", "汉族", "Han"),
        ("hui", "回族", "Hui"),
        ("manchu", "满族", "Manchu"),
        ("mongol", "蒙古族", "Mongol"),
        ("zhuang", "壮族", "Zhuang"),
        ("uyghur", "维吾尔族", "Uyghur"),
        ("tibetan", "藏族", "Tibetan"),
        ("miao", "苗族", "Miao"),
        ("yi", "彝族", "Yi"),
        ("tujia", "土家族", "Tujia"),
        ("korean", "朝鲜族", "Korean"),
        ("other", "其他民族", "Other"),
    ],
    MediatorGrade: [
        ("grade_1", "一级", "Grade 1"),
        ("grade_2", "二级", "Grade 2"),
        ("grade_3", "三级", "Grade 3"),
        ("grade_4", "四级", "Grade 4"),
        ("ungraded", "未定级", "Ungraded"),
    ],
    PartnerKind: [
        ("court", "人民法院", "People's court"),
        ("police", "公安派出所", "Police station"),
        ("petition", "信访部门", "Petition office"),
        ("labour", "劳动保障部门", "Labour and social security"),
        ("civil_affairs", "民政部门", "Civil affairs"),
        ("health", "卫生部门", "Health"),
        ("mass_organisation", "工会/共青团/妇联", "Trade union, Youth League, Women's Federation"),
        ("other", "其他", "Other"),
    ],
}


# Other areas' standard data (content types, settings…) as "module:function"; each function is
# idempotent and returns how many rows it added. Run by ``portal init-db``, ``seed-demo`` and the
# test set-up, after the lookups.
SEEDERS = (
    "portal.services.training:ensure_training_requirements",
    "portal.services.content.seed:ensure_content_types",
)


def ensure_reference_data():
    """Add the standard entries that are missing; returns how many were added."""
    added = _ensure_lookups()
    for path in SEEDERS:
        module_name, function_name = path.split(":")
        added += getattr(import_module(module_name), function_name)()
    db.session.flush()
    return added


def _ensure_lookups():
    added = 0
    for model, rows in REFERENCE.items():
        existing = set(db.session.scalars(select(model.code)))
        for order, row in enumerate(rows, start=1):
            code, name, name_en, *extra = row
            if code in existing:
                continue
            db.session.add(model(
                code=code, name=name, name_zh_hant=to_traditional(name), name_en=name_en,
                sort_order=order * 10, **(extra[0] if extra else {}),
            ))
            added += 1
    db.session.flush()
    return added
