"""The lifecycle demo moves registered cases through every state with the service rules."""
import random

from sqlalchemy import func, select

from portal import timeutil
from portal.demo.cases import load
from portal.demo.context import DemoContext
from portal.extensions import db
from portal.services.cases import dossier_checklist
from portal.models import (
    Case, CaseAgreement, CaseAttachment, CaseEvent, CaseStatus, Committee, Facility, FollowUp,
    JudicialConfirmation, MediationSession, PartnerBody, Street, User,
)


def test_demo_cases_cover_every_state_with_their_records(app, network, case_in, make_user, upload_dir):
    committee = network["community_committee"]
    for n in range(30):
        case_in(committee, days_ago=90 - 2 * n)
    staff = make_user(role="staff", street_id=network["street"].id)
    admin = make_user(role="admin")

    with app.app_context():
        ctx = DemoContext(
            rng=random.Random(7),
            streets=db.session.scalars(select(Street)).all(),
            committees=db.session.scalars(select(Committee)).all(),
            facilities=db.session.scalars(select(Facility)).all(),
            partners=db.session.scalars(select(PartnerBody).order_by(PartnerBody.id)).all(),
            cases=db.session.scalars(select(Case)).all(),
            users={u.username: u for u in db.session.scalars(select(User))},
        )
        counts = load(ctx)
        db.session.commit()

        assert "cases left registered" not in counts
        statuses = dict(db.session.execute(select(Case.status, func.count()).group_by(Case.status)).all())
        assert set(statuses) == set(CaseStatus), statuses
        assert counts["case steps"] == db.session.scalar(select(func.count()).select_from(CaseEvent))
        assert counts["meetings"] == db.session.scalar(select(func.count()).select_from(MediationSession)) > 0
        assert db.session.scalar(select(func.count()).select_from(CaseAgreement)) == counts["agreements"] > 0
        assert db.session.scalar(select(func.count()).select_from(JudicialConfirmation)) >= 1
        assert db.session.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.done_on.isnot(None))) >= 1
        assert db.session.scalar(select(func.count()).select_from(CaseAttachment)) == counts["scanned documents"] > 0
        # Events are by the street's staff; archived dossiers are complete; some cases are late.
        assert set(db.session.scalars(select(CaseEvent.created_by_id))) == {staff.id}
        for case in db.session.scalars(select(Case).where(Case.status == CaseStatus.ARCHIVED)):
            assert not [item for item in dossier_checklist(case) if item.missing]
        overdue = db.session.scalars(select(Case).where(Case.status == CaseStatus.IN_MEDIATION,
                                                        Case.due_on < timeutil.today())).all()
        assert overdue
        assert all(c.received_on <= c.accepted_on <= timeutil.today() for c in
                   db.session.scalars(select(Case).where(Case.accepted_on.isnot(None))))
        assert admin.id not in set(db.session.scalars(select(CaseEvent.created_by_id)))
        db.session.remove()
