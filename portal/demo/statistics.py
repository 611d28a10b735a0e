"""Demo data for statistics: a year of a working district, and its monthly reports.

The foundation's cases show every step of the lifecycle; statistics need many more, spread the
way a district's really are: every street, every month of the last thirteen, most disputes
settled by the community committee that received them, a few escalated to the street and fewer
to the district, most concluded within the time limit. These are written as finished records
(events, agreements, follow-ups, judicial confirmations with their dates) in one flush per
street, which keeps ``make run`` quick; they follow the same rules the case page enforces.

Reports: the year before last month was filed and accepted (one returned and corrected on the
way), last month's are partly in: some on time, one late, one returned and one missing.
"""
from datetime import datetime, time, timedelta
from decimal import Decimal

from portal import timeutil
from portal.demo.foundation import lookups
from portal.demo.names import CASE_TITLES
from portal.demo.people import People
from portal.extensions import db
from portal.models import (
    Case, CaseAgreement, CaseEvent, CaseParty, CaseSource, CaseStatus, CommitteeLevel, DisputeType, FollowUp,
    JudicialConfirmation, Transition,
)
from portal.models.case_records import ConfirmationOutcome
from portal.services import cases as lifecycle
from portal.services.actor import acting_as
from portal.services.statistics import reports
from portal.services.statistics.periods import add_months

MONTHS = 13
TYPE_WEIGHTS = {
    "neighbour": 20, "marriage_family": 15, "property_management": 10, "housing_homestead": 8, "damages": 8,
    "contract": 7, "labour": 7, "traffic": 6, "consumer": 4, "production_business": 4, "medical": 3,
    "land_acquisition": 2, "environment": 2, "forest_land": 1, "other": 3,
}
SOURCE_WEIGHTS = {
    "application": 35, "initiative": 20, "grid_report": 12, "online": 8, "phone": 8, "police_referral": 7,
    "petition_referral": 4, "court_entrusted": 3, "government_referral": 3,
}
RETURN_REASONS = (
    "“涉及金额”与案件登记不符，请核对后重新报送。",
    "排查纠纷数为零，与本月网格排查工作记录不符，请核实。",
)
PREPARERS = ("王秀英", "李建华", "张丽", "刘伟", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴强")


class _History:
    def __init__(self, ctx):
        self.ctx, self.rng = ctx, ctx.rng
        self.today = timeutil.today()
        self.people = People(ctx.rng)
        self.types = lookups(DisputeType)
        self.sources = lookups(CaseSource)
        self.court = next((p for p in ctx.partners if p.kind is not None and p.kind.code == "court"), None)
        self.police = {p.street_id: p for p in ctx.partners if p.kind is not None and p.kind.code == "police"}
        self.counts = {"statistics history cases": 0, "monthly reports": 0}
        shorts = {}
        for committee in ctx.committees:
            shorts.setdefault(committee.short_name, []).append(committee)
        # Committees that can number cases: a short name of their own (see services.cases).
        self.numbering = {c.id for group in shorts.values() if len(group) == 1 for c in group if c.short_name}
        self.members = {}
        for mediator in ctx.mediators:
            for membership in mediator.memberships:
                self.members.setdefault(membership.committee, []).append(mediator)

    def pick(self, weights):
        names = list(weights)
        return self.rng.choices(names, weights=[weights[n] for n in names])[0]

    def day(self, start, low, high):
        return start + timedelta(days=self.rng.randint(low, high))

    # --- who receives a dispute ----------------------------------------------------------------------
    def receivers(self, street):
        mine = [c for c in self.ctx.committees if c.street is street and c.id in self.numbering]
        by_level = {level: [c for c in mine if c.level == level] for level in CommitteeLevel}
        choices = [(CommitteeLevel.COMMUNITY, 70), (CommitteeLevel.GRID, 8), (CommitteeLevel.STREET, 17),
                   (CommitteeLevel.OTHER_UNIT, 5)]
        return [(by_level[level], weight) for level, weight in choices if by_level[level]]

    def receiver(self, options):
        groups = [group for group, _w in options]
        group = self.rng.choices(groups, weights=[w for _g, w in options])[0]
        return self.rng.choice(group)

    # --- one case ------------------------------------------------------------------------------------
    def new_case(self, committee, received):
        code = self.pick(TYPE_WEIGHTS)
        templates, (low, high) = CASE_TITLES[code]
        sex = self.rng.choice(("male", "female"))
        born = self.people.birth_date(22, 80)
        applicant = CaseParty(role="applicant", kind="person", name=self.people.name(sex), sex=sex,
                              id_number=self.people.id_number(born, sex), phone=self.people.mobile(),
                              address=f"北京市东城区{committee.street.name if committee.street else ''}{self.rng.randrange(1, 99)}号")
        sex2 = self.rng.choice(("male", "female"))
        respondent = CaseParty(role="respondent", kind="person", name=self.people.name(sex2), sex=sex2,
                               id_number=self.people.id_number(self.people.birth_date(22, 80), sex2),
                               phone=self.people.mobile(), address=applicant.address)
        parties = [applicant, respondent]
        if code in ("labour", "property_management", "land_acquisition") and self.rng.random() < 0.25:
            for _ in range(self.rng.randint(3, 9)):  # wage arrears, a building's owners: a group dispute
                s = self.rng.choice(("male", "female"))
                parties.append(CaseParty(role="applicant", kind="person", name=self.people.name(s), sex=s,
                                         phone=self.people.mobile(), address=applicant.address))
        title = self.rng.choice(templates).format(a=applicant.name, b=respondent.name)
        source = self.pick(SOURCE_WEIGHTS)
        if source == "online" and (self.today - received).days < 3:
            source = "phone"  # a recent online application comes with its record (the public demo makes those)
        case = Case(
            title=title[:200], dispute_type=self.types[code], source=self.sources[source],
            committee=committee, received_on=received, parties=parties,
            facts=f"{applicant.name}称：{title}，请求调解。",
            amount=Decimal(self.rng.randrange(low, high + 1, 100)) if high else None,
        )
        case.mediators = self.rng.sample(self.members.get(committee, []), k=min(2, len(self.members.get(committee, []))))
        return case

    def event(self, case, transition, from_status, to_status, on, note="", **committees):
        db.session.add(CaseEvent(case=case, transition=transition, from_status=from_status, to_status=to_status,
                                 occurred_on=on, note=note, **committees))

    def run(self, case):
        """Take ``case`` as far as its dates allow: the steps whose day has come."""
        today, rng = self.today, self.rng
        received = case.received_on
        accepted = self.day(received, 0, 2)
        roll = rng.random()
        if roll < 0.04:  # refused at intake
            on = self.day(received, 0, 2)
            if on <= today:
                case.refusal_reason, case.referred_to, case.concluded_on = "一方当事人明确拒绝调解。", "告知可向人民法院起诉", on
                case.status = CaseStatus.REFUSED
                self.event(case, Transition.REFUSE, CaseStatus.REGISTERED, CaseStatus.REFUSED, on)
            return
        if accepted > today:
            return  # still registered: received in the last day or two
        case.number = lifecycle.assign_number(case.committee, accepted.year)
        case.accepted_on, case.due_on = accepted, accepted + timedelta(days=30)
        case.status = CaseStatus.ACCEPTED
        self.event(case, Transition.ACCEPT, CaseStatus.REGISTERED, CaseStatus.ACCEPTED, accepted)
        started = self.day(accepted, 0, 1)
        if started > today:
            return
        case.status = CaseStatus.IN_MEDIATION
        self.event(case, Transition.START, CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION, started)
        last = started
        street_level = case.committee.level == CommitteeLevel.STREET
        escalate = case.committee.parent is not None and roll > (0.95 if street_level else 0.86)
        if escalate:
            last = self.escalate(case, last, "案情复杂，提请上级调委会调解。")
            if last is None:
                return
            parent = case.committee
            if parent.level == CommitteeLevel.STREET and parent.parent is not None and rng.random() < 0.12:
                last = self.escalate(case, last, "涉及人数众多，提请区调委会调解。")
                if last is None:
                    return
        # Most cases end well inside the 30 days; a few run late.
        end = self.day(last, 2, 22) if rng.random() < 0.95 else self.day(last, 31, 45)
        if end > today:
            return
        outcome = rng.random()
        if outcome < 0.04 and (self.court or self.police.get(case.origin_street_id)):
            partner = self.police.get(case.street_id) if rng.random() < 0.6 and case.street_id in self.police else self.court
            if partner is not None:
                case.transferred_to, case.concluded_on, case.status = partner, end, CaseStatus.TRANSFERRED
                self.event(case, Transition.TRANSFER, CaseStatus.IN_MEDIATION, CaseStatus.TRANSFERRED, end,
                           "属于其他机关处理范围，依法移交。")
                return
        if outcome < 0.12:
            case.failure_routes, case.concluded_on, case.status = "litigation", end, CaseStatus.FAILED
            self.event(case, Transition.FAIL, CaseStatus.IN_MEDIATION, CaseStatus.FAILED, end, "双方分歧较大，未能达成协议。")
            return
        self.settle(case, end)

    def escalate(self, case, since, note):
        """The parent committee takes the case over and starts mediating; the day it starts, or
        None when that day has not come yet."""
        on = self.day(since, 4, 12)
        if on > self.today:
            return None
        source, parent = case.committee, case.committee.parent
        case.committee, case.due_on, case.status = parent, on + timedelta(days=30), CaseStatus.ESCALATED
        self.event(case, Transition.ESCALATE, CaseStatus.IN_MEDIATION, CaseStatus.ESCALATED, on, note,
                   from_committee=source, to_committee=parent)
        started = self.day(on, 0, 2)
        if started > self.today:
            return None
        case.status = CaseStatus.IN_MEDIATION
        self.event(case, Transition.START, CaseStatus.ESCALATED, CaseStatus.IN_MEDIATION, started)
        return started

    def settle(self, case, on):
        rng = self.rng
        kind = "written" if rng.random() < 0.65 else "oral"
        amount = case.amount if kind == "written" else None
        agreement = CaseAgreement(
            kind=kind, signed_on=on, facts=case.facts, terms="双方自愿达成协议，按约定履行。",
            responsibilities="双方各自承担相应责任。", performance_method="现金或银行转账",
            performance_place=case.committee.address or "", performance_deadline=on + timedelta(days=rng.choice((7, 10, 15))),
            amount=amount, copies=len(case.parties) + 1,
        )
        case.agreement = agreement
        case.status, case.concluded_on, case.settled_level = CaseStatus.SETTLED, on, case.committee.level
        self.event(case, Transition.SETTLE, CaseStatus.IN_MEDIATION, CaseStatus.SETTLED, on, "双方自愿达成协议。")
        due = lifecycle.follow_up_due(agreement)
        visit = FollowUp(due_on=due)
        overdue_days = (self.today - due).days
        if overdue_days >= 0 and rng.random() < (0.99 if overdue_days > 14 else 0.6):
            visit.done_on = min(self.day(due, 0, 3), self.today)
            visit.method = rng.choice(("visit", "phone"))
            visit.visited_by = case.mediators[0].name if case.mediators else "调解员"
            visit.performed = rng.choices(("fully", "partly", "not_performed"), weights=(86, 10, 4))[0]
            visit.satisfaction = rng.choices(("satisfied", "fairly", "dissatisfied"), weights=(80, 17, 3))[0]
            visit.risk = rng.choices(("none", "low", "high"), weights=(88, 10, 2))[0]
        case.follow_ups.append(visit)
        if (kind == "written" and self.court is not None and not case.dispute_type.personal_status
                and rng.random() < 0.12):
            applied = self.day(on, 2, 10)
            if applied <= self.today:
                decided = self.day(applied, 5, 12)
                confirmation = JudicialConfirmation(applied_on=applied, court=self.court, outcome=ConfirmationOutcome.PENDING)
                if decided <= self.today:
                    confirmation.outcome, confirmation.decided_on = ConfirmationOutcome.CONFIRMED, decided
                case.confirmation = confirmation

    def street_month_count(self, street):
        return self.rng.randint(8, 12) if street.is_pilot else self.rng.randint(5, 8)

    def load_street(self, street):
        options = self.receivers(street)
        if not options:
            return 0
        first_year, first_month = add_months(self.today.year, self.today.month, -(MONTHS - 1))
        made = 0
        for offset in range(MONTHS):
            year, month = add_months(first_year, first_month, offset)
            for _ in range(self.street_month_count(street)):
                received = datetime(year, month, self.rng.randint(1, 28)).date()
                if received > self.today:
                    continue
                case = self.new_case(self.receiver(options), received)
                db.session.add(case)
                with db.session.no_autoflush:
                    case.street, case.origin_committee, case.start_level = street, case.committee, case.committee.level
                    case.origin_street = street
                    self.run(case)
                made += 1
        db.session.flush()
        return made


def _staff_of(ctx, street):
    user = next((u for u in ctx.users.values() if u.role == "staff" and u.street_id == street.id), None)
    user = user or next((u for u in ctx.users.values() if u.role == "admin"), None)
    return user.id if user is not None else None


def _admin_of(ctx):
    user = next((u for u in ctx.users.values() if u.role == "admin"), None)
    return user.id if user is not None else None


def _file_reports(ctx, loader):
    """Reports for the last twelve months: accepted, one corrected on the way, last month mixed."""
    rng, today = ctx.rng, loader.today
    months = reports.reported_months(12, today)  # last month first
    admin_id = _admin_of(ctx)
    for street_index, street in enumerate(ctx.streets):
        actor = _staff_of(ctx, street)
        for age, (year, month) in enumerate(months):
            due = reports.due_date(year, month)
            if age == 0 and street_index == len(ctx.streets) - 1:
                continue  # last month's report of one street is missing
            report = reports.obtain(street.id, year, month)
            values = {
                "screened": rng.randint(12, 45), "criminal_cases": rng.choice((0, 0, 1)),
                "suicide_cases": rng.choice((0, 0, 0, 1)), "petition_cases": rng.choice((0, 1, 1, 2)),
                "fight_cases": rng.choice((0, 0, 1)),
            }
            for kind in ("criminal", "suicide", "petition", "fight"):
                values[f"{kind}_persons"] = values[f"{kind}_cases"] * rng.randint(1, 6)
            with acting_as(actor):
                reports.save(report, values=values, preparer=PREPARERS[street_index % len(PREPARERS)],
                             preparer_phone=f"010-6{rng.randrange(10**7):07d}")
                if age == 0 and street_index == len(ctx.streets) - 2 and due < today:
                    continue  # a draft, not yet sent: shows as missing
                late = (age == 0 and street_index == 2) or rng.random() < 0.1
                sent_day = due + timedelta(days=rng.randint(1, 6)) if late else due - timedelta(days=rng.randint(0, 3))
                sent_at = datetime.combine(min(sent_day, today), time(rng.randint(9, 17), rng.randint(0, 59)))
                reports.submit(report, user_id=actor, at=sent_at)
            loader.counts["monthly reports"] += 1
            reviewed_at = sent_at + timedelta(days=rng.randint(1, 3))
            if age == 0 and street_index in (3, 5):
                continue  # last month: still awaiting the district's review
            if reviewed_at > timeutil.now():
                continue
            with acting_as(admin_id):
                if (age == 0 and street_index == 1) or (age == 3 and street_index == 4):
                    reports.return_for_correction(report, reason=rng.choice(RETURN_REASONS), user_id=admin_id, at=reviewed_at)
                    if age == 0:
                        continue  # returned last month: the office has still to correct it
                    with acting_as(actor):
                        values["screened"] += rng.randint(1, 5)
                        reports.save(report, values=values, preparer=report.preparer, preparer_phone=report.preparer_phone)
                        reports.submit(report, user_id=actor, at=reviewed_at + timedelta(days=1))
                    reviewed_at += timedelta(days=2)
                reports.accept(report, user_id=admin_id, at=reviewed_at)


def _catch_up_follow_ups(ctx, loader):
    """The foundation's settled cases: visits whose day is weeks past were made, as offices do;
    a few recent ones are left for the to-do list."""
    rng, today = ctx.rng, loader.today
    for case in ctx.cases:
        for visit in case.follow_ups:
            if visit.done_on is None and (today - visit.due_on).days > 20 and rng.random() < 0.95:
                visit.done_on = max(visit.due_on, case.concluded_on or visit.due_on)
                visit.method = rng.choice(("visit", "phone"))
                visit.visited_by = case.mediators[0].name if case.mediators else "调解员"
                visit.performed = rng.choices(("fully", "partly"), weights=(9, 1))[0]
                visit.satisfaction, visit.risk = "satisfied", "none"


def load(ctx):
    loader = _History(ctx)
    _catch_up_follow_ups(ctx, loader)
    for street in ctx.streets:
        with acting_as(_staff_of(ctx, street)):
            loader.counts["statistics history cases"] += loader.load_street(street)
    _file_reports(ctx, loader)
    db.session.flush()
    return loader.counts
