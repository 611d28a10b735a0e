"""The inspections demo loader on a small district built from factories: templates whose weights
add up, inspections with findings, rectification items in every state, last year's assessment
final and frozen, this year's a draft."""
import random

from sqlalchemy import func, select

from portal.demo import inspections as demo_inspections
from portal.demo.context import DemoContext
from portal.extensions import db
from portal.models import (
    AssessmentScheme, ChecklistTemplate, Committee, Inspection, JudicialOffice, Rectification, Street, User,
)
from portal.services.inspections import assessment


def test_demo_loader_makes_inspections_rectifications_and_two_years_of_schemes(app, two_streets, make_user, make_street,
                                                                               make_office):
    for n in range(4):
        street = make_street(name=f"演示街道{n}")
        make_office(street.id, name=f"演示{n}司法所")
    make_user(role="admin", username="admin")
    make_user(role="inspector", username="inspector")
    make_user(role="staff", street_id=two_streets["east"].id, username="donghua")
    with app.app_context():
        ctx = DemoContext(
            rng=random.Random(11), streets=db.session.scalars(select(Street)).all(),
            offices=db.session.scalars(select(JudicialOffice).order_by(JudicialOffice.id)).all(),
            committees=db.session.scalars(select(Committee)).all(),
            users={u.username: u for u in db.session.scalars(select(User))},
        )
        counts = demo_inspections.load(ctx)
        db.session.commit()
        assert all(t.total_weight == 100 for t in db.session.scalars(select(ChecklistTemplate)))
        assert counts["inspections"] == db.session.scalar(select(func.count()).select_from(Inspection)) >= 10
        states = set(db.session.scalars(select(Rectification.status).distinct()))
        assert {"open", "accepted"} <= states and len(states) >= 3
        schemes = {s.year: s for s in db.session.scalars(select(AssessmentScheme))}
        last, this = sorted(schemes)
        assert schemes[last].status == "final" and schemes[last].frozen
        assert schemes[this].status == "draft"
        cards = assessment.scorecards(schemes[last])
        assert sorted(c.rank for c in cards)[0] == 1 and all(c.complete for c in cards)
