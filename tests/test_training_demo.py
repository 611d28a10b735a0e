"""The training demo loader, on a small context built from factories."""
import random
import re
from datetime import timedelta

from sqlalchemy import select

from portal import timeutil
from portal.demo import training as demo_training
from portal.demo.context import DemoContext
from portal.extensions import db
from portal.models import (
    Facility, JudicialOffice, Mediator, OfficeFunding, PartnerBody, RoomBooking, Street, TrainingAttendance,
    TrainingSession, User,
)
from portal.services import training
from tests.helpers import text_of


def funds_in_place(page, office_id):
    """Whether the checklist page shows the office's funds (its first column) as in place."""
    row = re.search(rf'<tr data-office="{office_id}">.*?</tr>', page, re.S).group(0)
    return re.findall(r'<td class="(table-success|table-danger)"', row)[0] == "table-success"


def test_demo_loader_makes_sessions_attendance_funds_and_bookings(app, client, login_as, two_streets, make_mediator,
                                                                   make_facility, make_user, make_court):
    east, west = two_streets["east"].id, two_streets["west"].id
    for n in range(6):
        make_mediator(east if n % 2 else west, name=f"演示{n}", joined_on=timeutil.today() - timedelta(days=400 - 100 * n))
    make_facility(office_id=two_streets["east_office"].id, name="东华调解室")
    make_court()
    make_user(role="trainer", username="trainer")
    with app.app_context():
        ctx = DemoContext(
            rng=random.Random(7),
            streets=db.session.scalars(select(Street)).all(),
            offices=db.session.scalars(select(JudicialOffice).order_by(JudicialOffice.id)).all(),
            mediators=db.session.scalars(select(Mediator)).all(),
            facilities=db.session.scalars(select(Facility)).all(),
            partners=db.session.scalars(select(PartnerBody)).all(),
            users={u.username: u for u in db.session.scalars(select(User))},
        )
        counts = demo_training.load(ctx)
        db.session.commit()

        sessions = db.session.scalars(select(TrainingSession)).all()
        assert counts["training sessions"] == len(sessions) == len(ctx.training_sessions) >= 8
        assert counts["attendance records"] == db.session.query(TrainingAttendance).count() > 0
        hearing = [s for s in sessions if s.kind.code == "hearing_observation"]
        assert len(hearing) == 1 and hearing[0].court.name == "东城区人民法院" and hearing[0].judge_name
        assert all(s.trainers and s.trainers[0].username == "trainer" for s in sessions)
        # Sessions in the mediation room hold it; one booking is made by hand.
        linked = db.session.scalars(select(RoomBooking).where(RoomBooking.training_session_id.is_not(None))).all()
        assert len(linked) == 2 and counts["room bookings"] == 3
        # The last office has no funds this year: its checklist shows the gap.
        assert counts["office funds"] == db.session.query(OfficeFunding).count() == 3
        office_ids = [office.id for office in ctx.offices]
        # Nobody attends a session still to come: it has its planned roster only.
        future = [s for s in sessions if s.starts_at.date() > timeutil.today()]
        assert future and all(a.status == "planned" and not a.hours_credited for s in future for a in s.attendances)
        # The report runs on the demo data.
        report = training.compliance_report(timeutil.today().year, training.mediator_filter())
        assert len(report.rows) == 6
        db.session.remove()
    login_as("admin")
    page = text_of(client.get("/admin/office_checklist/"))
    assert [funds_in_place(page, office_id) for office_id in office_ids] == [True, False]
