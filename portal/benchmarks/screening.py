"""How fast the screening board, lists and figures are at scale; prints figures (never pass/fail).

    .venv/bin/python -m portal.benchmarks.screening                # a temporary SQLite file
    PORTAL_BENCH_DATABASE_URL=postgresql://… .venv/bin/python -m portal.benchmarks.screening   # its schema is dropped!

Rows are bulk-inserted (no audit entries): 8 streets, 400 grids, 20,000 rounds and 200,000 leads
over two years (mostly yellow, a few hundred still open). Each page is timed through the real app
and set against its floor: the bare SQL it cannot do without, with no rendering.
"""
import os
import random
import time
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from portal.benchmarks.support import bench_app, fresh_schema

STREETS, GRIDS, ROUNDS, LEADS = 8, 400, 20_000, 200_000


def fill(rng):
    from portal.extensions import db
    from portal.models import Community, District, DisputeType, Grid, Lead, ScreeningRound, Street, User
    from portal.models.screening import round_grids

    now = datetime.now().replace(microsecond=0)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    district = District(code="D1", name="东城区")
    db.session.add(district)
    db.session.flush()
    db.session.execute(insert(Street), [dict(stamp, id=i, district_id=district.id, code=f"S{i:02d}", name=f"第{i}街道",
                                             is_pilot=True) for i in range(1, STREETS + 1)])
    db.session.execute(insert(Community), [dict(stamp, id=i, street_id=i % STREETS + 1, code=f"C{i:03d}", name=f"第{i}社区",
                                                kind="community") for i in range(1, 81)])
    db.session.execute(insert(Grid), [dict(stamp, id=i, community_id=i % 80 + 1, code=f"G{i}", name=f"第{i}网格")
                                      for i in range(1, GRIDS + 1)])
    street_of_grid = {i: (i % 80 + 1) % STREETS + 1 for i in range(1, GRIDS + 1)}
    community_of_grid = {i: i % 80 + 1 for i in range(1, GRIDS + 1)}
    db.session.execute(insert(ScreeningRound), [
        dict(stamp, id=i, kind="routine", street_id=i % STREETS + 1, held_on=(now - timedelta(days=rng.randint(0, 730))).date(),
             screeners="调解员", households_visited=rng.randint(50, 300), units_visited=rng.randint(1, 30), found_none=False,
             notes="") for i in range(1, ROUNDS + 1)
    ])
    db.session.execute(insert(round_grids), [
        {"round_id": i, "grid_id": g} for i in range(1, ROUNDS + 1)
        for g in rng.sample([g for g in range(1, GRIDS + 1) if street_of_grid[g] == i % STREETS + 1], k=3)
    ])
    types = db.session.scalars(select(DisputeType.id)).all()
    rows = []
    for i in range(1, LEADS + 1):
        grid = rng.randint(1, GRIDS)
        level = rng.choices(("yellow", "orange", "red"), weights=(76, 19, 5))[0]
        reported = now - timedelta(minutes=rng.randint(10, 730 * 24 * 60))
        still_open = reported > now - timedelta(days=3) or i % 1000 == 0
        closed = None if still_open else reported + timedelta(hours=rng.randint(1, 200))
        rows.append(dict(
            stamp, id=i, grid_id=grid, community_id=community_of_grid[grid], street_id=street_of_grid[grid],
            found_on=reported.date(), reported_at=reported, dispute_type_id=rng.choice(types), level=level,
            description="楼道堆物引发邻里口角。", people_involved=rng.randint(1, 20), follower="王调解", follower_phone="",
            due_at=reported + timedelta(hours={"red": 12, "orange": 24, "yellow": 168}[level]), status="open" if still_open
            else rng.choices(("resolved", "closed", "handed_over"), weights=(70, 20, 10))[0],
            closed_at=closed, outcome_note="",
        ))
    for start in range(0, len(rows), 20_000):
        db.session.execute(insert(Lead), rows[start:start + 20_000])
    admin = User(username="bench-admin", display_name="bench", role="admin")
    staff = User(username="bench-staff", display_name="bench", role="staff", street_id=3)
    for user in (admin, staff):
        user.set_password("bench-password")
    db.session.add_all([admin, staff])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def timed(call, repeat=5):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return get


def main():
    app = bench_app(os.environ.get("PORTAL_BENCH_DATABASE_URL"), WTF_CSRF_ENABLED=False)
    fresh_schema(app)
    with app.app_context():
        from portal.extensions import db
        from portal.models import Lead
        from portal.services.reference import ensure_reference_data
        from portal.services.screening import figures

        ensure_reference_data()
        db.session.commit()
        started = time.perf_counter()
        fill(random.Random(1))
        print(f"filled in {time.perf_counter() - started:.1f} s ({ROUNDS} rounds, {LEADS} leads)")

        def board_floor(street=None):
            query = select(Lead.id).where(Lead.status == "open", Lead.level.in_(("red", "orange")))
            if street is not None:
                query = query.where(Lead.street_id == street)
            return lambda: (db.session.execute(query.order_by(Lead.reported_at).limit(50)).all(),
                            db.session.scalar(select(func.count()).select_from(query.subquery())))

        list_floor = lambda street=None: lambda: db.session.execute(  # noqa: E731
            select(Lead.id).where(*([Lead.street_id == street] if street else [])).order_by(Lead.reported_at.desc())
            .limit(25)).all()
        year = datetime.now().year
        results = [
            ("figures, one year, district", timed(lambda: figures.year_table(year).total(), 3), None),
            ("figures, one year, one street", timed(lambda: figures.year_table(year, [3]).total(), 3), None),
            ("monthly report inputs, district", timed(lambda: figures.monthly_report_figures(year, 1)), None),
        ]
        db.session.remove()

    for username, street in (("bench-admin", None), ("bench-staff", 3)):
        client = app.test_client()
        client.post("/auth/login", data={"username": username, "password": "bench-password"})
        with app.app_context():
            from portal.extensions import db

            for label, url, floor in (
                ("early-warning board", "/admin/screening_board/", board_floor(street)),
                ("lead list", "/admin/screening_leads/", list_floor(street)),
                ("lead list, red only", "/admin/screening_leads/?flt0_1=red", None),
                ("dashboard", "/admin/", None),
            ):
                page_ms = timed(page(client, url))
                floor_ms = timed(floor) if floor else None
                results.append((f"{label} ({username})", page_ms, floor_ms))
            db.session.remove()

    width = max(len(label) for label, _ms, _floor in results)
    for label, ms, floor in results:
        ratio = f"   floor {floor:6.1f} ms, ×{ms / floor:5.1f}" if floor else ""
        print(f"{label:<{width}}  {ms:8.1f} ms{ratio}")


if __name__ == "__main__":
    main()
