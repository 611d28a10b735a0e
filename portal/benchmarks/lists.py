"""Benchmark of the admin lists at scale: ``flask --app wsgi portal bench [--cases N]``.

Builds a throw-away database (SQLite in a temporary folder, or ``--database-url`` for
PostgreSQL, whose schema is DROPPED first) with N cases, 2N parties and N/4 mediators inserted in
bulk, then requests the pages an office uses most and prints the median time and the number of
SQL statements of each. Figures, not pass/fail: compare them across changes.
"""
import statistics
import time
from contextlib import contextmanager
from datetime import date, timedelta

import click
from sqlalchemy import event, insert, select

from portal.benchmarks.support import bench_app, fresh_schema

PAGES = [
    ("dashboard", "/admin/"),
    ("cases, first page", "/admin/cases/"),
    ("cases, page 200", "/admin/cases/?page=199"),
    ("cases, search title", "/admin/cases/?search=噪音纠纷1234"),
    ("cases, filter street", "/admin/cases/?flt0_0={street}"),
    ("cases, sort by date", "/admin/cases/?sort=5&desc=1"),
    ("case details", "/admin/cases/details/?id={case}"),
    ("mediators, first page", "/admin/mediators/"),
    ("mediators, search pinyin", "/admin/mediators/?search=zs"),
    ("mediator lookup (AJAX)", "/admin/cases/ajax/lookup/?name=mediators&query=张"),
    ("committee lookup (AJAX)", "/admin/cases/ajax/lookup/?name=committee&query=社区"),
    ("audit log", "/admin/audit_log/"),
]


@click.command("bench")
@click.option("--cases", default=200_000, show_default=True, help="How many cases to create.")
@click.option("--repeat", default=5, show_default=True, help="Requests per page (the median is shown).")
@click.option("--database-url", default=None, envvar="PORTAL_BENCH_DATABASE_URL",
              help="PostgreSQL URL to use instead of SQLite (its schema is dropped!).")
def bench_command(cases, repeat, database_url):
    app = bench_app(database_url, WTF_CSRF_ENABLED=False)
    started = time.perf_counter()
    with app.app_context():
        ids = _build(app, cases)
    click.echo(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}; "
               f"{cases:,} cases built in {time.perf_counter() - started:.0f} s")
    client = app.test_client()
    for role, label in (("admin", "district office"), ("staff", "office staff (one street)")):
        client.post("/auth/login", data={"username": f"bench-{role}", "password": "bench-password"})
        click.echo(f"\n{label}\n{'page':<28}{'median ms':>10}{'max ms':>9}{'queries':>9}")
        for name, path in PAGES:
            if role == "staff" and "audit" in path:
                continue
            path = path.format(**ids)
            times, queries = _measure(app, client, path, repeat)
            click.echo(f"{name:<28}{statistics.median(times):>10.1f}{max(times):>9.1f}{queries:>9}")
        client.post("/auth/logout")


@contextmanager
def _counting(engine):
    seen = []

    def count(*args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _measure(app, client, path, repeat):
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    client.get(path)  # warm up
    times = []
    with _counting(engine) as seen:
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise click.ClickException(f"{path} answered {response.status_code}")
    return times, len(seen) // repeat


def _build(app, total):
    from portal.extensions import db
    from portal.models import (
        Case, CaseParty, CaseSource, Committee, Community, District, DisputeType, Mediator, Role, Street, User,
        case_mediators,
    )
    from portal.services.reference import ensure_reference_data

    fresh_schema(app)
    ensure_reference_data()
    district = District(code="D", name="区")
    streets = [Street(district=district, code=f"S{i}", name=f"街道{i}") for i in range(10)]
    db.session.add_all(streets)
    db.session.flush()
    communities = [Community(street=s, code=f"{s.code}C{i}", name=f"社区{s.code}{i}") for s in streets for i in range(10)]
    db.session.add_all(communities)
    db.session.flush()
    committees = [Committee(name=f"{c.name}人民调解委员会", level="community", street_id=c.street_id, community=c)
                  for c in communities]
    db.session.add_all(committees)
    for role in (Role.ADMIN, Role.STAFF):
        user = User(username=f"bench-{role}", role=role, street=streets[0] if role == Role.STAFF else None)
        user.set_password("bench-password")
        db.session.add(user)
    db.session.commit()

    types = list(db.session.scalars(select(DisputeType.id)))
    sources = list(db.session.scalars(select(CaseSource.id)))
    surnames, given = "张王李赵刘陈杨黄周吴", "三四伟芳强敏静磊洋艳"
    now = date(2026, 11, 1)
    mediators = [
        {"name": surnames[i % 10] + given[(i // 10) % 10] + given[i % 7], "name_pinyin": "", "name_initials": "",
         "sex": "male", "street_id": committees[i % len(committees)].street_id, "employment": "part_time",
         "status": "active", "occupation": "", "employer": "", "address": "", "speciality": "", "notes": "",
         "is_retired_cadre": False, "is_npc_deputy": False, "is_cppcc_member": False, "is_lawyer": False,
         "is_judge_instructor": False, "version": 1, "created_at": now, "updated_at": now}
        for i in range(max(total // 4, 100))
    ]
    _bulk(db, Mediator.__table__, mediators)
    for offset in range(0, total, 10_000):
        rows = []
        for i in range(offset, min(offset + 10_000, total)):
            committee = committees[i % len(committees)]
            rows.append({"title": f"噪音纠纷{i}", "dispute_type_id": types[i % len(types)], "source_id": sources[i % len(sources)],
                         "start_level": "community", "committee_id": committee.id, "street_id": committee.street_id,
                         "community_id": committee.community_id, "received_on": now - timedelta(days=i % 700),
                         "facts": "", "status": "registered", "version": 1, "created_at": now, "updated_at": now})
        _bulk(db, Case.__table__, rows)
    first_case = db.session.scalar(select(Case.id).order_by(Case.id))
    parties = [{"case_id": first_case + i // 2, "role": "applicant" if i % 2 == 0 else "respondent", "kind": "person",
                "name": _person(surnames, given, i), "address": "", "representative": "", "version": 1, "created_at": now, "updated_at": now}
               for i in range(total * 2)]
    _bulk(db, CaseParty.__table__, parties)
    first_mediator = db.session.scalar(select(Mediator.id).order_by(Mediator.id))
    _bulk(db, case_mediators, [{"case_id": first_case + i, "mediator_id": first_mediator + i % len(mediators)}
                               for i in range(total)])
    db.session.commit()
    return {"street": streets[0].id, "case": first_case + total // 2}


def _person(surnames, given, i):
    """Names as people have them: mostly two characters, some three (张伟, 刘芳静)."""
    name = surnames[i % len(surnames)] + given[(i // 7) % len(given)]
    return name + given[(i // 70) % len(given)] if i % 3 == 0 else name


def _bulk(db, table, rows, chunk=10_000):
    for start in range(0, len(rows), chunk):
        db.session.execute(insert(table), rows[start:start + chunk])
    db.session.commit()
