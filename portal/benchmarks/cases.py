"""How fast the case screens answer with many cases: ``python -m portal.benchmarks.cases [--rows 200000]``.

Builds a throw-away database (SQLite in a temporary folder, or ``--url`` for PostgreSQL, whose
schema it DROPS), fills it with cases in every state, meetings and follow-up visits, then times
the pages office staff and the district office open most: the case list (plain, overdue filter,
search, sorted by due date), the dashboard, a case page, and the meetings and follow-up lists.
Prints the median of several requests per page; nothing is asserted.
"""
import argparse
import random
import statistics
import os
import tempfile
import time
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, text

from portal.benchmarks.support import bench_app, fresh_schema

CHUNK = 5_000


def build(app, rows, rng):
    from portal.extensions import db
    from portal.models import (
        Case, CaseParty, CaseSource, Committee, Community, DisputeType, District, FollowUp, MediationSession,
        Street, User,
    )
    from portal.services.reference import ensure_reference_data

    fresh_schema(app)
    with app.app_context():
        ensure_reference_data()
        district = District(code="D1", name="东城区")
        db.session.add(district)
        committees = []
        for s in range(8):
            street = Street(district=district, code=f"S{s:02d}", name=f"街道{s}", is_pilot=True)
            top = Committee(name=f"街道{s}调委会", short_name=f"街{s}", level="street", street=street)
            committees.append(top)
            for c in range(5):
                community = Community(street=street, code=f"C{s}{c}", name=f"社区{s}-{c}")
                committees.append(Committee(name=f"社区{s}-{c}调委会", short_name=f"社{s}{c}", level="community",
                                            street=street, community=community, parent=top))
        db.session.add_all(committees)
        for role, street in (("admin", None), ("staff", committees[0].street)):
            user = User(username=f"bench-{role}", role=role, street=street)
            user.set_password("bench-password")
            db.session.add(user)
        db.session.commit()
        types = db.session.scalars(select(DisputeType.id)).all()
        sources = db.session.scalars(select(CaseSource.id)).all()
        plan = [(c.id, c.street_id, c.community_id, c.level) for c in committees]
        today = date.today()
        statuses = ["registered", "accepted", "in_mediation", "settled", "settled", "failed", "archived", "refused"]
        for start in range(0, rows, CHUNK):
            cases, parties = [], []
            for n in range(start, min(rows, start + CHUNK)):
                committee_id, street_id, community_id, level = rng.choice(plan)
                status = rng.choice(statuses)
                received = today - timedelta(days=rng.randint(0, 720))
                accepted = None if status in ("registered", "refused") else received + timedelta(days=1)
                cases.append({
                    "id": n + 1, "title": f"纠纷{n}", "dispute_type_id": rng.choice(types), "source_id": rng.choice(sources),
                    "start_level": level, "committee_id": committee_id, "origin_committee_id": committee_id,
                    "street_id": street_id, "community_id": community_id, "received_on": received, "facts": "",
                    "status": status, "number": f"（{received.year}）{committee_id}调字第{n:07d}号" if accepted else None,
                    "accepted_on": accepted, "due_on": accepted + timedelta(days=30) if accepted else None,
                    "refusal_reason": "", "referred_to": "", "failure_routes": "", "version": 1,
                    "created_at": datetime.now(), "updated_at": datetime.now(),
                })
                parties.append({"case_id": n + 1, "role": "applicant", "kind": "person", "name": "张三", "address": "",
                                "representative": "", "version": 1, "created_at": datetime.now(), "updated_at": datetime.now()})
            db.session.execute(insert(Case.__table__), cases)
            db.session.execute(insert(CaseParty.__table__), parties)
            meetings = [{"case_id": c["id"], "kind": "mediation", "starts_at": datetime.combine(c["received_on"], datetime.min.time()) + timedelta(hours=9),
                         "ends_at": datetime.combine(c["received_on"], datetime.min.time()) + timedelta(hours=11),
                         "location_text": "居委会", "invited_helpers": "", "recorder": "", "summary": "", "outcome": "",
                         "version": 1, "created_at": datetime.now(), "updated_at": datetime.now()}
                        for c in cases if c["status"] in ("in_mediation", "settled", "failed", "archived")]
            follow_ups = [{"case_id": c["id"], "due_on": c["received_on"] + timedelta(days=20), "visited_by": "",
                           "lawsuit": False, "measures": "", "notes": "", "version": 1,
                           "created_at": datetime.now(), "updated_at": datetime.now()}
                          for c in cases if c["status"] == "settled"]
            if meetings:
                db.session.execute(insert(MediationSession.__table__), meetings)
            if follow_ups:
                db.session.execute(insert(FollowUp.__table__), follow_ups)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for table in ("cases", "case_parties", "mediation_sessions", "follow_ups"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()


def timed(client, url, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--url", default=os.environ.get("PORTAL_BENCH_DATABASE_URL"),
                        help="database URL (PostgreSQL: its schema is dropped!)")
    args = parser.parse_args()

    app = bench_app(args.url, WTF_CSRF_ENABLED=False, PORTAL_UPLOAD_DIR=tempfile.mkdtemp(prefix="bench-cases-"))
    started = time.perf_counter()
    build(app, args.rows, random.Random(1))
    print(f"built {args.rows:,} cases in {time.perf_counter() - started:.1f} s ({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]})")

    with app.app_context():
        from portal.extensions import db
        from portal.models import Case

        from portal.models import User

        staff_street = db.session.scalar(select(User.street_id).where(User.username == "bench-staff"))
        some_case = db.session.scalar(select(Case.id).where(Case.status == "settled", Case.street_id == staff_street).limit(1))
        db.session.remove()
    for role in ("admin", "staff"):
        client = app.test_client()
        client.post("/auth/login", data={"username": f"bench-{role}", "password": "bench-password"})
        overdue = next(v for v in app.extensions["portal_admin"]._views if getattr(v, "endpoint", "") == "cases")
        with app.test_request_context():
            overdue_url = overdue.overdue_url()
        pages = {
            "case list": "/admin/cases/",
            "case list, overdue": overdue_url,
            "case list, search": "/admin/cases/?search=纠纷1234",
            "case list, by due date": "/admin/cases/?sort=5&desc=1",
            "dashboard": "/admin/",
            "case page": f"/admin/cases/details/?id={some_case}",
            "meetings list": "/admin/mediation_sessions/",
            "follow-ups list": "/admin/follow_ups/",
        }
        for name, page in pages.items():
            print(f"{role:<6} {name:<24} {timed(client, page, args.repeat):8.1f} ms")


if __name__ == "__main__":
    main()
