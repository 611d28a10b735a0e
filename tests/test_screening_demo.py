"""The screening demo loader, on a small district built from factories; and the full demo's shape."""
import random
from datetime import timedelta

from sqlalchemy import func, select

from portal import timeutil
from portal.demo import screening as demo_screening
from portal.demo.context import DemoContext
from portal.extensions import db
from portal.models import (
    Case, Committee, Grid, Lead, LeadEvent, LeadStatus, Mediator, PartnerBody, PreventionRecord, Reporter,
    RiskLevel, RoundKind, ScreeningRound, Street, User,
)
from portal.services.screening import leads as lead_rules


def test_demo_loader_makes_reporters_rounds_leads_and_warnings(app, screening_world, make_mediator, make_user,
                                                                 make_committee):
    w = screening_world
    for n in range(8):
        make_mediator(w["east"].id if n % 2 else w["west"].id, name=f"演示调解员{n}")
    staff = make_user(role="staff", street_id=w["east"].id, username="heping")
    account = make_user(role="reporter", username="reporter")
    with app.app_context():
        streets = db.session.scalars(select(Street).order_by(Street.id)).all()
        ctx = DemoContext(
            rng=random.Random(7), streets=streets,
            committees=db.session.scalars(select(Committee)).all(),
            mediators=db.session.scalars(select(Mediator)).all(),
            partners=db.session.scalars(select(PartnerBody)).all(),
            users={u.username: u for u in db.session.scalars(select(User))},
        )
        counts = demo_screening.load(ctx)
        db.session.commit()

        count = lambda model, *where: db.session.scalar(select(func.count()).select_from(model).where(*where))  # noqa: E731
        pilot_grids = count(Grid)
        covered = db.session.scalar(select(func.count(func.distinct(Grid.id))).join(Grid.reporters))
        assert counts["grid reporters"] == count(Reporter) and covered >= 0.6 * pilot_grids
        linked = db.session.scalar(select(Reporter).where(Reporter.user_id == account.id))
        assert linked is not None and linked.street_id == streets[0].id
        assert count(Lead, Lead.reporter_id == linked.id) >= 2

        # A year of monthly rounds in every street, and special ones under the district's themes.
        for street in streets:
            months = {(r.held_on.year, r.held_on.month) for r in db.session.scalars(
                select(ScreeningRound).where(ScreeningRound.street_id == street.id, ScreeningRound.kind == RoundKind.ROUTINE))}
            assert len(months) == 12
        assert count(ScreeningRound, ScreeningRound.kind == RoundKind.SPECIAL) >= len(streets)
        assert count(ScreeningRound, ScreeningRound.found_none.is_(True)) > 0

        levels = dict(db.session.execute(select(Lead.level, func.count()).group_by(Lead.level)).all())
        assert set(levels) == set(RiskLevel) and levels["yellow"] > levels["orange"] > levels["red"]
        assert count(Lead, Lead.status == LeadStatus.CONVERTED) == count(Case) > 0
        assert count(PreventionRecord) > 0

        now = timeutil.now()
        open_red = db.session.scalars(select(Lead).where(Lead.status == LeadStatus.OPEN, Lead.level == "red")).all()
        assert len(open_red) == 1 and lead_rules.is_overdue(open_red[0], now) and open_red[0].follower == ""
        assert count(LeadEvent, LeadEvent.lead_id == open_red[0].id, LeadEvent.kind == "deadline_missed") == 1
        overdue = db.session.scalars(select(Lead).where(lead_rules.overdue_clause(now))).all()
        assert overdue == open_red

        # Every lead happened in the past and obeys the rules it is shown under.
        for lead in db.session.scalars(select(Lead)):
            assert lead.reported_at <= now and lead.found_on <= now.date()
            assert lead.status == LeadStatus.OPEN or lead.reported_at <= lead.closed_at <= now
            assert [e.kind for e in lead.events][0] == "reported"
        assert db.session.scalar(select(func.min(Lead.found_on))) >= now.date() - timedelta(days=400)
        assert staff.id in set(db.session.scalars(select(Lead.created_by_id)))
        db.session.remove()
