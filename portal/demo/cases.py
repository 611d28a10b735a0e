"""Demo data for the case lifecycle: the foundation's registered cases moved through every state
with the same service functions the case page uses, so the demo obeys the rules it shows.

Each case gets a path (refused, settled with a written or oral agreement, failed, escalated,
transferred, archived, or still open, some of them overdue), with its timeline events,
meetings in booked rooms, agreements, judicial confirmations, follow-up visits and, for
archived cases, the scanned documents of a complete dossier.
"""
from datetime import datetime, time, timedelta

from portal import timeutil
from portal.extensions import db
from portal.models import (
    CaseStatus, ConfirmationOutcome, DocumentKind, JudgeLiaisonPoint, JudgeReview, JudicialConfirmation, MediationSession,
)
from portal.services import attachments
from portal.services import cases as lifecycle
from portal.services.actor import acting_as
from portal.services.cases import CaseRuleError

# A one-page PDF, enough to stand for a scanned document.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# Titles of the scanned documents (demo data is in Simplified Chinese, as the office keeps it).
DOCUMENT_TITLES = {
    DocumentKind.APPLICATION: "人民调解申请书", DocumentKind.RIGHTS_NOTICE: "当事人权利义务告知书",
    DocumentKind.IDENTITY: "当事人身份证明", DocumentKind.MEDIATION_RECORD: "人民调解记录",
    DocumentKind.AGREEMENT: "人民调解协议书", DocumentKind.JUDICIAL_CONFIRMATION: "司法确认裁定书",
    DocumentKind.BACK_COVER: "卷宗封底",
}

# (path, weight): how the demo's cases are spread over the lifecycle.
PATHS = (
    ("registered", 8), ("refused", 6), ("accepted", 6), ("in_mediation", 12), ("overdue", 5),
    ("settled_written", 16), ("settled_oral", 10), ("confirmed", 6), ("failed", 8),
    ("escalated", 6), ("escalated_settled", 4), ("transferred", 4), ("withdrawn", 3), ("archived", 9),
)

REFUSALS = (
    ("该纠纷已由人民法院立案受理。", "东城区人民法院"),
    ("属于劳动争议仲裁范围。", "区劳动人事争议仲裁委员会"),
    ("一方当事人明确拒绝调解。", "告知可向人民法院起诉"),
)
TERMS = (
    "被申请人于协议生效后十日内一次性赔偿申请人损失人民币{amount}元。",
    "双方同意即日起停止相互干扰，被申请人负责修复漏水管道并承担费用。",
    "被申请人分两期支付欠款{amount}元，每期{half}元，分别于本月底和下月底前付清。",
)
SUMMARIES = (
    "双方陈述了各自意见，调解员释法说理，双方同意继续协商。",
    "经调解员耐心疏导，双方就赔偿数额基本达成一致。",
    "现场查看了受损情况，并听取了邻居的意见。",
)


class _Loader:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = timeutil.today()
        self.counts = {"case steps": 0, "meetings": 0, "agreements": 0, "judicial confirmations": 0,
                       "follow-ups done": 0, "scanned documents": 0, "judge reviews": 0}
        self.next_slot = {}

    # --- helpers ---------------------------------------------------------------------------
    def actor_for(self, case):
        users = list(self.ctx.users.values())
        staff = [u for u in users if u.role == "staff" and u.street_id == case.street_id]
        admins = [u for u in users if u.role == "admin"]
        chosen = (staff or admins or [None])[0]
        return chosen.id if chosen is not None and chosen.id is not None else None

    def day_after(self, start, low, high):
        return min(self.today, (start or self.today) + timedelta(days=self.rng.randint(low, high)))

    def step(self, case, transition, **values):
        lifecycle.apply_transition(case, transition, **values)
        self.counts["case steps"] += 1

    def room_for(self, case):
        rooms = [f for f in self.ctx.facilities
                 if f.street_id == case.street_id and f.kind is not None and f.kind.bookable]
        return self.rng.choice(rooms) if rooms else None

    def meeting(self, case, on, kind="mediation"):
        room = self.room_for(case)
        day = self.next_slot.get((room.id if room else None, on), 0)
        self.next_slot[(room.id if room else None, on)] = day + 1
        starts = datetime.combine(on, time(9 + 2 * (day % 4), 0))
        session = MediationSession(
            kind=kind, starts_at=starts, ends_at=starts + timedelta(hours=1, minutes=30),
            facility=room, location_text="" if room else (case.committee.address or "当事人家中"),
            recorder="书记员", summary=self.rng.choice(SUMMARIES), outcome="",
            invited_helpers=self.rng.choice(("", "社区民警", "网格员", "律师志愿者")),
        )
        db.session.add(session)
        with db.session.no_autoflush:
            session.case = case
            session.mediators = list(case.mediators[:2])
            session.parties = list(case.parties)
        try:
            with db.session.begin_nested():
                lifecycle.book_meeting_room(session, case)
        except CaseRuleError:
            session.facility = None
            session.location_text = case.committee.address or "社区居委会"
        self.counts["meetings"] += 1
        return session

    def dossier(self, case):
        for kind in sorted(lifecycle.required_documents(case), key=list(DocumentKind).index):
            title = DOCUMENT_TITLES.get(kind, "")
            attachments.store(case, DEMO_PDF, filename=f"{title or kind.value}.pdf", kind=kind, title=title)
            self.counts["scanned documents"] += 1

    # --- paths ---------------------------------------------------------------------------------
    def accept(self, case, days_ago=None):
        on = self.today - timedelta(days=days_ago) if days_ago is not None else self.day_after(case.received_on, 0, 3)
        on = max(on, case.received_on)
        self.step(case, "accept", on=on, note="当事人申请调解，经审查符合受理条件。")
        return on

    def mediate(self, case, accepted_on):
        started = self.day_after(accepted_on, 0, 1)
        self.step(case, "start_mediation", on=started)
        first = self.day_after(started, 0, 4)
        self.meeting(case, first)
        if self.rng.random() < 0.4:
            self.meeting(case, first, kind="investigation")
        return first

    def settle(self, case, on, kind="written"):
        amount = case.amount or self.rng.choice((800, 1500, 3000, 12000))
        terms = self.rng.choice(TERMS).format(amount=amount, half=amount / 2)
        deadline = on + timedelta(days=self.rng.choice((7, 10, 15)))
        self.step(case, "settle", kind=kind, signed_on=on, terms=terms, amount=amount if kind == "written" else None,
                  responsibilities="被申请人对损失承担主要责任。", performance_method="现金或银行转账",
                  performance_place=case.committee.address or "", performance_deadline=deadline,
                  note="双方自愿达成协议。")
        self.counts["agreements"] += 1
        if kind == "written" and self.rng.random() < 0.4:
            self.judge_review(case, on)

    def judge_review(self, case, signed_on):
        """The street's liaison judge reviews the signed agreement (法官审核)."""
        from sqlalchemy import select

        from portal.services.linkage import check_review

        point = db.session.scalar(select(JudgeLiaisonPoint).where(JudgeLiaisonPoint.street_id == case.street_id).limit(1))
        if point is None:
            return
        reviewed = min(self.today, signed_on + timedelta(days=self.rng.randint(1, 4)))
        approved = self.rng.random() < 0.8
        review = JudgeReview(case=case, stage="after_signing", liaison_point=point, judge_name=point.judge_name,
                             sent_on=signed_on, reviewed_on=reviewed, outcome="approved" if approved else "revise",
                             comments="协议内容合法，可以履行。" if approved else "建议写明履行期限届满后的处理方式。")
        check_review(review, case)
        db.session.add(review)
        self.counts["judge reviews"] += 1

    def finish_follow_up(self, case):
        for follow_up in case.follow_ups:
            follow_up.due_on = min(follow_up.due_on, self.today)
            follow_up.done_on = max(follow_up.due_on, case.concluded_on)
            follow_up.method = self.rng.choice(("visit", "phone"))
            follow_up.visited_by = case.mediators[0].name if case.mediators else "调解员"
            follow_up.performed = self.rng.choice(("fully", "fully", "partly"))
            follow_up.satisfaction = self.rng.choice(("satisfied", "satisfied", "fairly"))
            follow_up.risk = self.rng.choice(("none", "none", "low"))
            follow_up.measures = "已督促当事人按期履行。" if follow_up.performed == "partly" else ""
            lifecycle.check_follow_up(follow_up, case)
            self.counts["follow-ups done"] += 1

    def confirm(self, case, court):
        agreement = case.agreement
        applied = min(self.today, agreement.signed_on + timedelta(days=self.rng.randint(1, 10)))
        decided = applied + timedelta(days=self.rng.randint(3, 12))
        confirmation = JudicialConfirmation(applied_on=applied, court=court, outcome=ConfirmationOutcome.PENDING)
        if decided <= self.today:
            confirmation.outcome, confirmation.decided_on = ConfirmationOutcome.CONFIRMED, decided
        lifecycle.check_confirmation(confirmation, case)
        db.session.add(confirmation)
        confirmation.case = case
        self.counts["judicial confirmations"] += 1

    def run(self, case, path):
        court = next((p for p in self.ctx.partners if p.kind is not None and p.kind.code == "court"), None)
        if path == "registered":
            return
        if path == "refused":
            reason, referred = self.rng.choice(REFUSALS)
            self.step(case, "refuse", reason=reason, referred_to=referred, on=self.day_after(case.received_on, 0, 2))
            return
        if path == "transferred":
            if self.ctx.partners:
                self.step(case, "transfer", partner=self.rng.choice(self.ctx.partners),
                          on=self.day_after(case.received_on, 0, 2), note="属于治安案件，移交派出所处理。")
            return
        if path == "withdrawn":
            on = self.day_after(case.received_on, 0, 3)
            if self.rng.random() < 0.5:  # after a first meeting the parties settle it between themselves
                on = self.day_after(self.mediate(case, self.accept(case)), 0, 5)
            self.step(case, "withdraw", on=on, note="双方已自行和解，申请人撤回调解申请。")
            return
        if path == "overdue" and case.received_on <= self.today - timedelta(days=35):
            accepted = self.accept(case, days_ago=self.rng.randint(35, (self.today - case.received_on).days))
            self.mediate(case, accepted)
            return
        if path == "overdue":
            path = "in_mediation"  # received too recently to be late
        accepted = self.accept(case)
        if path == "accepted":
            return
        if path in ("escalated", "escalated_settled"):
            if case.committee.parent_id is None:
                self.mediate(case, accepted)
                return
            first = self.mediate(case, accepted)
            escalated = self.day_after(first, 1, 3)
            self.step(case, "escalate", on=escalated, note="案情复杂，涉及多户居民，提请上级调委会调解。")
            if path == "escalated_settled":
                started = self.day_after(escalated, 0, 2)
                self.step(case, "start_mediation", on=started)
                self.meeting(case, started)
                self.settle(case, self.day_after(started, 1, 6))
            return
        first = self.mediate(case, accepted)
        if path == "in_mediation":
            return
        if path == "failed":
            self.step(case, "fail", routes=["litigation"] + (["arbitration"] if self.rng.random() < 0.3 else []),
                      on=self.day_after(first, 1, 10), note="被申请人坚持不同意赔偿。")
            return
        kind = "oral" if path == "settled_oral" else "written"
        self.settle(case, self.day_after(first, 0, 10), kind=kind)
        if path == "confirmed" and court is not None and not case.dispute_type.personal_status:
            self.confirm(case, court)
        if path == "archived":
            self.finish_follow_up(case)
            self.dossier(case)
            visited = max((f.done_on for f in case.follow_ups), default=case.concluded_on)
            self.step(case, "archive", retention=self.rng.choice(("long_term", "short_term")),
                      on=max(self.day_after(case.concluded_on, 5, 30), visited), note="材料齐全，立卷归档。")


# A case received long ago is not still waiting: in a working district old cases are concluded,
# and only a few recent ones run late (the statistics show exceptions, not a wall of red).
STILL_OPEN_PATHS = {"registered": "refused", "accepted": "settled_oral", "in_mediation": "settled_written",
                    "escalated": "escalated_settled", "overdue": "settled_written"}
OPEN_FOR_DAYS = {"overdue": 120}
OPEN_DAYS_DEFAULT = 90


def _path_for_age(path, case, today):
    limit = OPEN_FOR_DAYS.get(path, OPEN_DAYS_DEFAULT)
    if path in STILL_OPEN_PATHS and (today - case.received_on).days > limit:
        return STILL_OPEN_PATHS[path]
    return path


def _paths(rng, n):
    names = [name for name, weight in PATHS for _ in range(weight)]
    # Every path at least once when there are enough cases, the rest spread by weight.
    chosen = [name for name, _weight in PATHS][:n]
    chosen += [rng.choice(names) for _ in range(n - len(chosen))]
    rng.shuffle(chosen)
    return chosen


def load(ctx):
    """Move the demo's registered cases along their paths; returns counts for the summary."""
    loader = _Loader(ctx)
    cases = [c for c in ctx.cases if c.status == CaseStatus.REGISTERED]
    skipped = 0
    for case, path in zip(sorted(cases, key=lambda c: (c.received_on, c.id or 0)), _paths(ctx.rng, len(cases))):
        with acting_as(loader.actor_for(case)):
            try:
                with db.session.begin_nested():
                    loader.run(case, _path_for_age(path, case, loader.today))
            except CaseRuleError:
                skipped += 1  # e.g. a committee without a short name: the case stays registered
    db.session.flush()
    counts = dict(loader.counts)
    if skipped:
        counts["cases left registered"] = skipped
    return counts
