"""How fast the statistics are on a district with a million cases:
``python -m portal.benchmarks.statistics [--cases N]``.

    PORTAL_BENCH_DATABASE_URL=postgresql://… .venv/bin/python -m portal.benchmarks.statistics   # its schema is dropped!

Fills a throw-away database in SQL (INSERT … SELECT over a generated series: cases spread over
five years and every street, with their parties, agreements, escalation events, follow-ups,
judicial confirmations and five years of monthly reports), then times the district's year report
and the admin home, each against its floor: the same SQL statements the page ran, captured and
executed bare (no ORM, no rendering). Prints the ratio. Defaults: 1,000,000 cases on PostgreSQL,
200,000 on SQLite. Nothing is asserted.
"""
import argparse
import os
import statistics as stats
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import event, insert, select, text

from portal.benchmarks.support import bench_app, fresh_schema

YEARS_OF_DAYS = 1826
STREETS = 10
PASSWORD = "bench-password"


# --- SQL that differs between the two databases ------------------------------------------------------

class Dialect:
    def __init__(self, name):
        self.name = name

    def series(self, count):
        if self.name == "postgresql":
            return f"SELECT CAST(g AS BIGINT) AS n FROM generate_series(1, {int(count)}) AS g"
        return f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {int(count)}) SELECT n FROM g"

    def add_days(self, day_sql, days_sql):
        if self.name == "postgresql":
            return f"(CAST({day_sql} AS DATE) + CAST({days_sql} AS INTEGER))"
        return f"date({day_sql}, '+' || ({days_sql}) || ' days')"


def _choice(expr, values):
    return "CASE " + expr + " " + " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values)) + " END"


# --- the district --------------------------------------------------------------------------------------

def _organisation(db):
    """Ten streets; per street a street committee (id s*100), 12 community committees (s*100+1…12),
    24 grid groups (s*100+21…44) and a unit committee (s*100+50); district committee 1, industry 2–4."""
    from portal.models import Committee, District, JudicialOffice, Mediator, PartnerBody, PartnerKind, Street, User

    now = datetime(2026, 1, 1)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    db.session.add(District(id=1, code="D1", name="东城区", **{k: v for k, v in stamp.items()}))
    db.session.flush()
    db.session.execute(insert(Street), [dict(stamp, id=s, district_id=1, code=f"S{s:02d}", name=f"第{s}街道", is_pilot=True)
                                        for s in range(1, STREETS + 1)])
    db.session.execute(insert(JudicialOffice), [dict(stamp, id=s, street_id=s, name=f"第{s}司法所", address="", phone="",
                                                     opening_hours="", head_name="", is_public=True)
                                                for s in range(1, STREETS + 1)])
    rows = [dict(stamp, id=1, name="区调委会", short_name="区", level="district", street_id=None, parent_id=None)]
    rows += [dict(stamp, id=i, name=f"行业调委会{i}", short_name=f"行{i}", level="industry", street_id=None, parent_id=1)
             for i in (2, 3, 4)]
    for s in range(1, STREETS + 1):
        base = s * 100
        rows.append(dict(stamp, id=base, name=f"第{s}街道调委会", short_name=f"街{s}", level="street", street_id=s, parent_id=1))
        rows += [dict(stamp, id=base + c, name=f"第{s}街道社区{c}调委会", short_name=f"社{s}-{c}", level="community",
                      street_id=s, parent_id=base) for c in range(1, 13)]
        rows += [dict(stamp, id=base + 20 + g, name=f"第{s}街道网格{g}调解小组", short_name=f"网{s}-{g}", level="grid",
                      street_id=s, parent_id=base + 1 + (g - 1) % 12) for g in range(1, 25)]
        rows.append(dict(stamp, id=base + 50, name=f"第{s}街道工地调解小组", short_name=f"工{s}", level="other_unit",
                         street_id=s, parent_id=base))
    defaults = {"address": "", "phone": "", "opening_hours": "", "is_public": True, "community_id": None, "grid_id": None}
    db.session.execute(insert(Committee), [dict(defaults, **row) for row in rows])
    kinds = {k.code: k.id for k in db.session.scalars(select(PartnerKind))}
    partners = [dict(stamp, id=1, name="区人民法院", kind_id=kinds["court"], street_id=None)]
    partners += [dict(stamp, id=1 + s, name=f"第{s}派出所", kind_id=kinds["police"], street_id=s) for s in range(1, STREETS + 1)]
    db.session.execute(insert(PartnerBody), [dict(p, contact_name="", phone="", address="", notes="") for p in partners])
    db.session.execute(insert(Mediator), [
        dict(stamp, name=f"调解员{i}", name_pinyin="", name_initials="", sex="male", street_id=1 + i % STREETS,
             employment="part_time", status="active", occupation="", employer="", address="", speciality="", notes="",
             is_retired_cadre=False, is_npc_deputy=False, is_cppcc_member=False, is_lawyer=False, is_judge_instructor=False)
        for i in range(2000)
    ])
    for role, street in (("admin", None), ("staff", 1)):
        user = User(username=f"bench-{role}", role=role, street_id=street, display_name=role)
        user.set_password(PASSWORD)
        db.session.add(user)
    db.session.commit()


def _cases_sql(dialect, count, today, type_ids, source_ids):
    start = (today - timedelta(days=YEARS_OF_DAYS - 1)).isoformat()
    d = dialect
    received = d.add_days(f"'{start}'", "day")
    accepted = d.add_days("received_on", "r2 % 3")
    concluded = d.add_days("accepted_on", "2 + r3 % 25 + 8 * escalated")
    return f"""
    INSERT INTO cases (title, dispute_type_id, source_id, start_level, committee_id, street_id, origin_committee_id,
                       origin_street_id, received_on, accepted_on, due_on, concluded_on, settled_level,
                       transferred_to_id, failure_routes, refusal_reason, referred_to, facts, amount, status,
                       created_at, updated_at, version)
    WITH base AS (
        SELECT n, 1 + n % {STREETS} AS street, (n * 48271) % 1000 AS r1, (n * 69621) % 1000 AS r2,
               (n * 16807) % 1000 AS r3, (n * 31337) % 1000 AS r4, n % {YEARS_OF_DAYS} AS day
        FROM ({d.series(count)}) AS series
    ), shaped AS (
        SELECT base.*, {received} AS received_on,
               CASE WHEN r1 < 700 THEN 'community' WHEN r1 < 780 THEN 'grid' WHEN r1 < 950 THEN 'street'
                    WHEN r1 < 980 THEN 'other_unit' ELSE 'industry' END AS start_level
        FROM base
    ), placed AS (
        SELECT shaped.*,
               CASE start_level WHEN 'community' THEN street * 100 + 1 + r2 % 12 WHEN 'grid' THEN street * 100 + 21 + r2 % 24
                    WHEN 'street' THEN street * 100 WHEN 'other_unit' THEN street * 100 + 50 ELSE 2 + r2 % 3 END AS origin,
               CASE WHEN start_level IN ('community', 'grid', 'other_unit') AND r3 < 90 THEN 1
                    WHEN start_level = 'street' AND r3 < 30 THEN 1 ELSE 0 END AS escalated,
               CASE WHEN day > {YEARS_OF_DAYS - 3} THEN 'registered' WHEN day > {YEARS_OF_DAYS - 26} THEN 'open'
                    WHEN r4 < 40 THEN 'refused' WHEN r4 < 70 THEN 'transferred' WHEN r4 < 150 THEN 'failed'
                    ELSE 'settled' END AS outcome
        FROM shaped
    ), moved AS (
        SELECT placed.*,
               CASE WHEN escalated = 0 THEN origin WHEN start_level = 'grid' THEN street * 100 + 1 + (r2 % 24) % 12
                    WHEN start_level = 'street' THEN 1 ELSE street * 100 END AS committee,
               CASE WHEN escalated = 0 THEN start_level WHEN start_level = 'grid' THEN 'community'
                    WHEN start_level = 'street' THEN 'district' ELSE 'street' END AS level_now,
               CASE WHEN outcome IN ('registered', 'refused') THEN NULL ELSE {accepted} END AS accepted_on
        FROM placed
    )
    SELECT '纠纷' || CAST(n AS VARCHAR(12)), {_choice('n % ' + str(len(type_ids)), type_ids)},
           {_choice('r4 % ' + str(len(source_ids)), source_ids)}, start_level, committee,
           CASE WHEN level_now IN ('district', 'industry') THEN NULL ELSE street END, origin,
           CASE WHEN start_level = 'industry' THEN NULL ELSE street END,
           received_on, accepted_on,
           CASE WHEN accepted_on IS NULL THEN NULL ELSE {d.add_days('accepted_on', '30 + 5 * escalated')} END,
           CASE WHEN outcome = 'refused' THEN {d.add_days('received_on', '1')}
                WHEN outcome IN ('transferred', 'failed', 'settled') THEN {concluded} END,
           CASE WHEN outcome = 'settled' THEN level_now END,
           CASE WHEN outcome = 'transferred' THEN (CASE WHEN r4 < 50 THEN 1 ELSE 1 + street END) END,
           CASE WHEN outcome = 'failed' THEN 'litigation' ELSE '' END,
           CASE WHEN outcome = 'refused' THEN '不属于调解范围' ELSE '' END, '', '', 100 * (r2 % 500),
           CASE outcome WHEN 'registered' THEN 'registered' WHEN 'open' THEN 'in_mediation' ELSE outcome END,
           '{today.isoformat()}', '{today.isoformat()}', 1
    FROM moved
    """


def _records_sql(dialect, today):
    d = dialect
    stamp = f"'{today.isoformat()}', '{today.isoformat()}', 1"
    return [
        # Two parties each, and five more for one case in thirty-three (a group dispute).
        f"INSERT INTO case_parties (case_id, role, kind, name, address, representative, created_at, updated_at, version) "
        f"SELECT id, 'applicant', 'person', '甲', '', '', {stamp} FROM cases",
        f"INSERT INTO case_parties (case_id, role, kind, name, address, representative, created_at, updated_at, version) "
        f"SELECT id, 'respondent', 'person', '乙', '', '', {stamp} FROM cases",
        f"INSERT INTO case_parties (case_id, role, kind, name, address, representative, created_at, updated_at, version) "
        f"SELECT c.id, 'applicant', 'person', '丙', '', '', {stamp} FROM cases c "
        f"JOIN ({d.series(5)}) AS extra ON 1 = 1 WHERE c.id % 33 = 0",
        f"INSERT INTO case_agreements (case_id, kind, signed_on, facts, responsibilities, terms, performance_method, "
        f"performance_place, copies, created_at, updated_at, version) "
        f"SELECT id, CASE WHEN id % 3 = 0 THEN 'oral' ELSE 'written' END, concluded_on, '', '', '条款', '', '', 3, {stamp} "
        f"FROM cases WHERE settled_level IS NOT NULL",
        f"INSERT INTO case_events (case_id, transition, occurred_on, from_status, to_status, from_committee_id, "
        f"to_committee_id, note, created_at, updated_at, version) "
        f"SELECT id, 'escalate', {d.add_days('accepted_on', '5')}, 'in_mediation', 'escalated', origin_committee_id, "
        f"committee_id, '', {stamp} FROM cases WHERE committee_id <> origin_committee_id AND accepted_on IS NOT NULL",
        f"INSERT INTO follow_ups (case_id, due_on, done_on, method, visited_by, performed, satisfaction, lawsuit, risk, "
        f"measures, notes, created_at, updated_at, version) "
        f"SELECT id, {d.add_days('concluded_on', '15')}, "
        f"CASE WHEN {d.add_days('concluded_on', '15')} < '{today.isoformat()}' THEN {d.add_days('concluded_on', '15 + id % 3')} END, "
        f"'visit', '', 'fully', 'satisfied', false, 'none', '', '', {stamp} FROM cases WHERE settled_level IS NOT NULL",
        f"UPDATE follow_ups SET method = NULL, performed = NULL, satisfaction = NULL, risk = NULL WHERE done_on IS NULL",
        f"INSERT INTO judicial_confirmations (case_id, applied_on, court_id, outcome, decided_on, notes, created_at, "
        f"updated_at, version) "
        f"SELECT case_id, {d.add_days('signed_on', '3')}, 1, 'confirmed', {d.add_days('signed_on', '12')}, '', {stamp} "
        f"FROM case_agreements WHERE kind = 'written' AND case_id % 17 = 0",
    ]


def _reports(db, today):
    """Every street's monthly reports for five years, accepted, with a frozen version each."""
    from portal.models import MonthlyReport, MonthlyReportVersion
    from portal.services.statistics.figures import Figures
    from portal.services.statistics.periods import add_months
    from portal.services.statistics.reports import ReportFigures

    stamp = {"created_at": datetime(2026, 1, 1), "updated_at": datetime(2026, 1, 1), "version": 1}
    office = {"screened": 20, "criminal_cases": 1, "criminal_persons": 2, "suicide_cases": 0, "suicide_persons": 0,
              "petition_cases": 1, "petition_persons": 5, "fight_cases": 0, "fight_persons": 0}
    year, month = add_months(today.year, today.month, -60)
    report_rows, version_rows, report_id = [], [], 0
    for _ in range(59):
        year, month = add_months(year, month, 1)
        for street in range(1, STREETS + 1):
            report_id += 1
            at = datetime(*add_months(year, month, 1), 3, 10, 0)
            report_rows.append(dict(stamp, id=report_id, street_id=street, year=year, month=month, status="accepted",
                                    preparer="王", preparer_phone="", notes="", return_reason="",
                                    first_submitted_at=at, submitted_at=at, reviewed_at=at, **office))
            content = ReportFigures(year=year, month=month, street_name=f"第{street}街道", office_name=f"第{street}司法所",
                                    total=Figures({}, office), preparer="王")
            version_rows.append(dict(report_id=report_id, number=1, submitted_at=at, preparer="王", outcome="accepted",
                                     reviewed_at=at, review_note="", figures=content.as_dict()))
    db.session.execute(insert(MonthlyReport), report_rows)
    db.session.execute(insert(MonthlyReportVersion), version_rows)
    db.session.commit()


def fill(app, count):
    from portal import timeutil
    from portal.extensions import db
    from portal.models import CaseSource, DisputeType
    from portal.services.reference import ensure_reference_data

    fresh_schema(app)
    with app.app_context():
        ensure_reference_data()
        db.session.commit()
        today = timeutil.today()
        _organisation(db)
        dialect = Dialect(db.engine.dialect.name)
        type_ids = db.session.scalars(select(DisputeType.id).order_by(DisputeType.sort_order, DisputeType.id)).all()
        source_ids = db.session.scalars(select(CaseSource.id).order_by(CaseSource.sort_order, CaseSource.id)).all()
        # End the session's read: on SQLite its snapshot would predate the rows written below, and
        # its own writes after them would be refused ("database is locked").
        db.session.commit()
        with db.engine.begin() as conn:
            conn.execute(text(_cases_sql(dialect, count, today, type_ids, source_ids)))
            for statement in _records_sql(dialect, today):
                conn.execute(text(statement))
        _reports(db, today)
        if dialect.name == "postgresql":  # fresh planner statistics, as autovacuum would gather
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        return today


# --- measuring ------------------------------------------------------------------------------------------

@contextmanager
def captured(engine):
    """Collect (statement, parameters) of every SELECT run inside the block, and the SET LOCALs
    that tune them (the floor runs with the same settings)."""
    found = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "SET LOCAL")):
            found.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", collect)


def bare(engine, statements):
    """Seconds to run ``statements`` on a raw DB-API cursor, fetching every row."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        elapsed = time.perf_counter() - started
        cursor.close()
        connection.rollback()
        return elapsed
    finally:
        connection.close()


def compare(app, label, run, repeat):
    """Median seconds of ``run()`` and of the bare SQL it issued, and their ratio."""
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    run()  # warm caches and the ORM
    with captured(engine) as statements:
        run()
    page, floor = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        page.append(time.perf_counter() - started)
        floor.append(bare(engine, statements))
    page_ms, floor_ms = stats.median(page) * 1000, stats.median(floor) * 1000
    print(f"{label:<44}{page_ms:>10.0f}{floor_ms:>10.0f}{page_ms / floor_ms:>8.2f}{len(statements):>9}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("PORTAL_BENCH_DATABASE_URL"))
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the data a previous run left (no fill)")
    options = parser.parse_args(argv)
    app = bench_app(options.url, WTF_CSRF_ENABLED=False)
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    count = options.cases or (1_000_000 if postgres else 200_000)
    started = time.perf_counter()
    if options.reuse:
        from portal import timeutil

        with app.app_context():
            today = timeutil.today()
        print(f"statistics benchmark: the {'PostgreSQL' if postgres else 'SQLite'} data of a previous run")
    else:
        today = fill(app, count)
        print(f"statistics benchmark: {count:,} cases on {'PostgreSQL' if postgres else 'SQLite'}, "
              f"filled in {time.perf_counter() - started:.0f} s")

    client = app.test_client()
    client.post("/auth/login", data={"username": "bench-admin", "password": PASSWORD})
    year = today.year - 1

    def get(path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        return run

    def service(fn):
        def run():
            with app.test_request_context():
                fn()
        return run

    from portal.services.statistics import Period, figures, tiers

    print(f"{'':<44}{'page ms':>10}{'bare SQL':>10}{'ratio':>8}{'queries':>9}")
    compare(app, f"district year report {year} (page)", get(f"/admin/annual_report/?year={year}"), options.repeat)
    compare(app, f"district year report {year} (XLSX)", get(f"/admin/annual_report/export/xlsx/?year={year}"),
            options.repeat)
    compare(app, "dashboard, district office", get("/admin/"), options.repeat)
    compare(app, f"three-tier series {year}, by street and month", service(lambda: tiers.tier_counts(
        Period.year(year).start, Period.year(year).end, by_street=True, by_month=True)), options.repeat)
    compare(app, f"figures {year} by street × month", service(lambda: figures(Period.year(year), ("street",), by_month=True)),
            options.repeat)
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": "bench-staff", "password": PASSWORD})
    compare(app, "dashboard, street office", get("/admin/"), options.repeat)
    last = (today.replace(day=1) - timedelta(days=1))
    compare(app, "monthly report page, one street", get(
        f"/admin/monthly_reports/report/?street=1&year={last.year}&month={last.month}"), options.repeat)


if __name__ == "__main__":
    main()
