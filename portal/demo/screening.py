"""Demo screening data: reporters for most grids of the pilot streets (the demo account
``reporter`` among them), a year of monthly rounds in every street plus special rounds under the
district's themes, leads at all three levels in realistic shares (mostly yellow) that ended the
usual ways (a few turned into cases), a few prevention records, and one overdue red lead.

Leads go through the same service functions the screens use, at the times they happened.
"""
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portal import timeutil
from portal.demo.people import People
from portal.extensions import db
from portal.models import (
    CommitteeLevel, DisputeType, Lead, LeadEvent, LeadEventKind, LeadParty, LeadStatus, PartnerBody,
    PreventionKind, PreventionRecord, Reporter, ReporterKind, RiskLevel, Role, RoundKind, ScreeningRound,
    ScreeningTheme,
)
from portal.services import cases as lifecycle
from portal.services.actor import acting_as
from portal.services.cases import CaseRuleError
from portal.services.screening import leads as lead_rules

# (dispute type code, weight) of what screening finds.
KINDS = (
    ("neighbour", 25), ("property_management", 15), ("marriage_family", 12), ("labour", 8),
    ("housing_homestead", 8), ("contract", 6), ("damages", 6), ("consumer", 5), ("environment", 4),
    ("land_acquisition", 3), ("medical", 3), ("traffic", 3), ("production_business", 2),
)
LEVEL_WEIGHTS = ((RiskLevel.YELLOW, 76), (RiskLevel.ORANGE, 19), (RiskLevel.RED, 5))

YELLOW = {
    "neighbour": ["{a}家与楼下住户因漏水问题多次争吵。", "楼道堆放杂物引发邻里口角，双方互不相让。",
                  "装修噪音扰民，邻居多次投诉未果。"],
    "property_management": ["业主因物业费上涨与物业公司发生争执，部分业主拒交物业费。", "小区停车位分配引发业主不满。"],
    "marriage_family": ["{a}夫妻因家庭琐事经常争吵。", "兄妹在赡养老人问题上互相推诿。"],
    "labour": ["餐馆员工被辞退后索要经济补偿未果。"],
    "housing_homestead": ["{a}与邻居因房屋边界发生争执。", "房屋租赁到期后租客迟迟不搬离。"],
    "contract": ["装修公司未按约定完工，业主要求退款。"],
    "damages": ["电动车与行人发生碰撞，双方就赔偿金额争执不下。"],
    "consumer": ["消费者与商户因预付卡退费发生纠纷。"],
    "environment": ["餐饮店油烟扰民，周边居民多次投诉。"],
}
ORANGE = {
    "neighbour": ["{a}与邻居因漏水赔偿多次争吵，已有推搡行为。"],
    "property_management": ["电梯长期故障，二十余户业主与物业矛盾激化，准备集体维权。"],
    "marriage_family": ["{a}夫妻闹离婚，男方情绪激动，多次到女方单位吵闹。"],
    "labour": ["某装修队拖欠五名工人工资，工人多次上门讨要。"],
    "land_acquisition": ["拆迁补偿标准存在争议，多户居民联名反映。"],
    "medical": ["患者家属对治疗结果不满，在诊所内吵闹。"],
}
RED = [
    ("labour", "某建筑工地拖欠农民工工资，三十余名工人聚集在工地门口，扬言集体上访。"),
    ("marriage_family", "{a}因离婚纠纷扬言报复对方家人，情绪极不稳定。"),
    ("land_acquisition", "拆迁补偿争议引发二十余户居民聚集，有群体性事件苗头。"),
    ("neighbour", "{a}与邻居积怨已久，昨晚持械对峙，经民警劝离。"),
]
RESOLUTIONS = (
    "网格员和调解员上门走访，双方当场达成谅解。", "经社区调解员释法说理，双方各让一步，矛盾化解。",
    "物业公司承诺限期整改，业主表示满意。", "当事人已协商一致，不再有激化风险。",
)
CLOSINGS = ("回访确认矛盾已自然消解。", "当事人已搬离，风险消除。", "经核实为误报，不存在矛盾纠纷。")
RAISE_NOTE = "回访发现矛盾有激化迹象，提高风险等级。"


class _Loader:
    def __init__(self, ctx):
        self.ctx, self.rng = ctx, ctx.rng
        self.people = People(ctx.rng)
        self.now = timeutil.now()
        self.today = self.now.date()
        self.types = {t.code: t for t in db.session.scalars(select(DisputeType))}
        self.partners = db.session.scalars(select(PartnerBody).order_by(PartnerBody.id)).all()
        self.counts = {"grid reporters": 0, "screening rounds": 0, "leads": 0, "leads turned into cases": 0,
                       "prevention records": 0}
        self.mediators_of = {}
        for mediator in ctx.mediators:
            if mediator.status == "active":
                self.mediators_of.setdefault(mediator.street_id, []).append(mediator)
        self.grid_groups = {c.grid_id: c for c in ctx.committees if c.level == CommitteeLevel.GRID}
        self.reporters_of = {}   # grid id -> [Reporter]

    # --- helpers ----------------------------------------------------------------------------------
    def staff_of(self, street):
        users = [u for u in self.ctx.users.values() if u.role == Role.STAFF and u.street_id == street.id]
        admins = [u for u in self.ctx.users.values() if u.role == Role.ADMIN]
        chosen = (users or admins or [None])[0]
        return chosen.id if chosen is not None else None

    def pick_kind(self):
        codes = [code for code, weight in KINDS for _ in range(weight) if code in self.types]
        return self.rng.choice(codes)

    def follower(self, street):
        mediators = self.mediators_of.get(street.id) or []
        return self.rng.choice(mediators).name if mediators else ""

    def moment(self, day, earliest=8, latest=18):
        at = datetime.combine(day, time(self.rng.randint(earliest, latest - 1), self.rng.choice((0, 15, 30, 45))))
        return min(at, self.now - timedelta(minutes=5))

    # --- reporters --------------------------------------------------------------------------------
    def reporters(self):
        account = self.ctx.users.get("reporter")
        for street in (s for s in self.ctx.streets if s.is_pilot):
            for community in street.communities:
                grids = [g for g in community.grids if self.rng.random() < 0.85]
                while grids:
                    take = 2 if len(grids) >= 2 and self.rng.random() < 0.3 else 1
                    mine, grids = grids[:take], grids[take:]
                    self.reporter(street, mine)
        if account is not None:
            first = self.ctx.streets[0]
            candidates = [r for grid in sorted(self.reporters_of, key=lambda g: g)
                          for r in self.reporters_of[grid] if r.street_id == first.id]
            chosen = max(candidates, key=lambda r: (len(r.grids), -r.id)) if candidates else None
            if chosen is not None:
                chosen.user = account
                account.display_name = chosen.name  # the page greets the reporter by name

    def reporter(self, street, grids):
        group = self.grid_groups.get(grids[0].id)
        mediator = None
        if group is not None and self.rng.random() < 0.35:
            mediator = next((m for m in self.ctx.mediators for ms in m.memberships if ms.committee is group), None)
        if mediator is not None:
            name, kind, phone = mediator.name, ReporterKind.MEDIATOR, mediator.mobile or self.people.mobile()
        else:
            sex = self.rng.choice(("male", "female"))
            name = self.people.name(sex)
            kind = self.rng.choices((ReporterKind.GRID_WORKER, ReporterKind.VOLUNTEER), weights=(70, 30))[0]
            phone = self.people.mobile()
        reporter = Reporter(name=name, phone=phone, kind=kind, street_id=street.id, mediator=mediator, grids=grids)
        db.session.add(reporter)
        db.session.flush()
        for grid in grids:
            self.reporters_of.setdefault(grid.id, []).append(reporter)
        self.counts["grid reporters"] += 1

    # --- themes and rounds --------------------------------------------------------------------------
    def themes(self):
        made = []
        for year in (self.today.year - 1, self.today.year):
            for name, start, end in ((f"{year}年春节前矛盾纠纷专项排查", date(year, 1, 15), date(year, 2, 10)),
                                     (f"{year}年国庆节前矛盾纠纷专项排查", date(year, 9, 15), date(year, 9, 30))):
                if start > self.today or end < self.today - timedelta(days=365):
                    continue
                theme = ScreeningTheme(name=name, starts_on=start, ends_on=end,
                                       description="重点排查婚姻家庭、邻里、劳资、征地拆迁等易激化矛盾纠纷。")
                db.session.add(theme)
                made.append(theme)
        db.session.flush()
        return made

    def months(self):
        first = date(self.today.year, self.today.month, 1)
        for back in range(11, -1, -1):
            year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
            yield date(year, month + 1, 1)

    def rounds(self, themes):
        for street in self.ctx.streets:
            committee = next((c for c in self.ctx.committees if c.street_id == street.id and c.level == CommitteeLevel.STREET), None)
            for month_start in self.months():
                held = min(self.today, month_start + timedelta(days=self.rng.randint(0, 9)))
                self.round(street, committee, RoundKind.ROUTINE, None, held)
            for theme in themes:
                held = min(self.today, theme.starts_on + timedelta(days=self.rng.randint(0, 7)))
                self.round(street, committee, RoundKind.SPECIAL, theme, held)

    def round(self, street, committee, kind, theme, held):
        mediators = self.mediators_of.get(street.id) or []
        names = [m.name for m in self.rng.sample(mediators, k=min(3, len(mediators)))]
        communities = list(street.communities)
        by_grid = self.rng.random() < 0.3
        round_ = ScreeningRound(
            kind=kind, theme=theme, street=street, committee=committee, held_on=held,
            ended_on=min(self.today, held + timedelta(days=self.rng.randint(0, 3))),
            screeners="、".join(names + ["网格员"]), households_visited=self.rng.randint(80, 400),
            units_visited=self.rng.randint(5, 40),
        )
        if by_grid:
            round_.grids = [g for c in communities for g in c.grids if self.rng.random() < 0.7] or communities[0].grids
        else:
            round_.communities = communities
        db.session.add(round_)
        self.counts["screening rounds"] += 1
        found = self.rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0]
        grids = round_.grids or [g for c in communities for g in c.grids]
        with acting_as(self.staff_of(street)):
            db.session.flush()
            if not found or not grids:
                round_.found_none = True
                return
            for _ in range(found):
                self.lead(street, self.rng.choice(grids), held, round_=round_)

    # --- leads ------------------------------------------------------------------------------------
    def lead(self, street, grid, found_on, *, round_=None, reporter=None, level=None, reported_at=None,
             keep_open=False):
        level = level or self.rng.choices([lv for lv, _w in LEVEL_WEIGHTS], weights=[w for _lv, w in LEVEL_WEIGHTS])[0]
        if level == RiskLevel.RED:
            code, text = self.rng.choice(RED)
        else:
            pool = ORANGE if level == RiskLevel.ORANGE else YELLOW
            code = self.pick_kind()
            if code not in pool:
                code = self.rng.choice(list(pool))
            text = self.rng.choice(pool[code])
        applicant = self.people.name(self.rng.choice(("male", "female")))
        found_on = min(found_on + timedelta(days=self.rng.randint(0, 2)), self.today)
        reported_at = reported_at or self.moment(found_on)
        people = {RiskLevel.YELLOW: (2, 4), RiskLevel.ORANGE: (3, 12), RiskLevel.RED: (8, 40)}[level]
        lead = Lead(
            grid=grid, round=round_, reporter=reporter, found_on=reported_at.date(), reported_at=reported_at,
            dispute_type=self.types[code], level=level, description=text.format(a=applicant),
            people_involved=self.rng.randint(*people), follower=self.follower(street),
        )
        if self.rng.random() < 0.6:
            lead.parties = [
                self.party("applicant", applicant),
                self.party("respondent", self.people.name(self.rng.choice(("male", "female")))),
            ]
        lead_rules.report(lead, now=reported_at)
        self.counts["leads"] += 1
        if not keep_open:
            self.outcome(lead, street)
        return lead

    def party(self, role, name):
        sex = self.rng.choice(("male", "female"))
        born = self.people.birth_date(20, 75)
        return LeadParty(role=role, kind="person", name=name, sex=sex, id_number=self.people.id_number(born, sex),
                         phone=self.people.mobile(), address=f"北京市东城区{self.rng.choice(('人民路', '和平路', '东大街'))}{self.rng.randint(1, 99)}号")

    def outcome(self, lead, street):
        """End the lead the way leads usually end, at a time that has passed; a lead whose deadline is
        still ahead may stay open."""
        hours = lead_rules.response_hours(lead.level)
        if lead.level == RiskLevel.YELLOW and self.rng.random() < 0.07:
            raised_at = lead.reported_at + timedelta(hours=self.rng.randint(2, 48))
            if raised_at < self.now:
                lead_rules.change_level(lead, RiskLevel.ORANGE, note=RAISE_NOTE, now=raised_at)
                hours = lead_rules.response_hours(RiskLevel.ORANGE)
        late = self.rng.random() < 0.1
        ends_at = lead.reported_at + timedelta(hours=hours * (self.rng.uniform(1.1, 2.5) if late else self.rng.uniform(0.1, 0.9)))
        if ends_at >= self.now:
            if lead.due_at > self.now:
                return  # still being followed, within its deadline
            ends_at = self.now - timedelta(minutes=self.rng.randint(5, 60))
        if ends_at > lead.due_at:
            self.missed(lead)
        choice = self.rng.choices(("resolve", "convert", "hand_over", "close"), weights=(69, 5, 8, 18))[0]
        if choice == "convert" and not self.convert(lead, ends_at):
            choice = "resolve"
        if choice == "resolve":
            lead_rules.resolve(lead, note=self.rng.choice(RESOLUTIONS), now=ends_at)
        elif choice == "hand_over":
            lead_rules.hand_over(lead, partner=self.rng.choice(self.partners), now=ends_at,
                                 note="属于职能部门管辖，已移交并跟踪。")
        elif choice == "close":
            lead_rules.close(lead, note=self.rng.choice(CLOSINGS), now=ends_at)

    def missed(self, lead):
        lead.deadline_missed_at = lead.due_at
        db.session.add(LeadEvent(lead=lead, kind=LeadEventKind.DEADLINE_MISSED, occurred_at=lead.due_at, to_level=lead.level))

    def convert(self, lead, at):
        committees = lead_rules.receiving_committees(lead)
        if not committees:
            return False
        case, _event = lead_rules.convert_to_case(lead, committee=committees[0], now=at)
        self.counts["leads turned into cases"] += 1
        if at.date() < self.today - timedelta(days=3):
            try:
                with db.session.begin_nested():
                    lifecycle.accept(case, on=at.date() + timedelta(days=1), note="由矛盾纠纷线索转入，经审查予以受理。")
            except CaseRuleError:
                pass  # stays registered
        return True

    def reporter_leads(self):
        unique = {reporter.id: reporter for reporters in self.reporters_of.values() for reporter in reporters}
        for reporter in sorted(unique.values(), key=lambda r: r.id):
            if reporter.user_id is None and self.rng.random() < 0.5:
                continue
            street = next(s for s in self.ctx.streets if s.id == reporter.street_id)
            for _ in range(self.rng.randint(2, 4) if reporter.user_id else self.rng.randint(1, 2)):
                day = self.today - timedelta(days=self.rng.randint(0, 360))
                with acting_as(reporter.user_id or self.staff_of(street)):
                    self.lead(street, self.rng.choice(reporter.grids), day, reporter=reporter)

    def warnings(self):
        """Today's early warnings: one red lead past its deadline, two orange ones being followed."""
        first, second = self.ctx.streets[0], self.ctx.streets[min(1, len(self.ctx.streets) - 1)]
        red_hours = lead_rules.response_hours(RiskLevel.RED)
        for street, grid_index, level, hours_ago in ((first, 0, RiskLevel.RED, red_hours + 7),
                                                     (first, -1, RiskLevel.ORANGE, 3), (second, 0, RiskLevel.ORANGE, 9)):
            grids = [g for c in street.communities for g in c.grids]
            with acting_as(self.staff_of(street)):
                reported_at = self.now - timedelta(hours=hours_ago)
                lead = self.lead(street, grids[grid_index], reported_at.date(), level=level, keep_open=True,
                                 reported_at=reported_at)
            if level == RiskLevel.RED:
                lead.follower = ""  # nobody has taken it on yet: the board says so
        lead_rules.record_missed_deadlines(self.now)

    def prevention(self):
        kinds = list(PreventionKind)
        converted = db.session.scalars(select(Lead).where(Lead.status == LeadStatus.CONVERTED)).all()
        serious = db.session.scalars(select(Lead).where(Lead.status == LeadStatus.RESOLVED,
                                                        Lead.level.in_((RiskLevel.RED, RiskLevel.ORANGE)))).all()
        picks = [("case", lead) for lead in self.rng.sample(converted, k=min(3, len(converted)))]
        picks += [("lead", lead) for lead in self.rng.sample(serious, k=min(5, len(serious)))]
        for index, (on, lead) in enumerate(picks):
            kind = kinds[index % len(kinds)]
            record = PreventionRecord(
                kind=kind, prevented_on=lead.closed_at.date(), persons=min(lead.people_involved, 30),
                description="及时介入疏导，防止矛盾激化。",
            )
            if on == "case":
                record.case = lead.case
            else:
                record.lead = lead
            with acting_as(self.staff_of(lead.street)):
                db.session.add(record)
                db.session.flush()
            self.counts["prevention records"] += 1


def load(ctx):
    loader = _Loader(ctx)
    loader.reporters()
    loader.rounds(loader.themes())
    loader.reporter_leads()
    loader.warnings()
    loader.prevention()
    db.session.flush()
    return loader.counts

