"""The demo district as a walkthrough found it: what ``make run`` says matches what the portal
shows, committee short names are unique and read like real ones, contact points have names
of their own and the liaison points keep the hours their notice posts, and most mediators meet
their training hours (so the report shows exceptions, not a wall of red).

Seeding the demo takes a while, so these checks run on the seed test_cli.py makes anyway
(``check_the_demo_district``).
"""
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import timeutil
from portal.extensions import db
from portal.models import (
    AttendanceStatus, Committee, CommitteeLevel, Facility, FacilityKind, JudgeLiaisonPoint, TrainingAttendance,
    TrainingSession,
)
from portal.models.content import ContentEntry
from portal.services import contacts, training


def summary(output):
    """{kind: number} from the line "Demo data loaded: 10 streets, 51 communities, …"."""
    line = next(line for line in output.splitlines() if line.startswith("Demo data loaded:"))
    return {kind: int(n) for n, kind in re.findall(r"(\d+) ([^,]+)", line.split(":", 1)[1])}


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def check_the_demo_district(app, output):
    """Everything this module checks, on a database ``portal seed-demo`` just filled (its ``output``)."""
    demo = summary(output)
    with app.app_context():
        _summary_counts_what_the_portal_shows(demo)
        _short_names_are_unique_and_real(demo)
        _contact_points_have_their_own_names_and_posted_hours()
        _most_mediators_meet_their_training_hours()
        _sessions_to_come_have_only_a_planned_roster()
        db.session.remove()


def _summary_counts_what_the_portal_shows(demo):
    public_kinds = select(FacilityKind.id).where(FacilityKind.code.in_(("legal_consultation", "talk_point")))
    assert demo["public facilities"] == count(Facility, Facility.is_public.is_(True), Facility.kind_id.in_(public_kinds)) > 0
    assert demo["judge liaison points"] == count(JudgeLiaisonPoint, JudgeLiaisonPoint.is_public.is_(True)) == 21
    assert demo["training sessions"] == count(TrainingSession)
    assert demo["committees"] == count(Committee)


def _short_names_are_unique_and_real(demo):
    committees = db.session.scalars(select(Committee)).all()
    shorts = [c.short_name for c in committees if c.short_name]
    assert len(shorts) == len(set(shorts)) == len(committees), "every demo committee has its own short name"
    for committee in committees:
        assert len(committee.short_name) >= 2, committee.short_name  # 东, 北, 建 read as nothing
        if committee.level == CommitteeLevel.STREET:
            assert committee.short_name == committee.street.name.removesuffix("街道")
        if committee.level == CommitteeLevel.COMMUNITY:
            assert committee.community.name.startswith(committee.short_name)
    # The rule holds however data arrives, not only through the committee screen.
    first = committees[0]
    db.session.add(Committee(name="重复简称调解委员会", short_name=first.short_name, level=CommitteeLevel.STREET,
                             street_id=committees[-1].street_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def _contact_points_have_their_own_names_and_posted_hours():
    points = db.session.execute(select(contacts.contacts_query())).mappings().all()
    names = [row["name"] for row in points]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    notice = db.session.scalar(select(ContentEntry).where(ContentEntry.slug == "judge-liaison-hours"))
    posted = " ".join(str(value) for value in notice.translation("zh_Hans_CN").data.values())
    for point in db.session.scalars(select(JudgeLiaisonPoint).where(JudgeLiaisonPoint.is_public.is_(True))):
        assert point.opening_hours and point.opening_hours in posted, (point.opening_hours, posted)
        assert point.judge_name and not point.judge_name.endswith("法官")  # the card says "liaison judge: …"


def _most_mediators_meet_their_training_hours():
    report = training.compliance_report(timeutil.today().year, training.mediator_filter())
    short = [row for row in report.rows if row.shortfall > 0]
    assert report.rows and 0 < len(short) <= len(report.rows) // 5, (len(short), len(report.rows))


def _sessions_to_come_have_only_a_planned_roster():
    early = count(TrainingAttendance, TrainingAttendance.status != AttendanceStatus.PLANNED,
                  TrainingAttendance.session_id.in_(select(TrainingSession.id).where(TrainingSession.starts_at > timeutil.now())))
    assert early == 0
