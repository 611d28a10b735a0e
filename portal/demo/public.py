"""Demo data of the public site: the standard texts, notices (one scheduled, one draft), public
contact points, and a few online applications.

``load(ctx)`` runs after the foundation's loader (streets, offices, committees, facilities…)
and only adds; it flushes, the CLI commits.
"""
from datetime import timedelta

from sqlalchemy import func, select

from portal import timeutil
from portal.demo.names import LIAISON_HOURS
from portal.demo.people import People
from portal.extensions import db
from portal.models import Committee, CommitteeLevel, DisputeType, Facility, FacilityKind, JudgeLiaisonPoint
from portal.models.content import EntryStatus
from portal.services import applications
from portal.services.content.library import load_entries, load_standard_content

NOTICES = [
    {
        "slug": "online-application-opens", "days_ago": 20,
        "zh": {"title": "网上申请调解服务正式开通",
               "summary": "即日起，群众可以通过本网站申请人民调解，并凭查询码查询办理进度。",
               "body": "<p>为方便群众就近、及时化解矛盾纠纷，区司法局开通网上申请调解服务。"
                       "申请人填写本人和对方当事人信息、纠纷情况和请求事项，即可提交申请；"
                       "所在社区（村）人民调解委员会收到申请后会电话联系申请人。</p>"
                       "<p>调解不收取任何费用。</p>"},
        "en": {"title": "Online applications for mediation now open",
               "summary": "From today you can apply for people's mediation on this website and check the progress "
                          "with a tracking code.",
               "body": "<p>To help people settle disputes close to home and without delay, the district justice "
                       "bureau now takes applications for mediation online. Fill in your details, the other party's, "
                       "the dispute and what you ask for; the mediation committee of your community will call you.</p>"
                       "<p>Mediation is free of charge.</p>"},
    },
    {
        "slug": "judge-liaison-hours", "days_ago": 6,
        "zh": {"title": "法官联系点接待时间安排",
               "summary": f"法官联系点{LIAISON_HOURS['zh']}由联系法官现场接待群众，提供法律咨询。",
               "body": f"<p>区人民法院“法官进社区”联系点（{LIAISON_HOURS['zh']}）由联系法官现场接待，"
                       "解答法律问题，指导人民调解工作。具体地点见“联系点”页面。</p>"},
        "en": {"title": "Opening hours of the judge liaison points",
               "summary": f"A liaison judge receives the public at the judge liaison points: {LIAISON_HOURS['en']}.",
               "body": "<p>Under the court's \"judges in the community\" programme, a liaison judge receives the public "
                       f"at each liaison point ({LIAISON_HOURS['en']}), answers legal questions and guides "
                       "mediation work. See the contact points page for addresses.</p>"},
    },
]

SCHEDULED_NOTICE = {
    "slug": "mediator-training-notice",
    "zh": {"title": "人民调解员新法规培训通知",
           "summary": "区司法局将组织全区人民调解员参加新法规培训。",
           "body": "<p>为提高人民调解员依法调解的能力，区司法局将组织新法规专题培训，请各司法所做好组织工作。</p>"},
    "en": {"title": "Training on new laws for people's mediators",
           "summary": "The district justice bureau will train all people's mediators on new laws.",
           "body": "<p>To strengthen mediation according to law, the district justice bureau will hold training on new "
                   "laws and regulations. Judicial offices please organise attendance.</p>"},
}

DRAFT_NOTICE = {
    "slug": "holiday-arrangements",
    "zh": {"title": "节假日值班安排（草稿）", "body": "<p>节假日期间各司法所安排值班人员，受理紧急矛盾纠纷。</p>"},
    "en": {"title": "Duty arrangements over the holidays (draft)",
           "body": "<p>Each judicial office keeps staff on duty over the holidays to take urgent disputes.</p>"},
}

PUBLIC_FACILITIES = (
    ("legal_consultation", "法律咨询室", "周一至周五 9:00—12:00，14:00—17:30"),
    ("talk_point", "人大代表政协委员谈心处", "每月第一个周四 9:00—11:30"),
)


def _notices():
    now = timeutil.now().replace(second=0)
    specs = [dict(spec, publish_at=now - timedelta(days=spec["days_ago"])) for spec in NOTICES]
    added = load_entries("notice", specs)
    added += load_entries("notice", [dict(SCHEDULED_NOTICE, publish_at=now + timedelta(days=7))])
    added += load_entries("notice", [DRAFT_NOTICE], status=EntryStatus.DRAFT)
    return added


def _public_facilities(ctx):
    """Legal consultation rooms and talk points at the first offices, shown to the public."""
    kinds = {k.code: k for k in db.session.scalars(select(FacilityKind).where(FacilityKind.code.in_([c for c, _n, _h in PUBLIC_FACILITIES])))}
    added = 0
    for office in ctx.offices[:4]:
        for code, name, hours in PUBLIC_FACILITIES:
            exists = db.session.scalar(select(Facility.id).where(
                Facility.judicial_office_id == office.id, Facility.kind_id == kinds[code].id).limit(1))
            if exists is not None:
                continue
            db.session.add(Facility(
                name=f"{office.name}{name}", kind=kinds[code], judicial_office=office, address=office.address,
                phone=office.phone, opening_hours=hours, is_public=True,
            ))
            added += 1
    return added


def _liaison_points(ctx):
    """A liaison point in each of the first streets, unless the foundation made them already."""
    if db.session.scalar(select(func.count()).select_from(JudgeLiaisonPoint)):
        return 0
    court = ctx.partners[0] if ctx.partners else None
    judges = ("陈立新", "刘敏", "赵建国")
    for street, judge in zip(ctx.streets[:3], judges):
        db.session.add(JudgeLiaisonPoint(
            name=f"{street.name}法官联系点", street=street, court=court, judge_name=judge,
            judge_phone="13900000000", address=f"{street.name}综治中心", phone="010-64000000",
            opening_hours=LIAISON_HOURS["zh"], judge_is_instructor=True, is_public=True,
        ))
    return len(judges[: len(ctx.streets[:3])])


def _applications(ctx):
    """Two applications as the public would send them, so the office sees the online channel."""
    with_committee = set(db.session.scalars(
        select(Committee.community_id).where(Committee.level == CommitteeLevel.COMMUNITY, Committee.community_id.is_not(None))
    ))
    communities = [c for c in ctx.communities if c.id in with_committee][:2]
    neighbour = db.session.scalar(select(DisputeType).where(DisputeType.code == "neighbour"))
    property_type = db.session.scalar(select(DisputeType).where(DisputeType.code == "property_management"))
    samples = (
        ("周晓梅", "female", "13812340001", "楼上住户", "楼上住户装修期间每天晚上十点后仍在施工，噪音影响休息，多次沟通无果。",
         "请对方晚上十点后停止施工。", neighbour),
        ("孙建华", "male", "13812340002", "某物业服务有限公司", "小区电梯长期故障，物业未按合同及时维修。",
         "要求物业在一个月内修复电梯并减免部分物业费。", property_type),
    )
    people = People(ctx.rng)
    made = 0
    for community, (name, sex, phone, other, facts, requests, dispute_type) in zip(communities, samples):
        applications.submit(applications.ApplicationInput(
            applicant=applications.PartyInput(name=name, id_number=people.id_number(people.birth_date(), sex),
                                              phone=phone, address=f"{community.name}1号楼"),
            respondent=applications.PartyInput(name=other, kind="organisation" if "公司" in other else "person"),
            community_id=community.id, dispute_type_id=dispute_type.id, facts=facts, requests=requests, consent=True,
        ))
        made += 1
    return made


def _public_counts():
    """How many consultation rooms and talk points, and liaison points, the public site lists:
    counted in the database, whichever loader made them."""
    public_kinds = select(FacilityKind.id).where(FacilityKind.code.in_([code for code, _n, _h in PUBLIC_FACILITIES]))
    facilities = db.session.scalar(select(func.count()).select_from(Facility).where(
        Facility.is_public.is_(True), Facility.kind_id.in_(public_kinds)))
    points = db.session.scalar(select(func.count()).select_from(JudgeLiaisonPoint).where(JudgeLiaisonPoint.is_public.is_(True)))
    return {"public facilities": facilities, "judge liaison points": points}


def load(ctx):
    counts = {"content entries": load_standard_content() + _notices()}
    _public_facilities(ctx)
    _liaison_points(ctx)
    db.session.flush()
    counts.update(_public_counts())
    counts["online applications"] = _applications(ctx)
    return counts
