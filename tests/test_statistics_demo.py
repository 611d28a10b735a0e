"""The statistics demo: a year of cases in every street and month, spread as a working district's
are, and monthly reports in every state; run on a small district built from factories."""
import random

from sqlalchemy import func, select

from portal import timeutil
from portal.demo import statistics as demo_statistics
from portal.demo.context import DemoContext
from portal.extensions import db
from portal.models import (
    Case, CaseAgreement, Committee, MonthlyReport, Mediator, PartnerBody, Street, User,
)
from portal.services.statistics import Filters, Period, figures, reports


def test_demo_statistics_look_like_a_working_district(app, network, make_user):
    make_user(role="staff", street_id=network["street"].id)
    make_user(role="admin")
    with app.app_context():
        ctx = DemoContext(
            rng=random.Random(11),
            streets=db.session.scalars(select(Street).order_by(Street.id)).all(),
            committees=db.session.scalars(select(Committee)).all(),
            mediators=db.session.scalars(select(Mediator)).all(),
            partners=db.session.scalars(select(PartnerBody).order_by(PartnerBody.id)).all(),
            users={u.username: u for u in db.session.scalars(select(User))},
        )
        counts = demo_statistics.load(ctx)
        db.session.commit()
        street_ids = [s.id for s in ctx.streets]
        assert counts["statistics history cases"] > 100

    with app.test_request_context():
        today = timeutil.today()
        year = Period.last_months(12, today)
        series = figures(year, ("street",), by_month=True, today=today)
        street = network["street"].id
        months = {row.key[1] for row in series.rows if row.key[0] == street and row.figures.value("received")}
        assert len(months) == 12  # every month has cases
        total = figures(year, today=today).total
        # Most disputes are settled, most of them in the community (where the street has one),
        # few leave for the district.
        assert total.value("success_rate") > 80
        east = figures(year, filters=Filters(street_id=street), today=today).total
        assert east.value("tier_community") > east.value("tier_street") > east.value("tier_district")
        # Exceptions, not a wall of red: a handful overdue.
        assert total.value("overdue") <= total.value("received") * 0.05
        # Settled cases carry their agreement, at the level of the committee that settled them.
        settled = db.session.scalar(select(func.count()).select_from(Case).where(Case.settled_level.isnot(None)))
        assert settled == db.session.scalar(select(func.count()).select_from(CaseAgreement))
        # Reports: accepted ones, and last month's missing for one street.
        states = {r.status for r in db.session.scalars(select(MonthlyReport))}
        assert "accepted" in states
        last = reports.reported_months(1, today)[0]
        grid = reports.status_grid(street_ids, [last], today)
        codes = {grid[s][last].code for s in street_ids}
        assert codes & {"missing", "not_due"}
