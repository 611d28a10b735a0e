"""How fast the training and facilities reports are on a district-sized database; prints figures.

    .venv/bin/python -m portal.benchmarks.training                # a temporary SQLite file
    PORTAL_BENCH_DATABASE_URL=postgresql://… .venv/bin/python -m portal.benchmarks.training   # its schema is dropped!

Rows are bulk-inserted (no audit entries): 8 streets, 400 committees, 8,000 mediators,
4,000 sessions and 200,000 attendance records, 2,000 rooms with equipment and 20,000 bookings.
"""
import os
import random
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from portal.benchmarks.support import bench_app, fresh_schema

MEDIATORS, COMMITTEES, SESSIONS, ATTENDANCE, ROOMS, BOOKINGS = 8_000, 400, 4_000, 200_000, 2_000, 20_000


def make_app():
    return bench_app(os.environ.get("PORTAL_BENCH_DATABASE_URL"))


def fill(rng):
    from portal.extensions import db
    from portal.models import (
        Committee, CommitteeMembership, District, Equipment, EquipmentKind, Facility, FacilityKind, JudicialOffice,
        Mediator, RoomBooking, Street, TrainingAttendance, TrainingKind, TrainingSession,
    )
    from portal.services.pinyin import full_pinyin, initials

    now = datetime(2026, 11, 1)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    district = District(code="D1", name="东城区")
    db.session.add(district)
    db.session.flush()
    db.session.execute(insert(Street), [dict(stamp, id=i, district_id=district.id, code=f"S{i:02d}", name=f"第{i}街道", is_pilot=True) for i in range(1, 9)])
    db.session.execute(insert(JudicialOffice), [dict(stamp, id=i, street_id=i, name=f"第{i}司法所") for i in range(1, 9)])
    db.session.execute(insert(Committee), [dict(stamp, id=i, name=f"第{i}调委会", level="community", street_id=i % 8 + 1) for i in range(1, COMMITTEES + 1)])
    surnames, given = "张王李赵刘陈杨黄周吴", "三四五伟芳娜敏静丽强磊军洋勇艳杰"
    names = [rng.choice(surnames) + rng.choice(given) + rng.choice(given) for _ in range(MEDIATORS)]
    db.session.execute(insert(Mediator), [
        dict(stamp, id=i, name=n, name_pinyin=full_pinyin(n), name_initials=initials(n), sex="male", street_id=i % 8 + 1,
             employment="full_time" if i % 5 == 0 else "part_time", status="active", occupation="", employer="",
             address="", speciality="", notes="", joined_on=(now - timedelta(days=rng.randint(10, 4000))).date(),
             is_retired_cadre=False, is_npc_deputy=False, is_cppcc_member=False, is_lawyer=False, is_judge_instructor=False)
        for i, n in enumerate(names, start=1)
    ])
    db.session.execute(insert(CommitteeMembership), [
        dict(stamp, committee_id=(i % COMMITTEES) + 1, mediator_id=i, post="mediator", selection="elected")
        for i in range(1, MEDIATORS + 1)
    ])
    kinds = db.session.scalars(select(TrainingKind.id)).all()
    db.session.execute(insert(TrainingSession), [
        dict(stamp, id=i, title=f"培训{i}", kind_id=rng.choice(kinds), topic="", trainer_name="", notes="",
             location_text="会议室", judge_name="", hours=Decimal("3"), street_id=i % 8 + 1, organiser_office_id=i % 8 + 1,
             starts_at=now - timedelta(days=rng.randint(0, 1000)), ends_at=now - timedelta(days=rng.randint(0, 1000)) + timedelta(days=2000))
        for i in range(1, SESSIONS + 1)
    ])
    pairs = set()
    while len(pairs) < ATTENDANCE:
        pairs.add((rng.randint(1, SESSIONS), rng.randint(1, MEDIATORS)))
    db.session.execute(insert(TrainingAttendance), [
        dict(stamp, session_id=s, mediator_id=m, status="present", hours_credited=Decimal("3")) for s, m in pairs
    ])
    room_kind = db.session.scalar(select(FacilityKind.id).where(FacilityKind.code == "mediation_room"))
    db.session.execute(insert(Facility), [
        dict(stamp, id=i, name=f"调解室{i}", kind_id=room_kind, judicial_office_id=i % 8 + 1, street_id=i % 8 + 1,
             address="", phone="", is_public=False, opening_hours="", notes="")
        for i in range(1, ROOMS + 1)
    ])
    equipment_kinds = db.session.scalars(select(EquipmentKind.id)).all()
    db.session.execute(insert(Equipment), [
        dict(stamp, facility_id=i, kind_id=k, quantity=rng.randint(1, 5), condition="good", notes="")
        for i in range(1, ROOMS + 1) for k in equipment_kinds
    ])
    monday = datetime(2026, 11, 30, 8)
    db.session.execute(insert(RoomBooking), [
        dict(stamp, facility_id=i % ROOMS + 1, starts_at=monday + timedelta(days=7 * (i // ROOMS) + 0, hours=0),
             ends_at=monday + timedelta(days=7 * (i // ROOMS), hours=2), purpose="调解")
        for i in range(BOOKINGS)
    ])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # fresh statistics, as autovacuum would gather
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


@contextmanager
def timed(label, results):
    start = time.perf_counter()
    yield
    results.append((label, (time.perf_counter() - start) * 1000))


def main():
    app = make_app()
    fresh_schema(app)
    with app.app_context(), app.test_request_context():
        from portal.extensions import db
        from portal.models import Facility, JudicialOffice, Mediator, TrainingSession, User
        from portal.services import facilities, training
        from portal.services.reference import ensure_reference_data

        ensure_reference_data()
        db.session.commit()
        started = time.perf_counter()
        fill(random.Random(1))
        print(f"filled in {time.perf_counter() - started:.1f} s "
              f"({MEDIATORS} mediators, {SESSIONS} sessions, {ATTENDANCE} attendance, {ROOMS} rooms, {BOOKINGS} bookings)")

        results = []
        for label, conditions in (("compliance report, whole district", training.mediator_filter()),
                                  ("compliance report, one street", training.mediator_filter(street_id=3)),
                                  ("compliance report, one committee", training.mediator_filter(committee_id=17))):
            with timed(label, results):
                report = training.compliance_report(2026, conditions)
            results[-1] = (f"{results[-1][0]} ({len(report.rows)} rows, {len(report.short_rows)} short)", results[-1][1])
        session = db.session.get(TrainingSession, 1)
        with timed("attendance candidates, initials 'zs'", results):
            training.candidates(session, term="zs")
        with timed("attendance candidates, one committee", results):
            training.candidates(session, committee_id=17)
        with timed("one mediator's training record", results):
            training.training_record(db.session.get(Mediator, 42))
        user = User(id=999999, role="trainer", username="bench", display_name="bench", password_hash="x")
        with timed("trainer home", results):
            training.trainer_sessions(user)
        offices = db.session.scalars(select(JudicialOffice)).all()
        with timed("three-in-place checklist, 8 offices", results):
            facilities.office_checklists(offices, 2026)
        with timed("equipment inventory, district", results):
            facilities.equipment_inventory()
        rooms = facilities.bookable_rooms(office=offices[0])
        with timed(f"week view, one office ({len(rooms)} rooms)", results):
            facilities.week_bookings(rooms, datetime(2026, 11, 30).date())
        with timed("week view, one room", results):
            facilities.week_bookings([db.session.get(Facility, 5)], datetime(2026, 11, 30).date())
        width = max(len(label) for label, _ms in results)
        for label, ms in results:
            print(f"{label:<{width}}  {ms:8.1f} ms")


if __name__ == "__main__":
    main()
