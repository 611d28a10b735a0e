"""The foundation's demo records: geography, offices, committees, mediators, cases, training."""
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.demo.names import (
    CASE_TITLES, COMMUNITY_WORDS, COMPANIES, LIAISON_HOURS, OCCUPATIONS, ROADS, SPECIALITIES, STREETS,
)
from portal import timeutil
from portal.demo.people import People
from portal.extensions import db
from portal.models import (
    Case, CaseParty, CaseSource, Committee, CommitteeLevel, CommitteeMembership, Community,
    CommunityKind, DisputeType, District, EducationLevel, Employment, Equipment, EquipmentKind,
    Ethnicity, Facility, FacilityKind, Grid, JudgeLiaisonPoint, JudicialOffice, Mediator,
    MediatorGrade, PartnerBody, PartnerKind, PoliticalStatus, Post, Role, Selection, Street,
    TrainingAttendance, TrainingKind, TrainingSession, User,
)

OPENING_HOURS = "周一至周五 8:30-12:00，13:30-17:30"


def lookups(model):
    return {row.code: row for row in db.session.scalars(select(model))}


def load(ctx, password):
    people = People(ctx.rng)
    _geography(ctx)
    _offices(ctx, people)
    _partners(ctx, people)
    _committees(ctx, people)
    _mediators(ctx, people)
    _liaison_points(ctx, people)
    _facilities(ctx)
    _cases(ctx, people)
    _training(ctx)
    _users(ctx, password)
    db.session.flush()
    return {
        "streets": len(ctx.streets), "communities": len(ctx.communities), "committees": len(ctx.committees),
        "mediators": len(ctx.mediators), "cases": len(ctx.cases), "facilities": len(ctx.facilities),
        "training sessions": len(ctx.training_sessions), "users": len(ctx.users),
    }


def _geography(ctx):
    ctx.district = District(code="D01", name="东城区")
    db.session.add(ctx.district)
    words = iter(COMMUNITY_WORDS)
    for index, (name, pilot) in enumerate(STREETS, start=1):
        street = Street(district=ctx.district, code=f"S{index:02d}", name=name, is_pilot=pilot)
        ctx.streets.append(street)
        for c in range(1, ctx.rng.choice((4, 5, 5, 6)) + 1):
            word = next(words, f"第{index}{c}")
            village = not pilot and c == 1
            community = Community(
                street=street, code=f"{street.code}C{c:02d}", name=word + ("村" if village else "社区"),
                kind=CommunityKind.VILLAGE if village else CommunityKind.COMMUNITY,
            )
            ctx.communities.append(community)
            for g in range(1, ctx.rng.choice((2, 3)) + 1):
                community.grids.append(Grid(code=f"{community.code}G{g}", name=f"{word}第{g}网格"))
    db.session.add_all(ctx.streets)
    db.session.flush()


def _address(ctx, street):
    return f"北京市东城区{street.name}{ctx.rng.choice(ROADS)}{ctx.rng.randrange(1, 200)}号"


def _offices(ctx, people):
    for street in ctx.streets:
        office = JudicialOffice(
            street=street, name=street.name.replace("街道", "") + "司法所", address=_address(ctx, street),
            phone=people.landline(), opening_hours=OPENING_HOURS, head_name=people.name(ctx.rng.choice(("male", "female"))),
        )
        ctx.offices.append(office)
    db.session.add_all(ctx.offices)


def _partners(ctx, people):
    kinds = lookups(PartnerKind)
    bodies = [
        ("东城区人民法院", "court", None), ("东城区信访办公室", "petition", None),
        ("东城区人力资源和社会保障局劳动保障监察大队", "labour", None), ("东城区民政局", "civil_affairs", None),
        ("东城区卫生健康委员会", "health", None), ("东城区总工会", "mass_organisation", None),
        ("共青团东城区委员会", "mass_organisation", None), ("东城区妇女联合会", "mass_organisation", None),
    ]
    bodies += [(street.name.replace("街道", "") + "派出所", "police", street) for street in ctx.streets]
    for name, kind, street in bodies:
        ctx.partners.append(PartnerBody(
            name=name, kind=kinds[kind], street=street, contact_name=people.name("male"),
            phone=people.landline(), address=_address(ctx, street or ctx.streets[0]),
        ))
    db.session.add_all(ctx.partners)


def _committee(ctx, people, **fields):
    street = fields.get("street")
    fields.setdefault("is_public", True)
    committee = Committee(
        address=_address(ctx, street or ctx.streets[0]), phone=people.landline(), opening_hours=OPENING_HOURS,
        established_on=date(ctx.rng.randrange(2008, 2020), ctx.rng.randrange(1, 13), 1), **fields,
    )
    committee.registered_on = committee.established_on + timedelta(days=ctx.rng.randrange(5, 40))
    ctx.committees.append(committee)
    return committee


class ShortNames:
    """Short names for case numbers, as offices write them (和平, 青年湖, 青年湖1格), never one twice."""

    def __init__(self, taken=()):
        self.taken = set(taken)

    def take(self, wanted):
        name, number = wanted, 2
        while name in self.taken:
            name, number = f"{wanted}{number}", number + 1
        self.taken.add(name)
        return name


def _committees(ctx, people):
    district = _committee(ctx, people, name="东城区人民调解委员会", short_name="东区", level=CommitteeLevel.DISTRICT)
    _committee(ctx, people, name="东城区重大疑难纠纷调解团", short_name="东团", level=CommitteeLevel.DISTRICT, parent=district)
    for name, short in (("东城区医疗纠纷人民调解委员会", "东医"), ("东城区道路交通事故人民调解委员会", "东交"),
                        ("东城区劳动争议人民调解委员会", "东劳")):
        _committee(ctx, people, name=name, short_name=short, level=CommitteeLevel.INDUSTRY, parent=district)
    shorts = ShortNames(c.short_name for c in ctx.committees)
    for street in ctx.streets:
        street_short = street.name.removesuffix("街道")
        top = _committee(ctx, people, name=f"{street.name}人民调解委员会", short_name=shorts.take(street_short),
                         level=CommitteeLevel.STREET, street=street, parent=district)
        for community in street.communities:
            community_short = community.name.removesuffix("社区").removesuffix("村")
            c = _committee(ctx, people, name=f"{community.name}人民调解委员会", short_name=shorts.take(community_short),
                           level=CommitteeLevel.COMMUNITY, street=street, community=community, parent=top)
            for number, grid in enumerate(community.grids, start=1):
                _committee(ctx, people, name=f"{grid.name}调解小组", short_name=shorts.take(f"{community_short}{number}格"),
                           level=CommitteeLevel.GRID, street=street, community=community, grid=grid, parent=c,
                           is_public=False)
        if street.is_pilot and ctx.rng.random() < 0.6:
            place = ctx.rng.choice(("建筑工地", "农贸市场", "商业街"))
            _committee(ctx, people, name=f"{street.name}{place}调解小组", short_name=shorts.take(street_short + place[:2]),
                       level=CommitteeLevel.OTHER_UNIT, street=street, parent=top)
    db.session.add_all(ctx.committees)
    db.session.flush()


def _mediators(ctx, people):
    ethnic = lookups(Ethnicity)
    political = lookups(PoliticalStatus)
    education = lookups(EducationLevel)
    grades = lookups(MediatorGrade)
    rng = ctx.rng
    for committee in ctx.committees:
        size = 1 if committee.level == CommitteeLevel.GRID else rng.randrange(3, 8)
        for position in range(size):
            sex = "female" if position == 1 or rng.random() < 0.4 else "male"
            born = people.birth_date()
            occupation, employer = rng.choice(OCCUPATIONS)
            street_level = committee.level in (CommitteeLevel.STREET, CommitteeLevel.DISTRICT, CommitteeLevel.INDUSTRY)
            edu = rng.choice(("senior_secondary", "junior_college", "bachelor", "bachelor", "postgraduate")) if street_level \
                else rng.choice(("junior_secondary", "senior_secondary", "junior_college", "bachelor"))
            mediator = Mediator(
                name=people.name(sex), sex=sex, birth_date=born, id_number=people.id_number(born, sex),
                ethnicity=ethnic["han"] if rng.random() < 0.9 else ethnic[rng.choice(("hui", "manchu", "mongol", "korean"))],
                political_status=political[rng.choice(("cpc_member", "cpc_member", "masses", "masses", "democratic_party", "non_partisan"))],
                education=education[edu], occupation=occupation, employer=employer, mobile=people.mobile(),
                address=_address(ctx, committee.street or ctx.streets[0]), street=committee.street,
                employment=Employment.FULL_TIME if position == 0 and committee.level != CommitteeLevel.GRID else Employment.PART_TIME,
                grade=grades[rng.choice(("grade_1", "grade_2", "grade_3", "grade_4", "ungraded", "ungraded"))],
                speciality=rng.choice(SPECIALITIES), joined_on=date(rng.randrange(2010, 2026), rng.randrange(1, 13), 1),
                is_retired_cadre=occupation.startswith("退休") and rng.random() < 0.7,
                is_npc_deputy=occupation == "人大代表", is_cppcc_member=rng.random() < 0.03,
                is_lawyer=occupation == "律师", is_judge_instructor=False,
                status=rng.choices(("active", "suspended", "left"), weights=(92, 3, 5))[0],
            )
            post = Post.DIRECTOR if position == 0 else (Post.DEPUTY if position == 1 else
                                                        (Post.MEMBER if position < 5 else Post.MEDIATOR))
            if committee.level == CommitteeLevel.GRID:
                post = Post.MEDIATOR
            start = date(2024, 1, 1)
            mediator.memberships.append(CommitteeMembership(
                committee=committee, post=post, selection=Selection.ELECTED if position < 3 else Selection.HIRED,
                term_start=start, term_end=date(2027, 1, 1),
            ))
            ctx.mediators.append(mediator)
    db.session.add_all(ctx.mediators)
    db.session.flush()


def _liaison_points(ctx, people):
    court = ctx.partners[0]
    streets = ctx.streets[:8]
    # Each point in a community of its own, so no two share a name.
    unused = {street: ctx.rng.sample(street.communities, len(street.communities)) for street in streets}
    for index in range(21):  # the court's 21 judge liaison points (法官联系点)
        street = streets[index % len(streets)]
        community = unused[street].pop()
        db.session.add(JudgeLiaisonPoint(
            name=f"{community.name}法官联系点", street=street, community=community, court=court,
            judge_name=people.name(ctx.rng.choice(("male", "female"))), judge_phone=people.landline(),
            address=f"北京市东城区{street.name}{community.name}党群服务中心", phone=people.landline(),
            opening_hours=LIAISON_HOURS["zh"], judge_is_instructor=index % 3 == 0, is_public=True,
        ))


def _facilities(ctx):
    kinds = lookups(FacilityKind)
    equipment = lookups(EquipmentKind)
    rng = ctx.rng
    for office in ctx.offices:
        plan = [("办公室", "office", False), ("第一调解室", "mediation_room", False), ("档案室", "archive_room", False)]
        if rng.random() < 0.6:
            plan.append(("第二调解室", "mediation_room", False))
        if office.street.is_pilot:
            plan += [("法律咨询室", "legal_consultation", True), ("人大代表政协委员谈心处", "talk_point", True)]
        for name, kind, public in plan:
            facility = Facility(
                name=f"{office.name}{name}", kind=kinds[kind], judicial_office=office, street=office.street,
                address=office.address, phone=office.phone, area_m2=Decimal(rng.randrange(12, 60)),
                capacity=rng.randrange(4, 20), is_public=public, opening_hours=OPENING_HOURS if public else "",
            )
            if kind == "office":
                for code, count in (("computer", rng.randrange(1, 5)), ("phone", rng.randrange(1, 4)),
                                    ("vehicle", rng.choice((0, 1)))):
                    if count:
                        facility.equipment.append(Equipment(kind=equipment[code], quantity=count,
                                                            condition=rng.choice(("good", "good", "fair", "poor"))))
            if kind == "archive_room":
                facility.equipment.append(Equipment(kind=equipment["archive_cabinet"], quantity=rng.randrange(2, 8)))
            if kind == "mediation_room" and rng.random() < 0.7:
                facility.equipment.append(Equipment(kind=equipment["notice_board"], quantity=1))
            ctx.facilities.append(facility)
    db.session.add_all(ctx.facilities)


def _cases(ctx, people, total=600):
    types = lookups(DisputeType)
    sources = list(lookups(CaseSource).values())
    rng = ctx.rng
    receivers = [c for c in ctx.committees if c.level in (CommitteeLevel.COMMUNITY, CommitteeLevel.STREET,
                                                             CommitteeLevel.INDUSTRY, CommitteeLevel.OTHER_UNIT)]
    members = {}
    for mediator in ctx.mediators:
        for membership in mediator.memberships:
            members.setdefault(membership.committee, []).append(mediator)
    codes = list(CASE_TITLES)
    for index in range(total):
        code = codes[index % len(codes)] if index < len(codes) else rng.choice(codes)
        templates, (low, high) = CASE_TITLES[code]
        committee = rng.choice(receivers)
        applicant, respondent = _party(people, rng, "applicant"), _party(people, rng, "respondent", organisation=rng.random() < 0.2)
        title = rng.choice(templates).format(a=applicant.name, b=respondent.name)
        case = Case(
            title=title[:200], dispute_type=types[code], source=rng.choice(sources),
            start_level=committee.level if committee.level != CommitteeLevel.OTHER_UNIT else CommitteeLevel.STREET,
            committee=committee, street=committee.street, community=committee.community,
            received_on=date(2026, 11, 20) - timedelta(days=rng.randrange(0, 540)),
            facts=f"{applicant.name}称：{title}，请求调解委员会主持调解。",
            amount=Decimal(rng.randrange(low, high + 1, 100)) if high else None,
            parties=[applicant, respondent] + ([_party(people, rng, "other")] if rng.random() < 0.1 else []),
        )
        case.mediators = rng.sample(members.get(committee, []), k=min(2, len(members.get(committee, []))))
        ctx.cases.append(case)
    db.session.add_all(ctx.cases)
    db.session.flush()


def _party(people, rng, role, organisation=False):
    if organisation:
        return CaseParty(role=role, kind="organisation", name=rng.choice(COMPANIES), id_number=people.credit_code(),
                         phone=people.landline(), address="北京市东城区" + rng.choice(ROADS) + f"{rng.randrange(1, 99)}号",
                         representative=people.name("male"))
    sex = rng.choice(("male", "female"))
    born = people.birth_date(20, 80)
    return CaseParty(role=role, kind="person", name=people.name(sex), sex=sex, id_number=people.id_number(born, sex),
                     phone=people.mobile(), address="北京市东城区" + rng.choice(ROADS) + f"{rng.randrange(1, 99)}号")


def _training(ctx):
    kinds = lookups(TrainingKind)
    rng = ctx.rng
    plan = [
        ("新任人民调解员岗前培训", "pre_service", "人民调解法与调解技巧", 7),
        ("2026年度人民调解员定期培训", "periodic", "矛盾纠纷排查与预防", 4),
        ("《民法典》婚姻家庭编专题培训", "new_law", "婚姻家庭纠纷的法律适用", 3),
        ("旁听观摩庭审：邻里相邻关系纠纷案", "hearing_observation", "以案释法：相邻关系纠纷", 3),
        ("典型物业纠纷案例研讨", "case_study", "物业纠纷调解案例", 2),
        ("人民调解协议书制作培训", "document_writing", "调解文书规范制作", 3),
    ]
    rooms = {f.judicial_office: f for f in ctx.facilities if f.kind.code == "mediation_room"}
    for index, (title, kind, topic, hours) in enumerate(plan * 2):
        office = ctx.offices[index % len(ctx.offices)]
        starts = datetime(2026, 3, 10, 9, 0) + timedelta(days=28 * index)
        session = TrainingSession(
            title=title if index < len(plan) else title.replace("2026", "2025"), kind=kinds[kind], topic=topic,
            trainer_name="东城区人民法院 " + rng.choice(("张", "李", "王")) + "法官" if kind == "hearing_observation" else "区司法局基层科",
            starts_at=starts, ends_at=starts + timedelta(hours=min(hours, 8)), hours=Decimal(hours),
            facility=None if kind == "hearing_observation" else rooms.get(office),
            location_text="东城区人民法院第三法庭" if kind == "hearing_observation" else "",
            organiser_office=office, street=office.street,
        )
        attendees = [m for m in ctx.mediators if m.street == office.street and m.status == "active"]
        to_come = starts > timeutil.now()  # a planned roster: nobody has attended yet
        for mediator in rng.sample(attendees, k=min(len(attendees), rng.randrange(8, 25))):
            status = "planned" if to_come else rng.choices(("present", "late", "absent"), weights=(85, 8, 7))[0]
            session.attendances.append(TrainingAttendance(
                mediator=mediator, status=status,
                hours_credited=Decimal(0) if status in ("absent", "planned") else Decimal(hours),
                score=Decimal(rng.randrange(70, 100)) if kind in ("pre_service", "new_law") and status in ("present", "late") else None,
            ))
        ctx.training_sessions.append(session)
    db.session.add_all(ctx.training_sessions)


DEMO_USERS = (
    ("admin", Role.ADMIN, None, "区司法局（全部街道，管理员）"),
    ("heping", Role.STAFF, 0, "和平街道司法所"),
    ("donghua", Role.STAFF, 1, "东华街道司法所"),
    ("trainer", Role.TRAINER, None, "培训人员"),
    ("viewer", Role.VIEWER, None, "领导小组成员（只读）"),
    ("inspector", Role.INSPECTOR, None, "督查人员（记录检查）"),
    ("reporter", Role.REPORTER, None, "网格信息员（和平街道，手机上报）"),
)


# The person behind each demo account: what the portal shows as who recorded, filed or changed what.
DEMO_PEOPLE = {"admin": "李建国", "heping": "王芳", "donghua": "张伟", "trainer": "刘敏", "viewer": "陈静", "inspector": "周立新",
               "reporter": "赵红梅"}  # the reporter's: renamed after the grid reporter it is linked to


def _users(ctx, password):
    for username, role, street_index, _description in DEMO_USERS:
        user = User(username=username, display_name=DEMO_PEOPLE[username], role=role,
                    street=ctx.streets[street_index] if street_index is not None else None)
        user.set_password(password)
        ctx.users[username] = user
    db.session.add_all(ctx.users.values())
