"""Fast at a province's scale: each page beside its floor, in one run (issue 15).

    .venv/bin/python -m portal.benchmarks.scale [--cases N] [--export-rows N]
    PORTAL_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m portal.benchmarks.scale

The floor of a list page is the same SQL rendered by a bare route into a minimal table: the
screen's own get_list (its rows as the same objects), then every other statement the page ran
(its filters' options, the menu's waiting count…) replayed as recorded, so the two differ only by
what the portal does in Python and in its templates. The floor of the training report is the
SQL it runs, replayed; the floor of the public pages is a static file served by the same app.
Requests to a page and its floor are interleaved, and the medians' ratio is printed with the
page's query count. Then: whether the
Chinese searches use the index (EXPLAIN, PostgreSQL), and the time and peak memory above the
idle process of a streamed CSV and XLSX export. Figures, never pass/fail: timing a shared
machine proves nothing, ratios taken side by side do. The database's schema is dropped first.
"""
import argparse
import os
import statistics
import threading
import time
from contextlib import contextmanager

from urllib.parse import parse_qsl

from flask import render_template_string, request
from sqlalchemy import event, select, text

from portal.benchmarks.lists import _build, _counting
from portal.benchmarks.support import bench_app

FLOOR_TEMPLATE = """<table>{% for row in rows %}<tr>{% for c in columns %}<td>{{ row[c] }}</td>{% endfor %}</tr>
{% endfor %}</table>"""

LISTS = [  # (label, screen, query string); targets: 2× the floor at 25 rows, 3× at 100
    ("case list, first page", "cases", ""),
    ("case list, 100 rows", "cases", "page_size=100"),
    ("sorted by received date", "cases", "sort=5&desc=1"),
    ("search 刘 (one character)", "cases", "search=刘"),
    ("search 张伟 (two)", "cases", "search=张伟"),
    ("mediators, first page", "mediators", ""),
    ("mediators, 100 rows", "mediators", "page_size=100"),
]
PARTS = ("public", "lists", "search", "compliance", "exports")
PUBLIC = [("public home", "/"), ("content API", "/api/v1/types"), ("contact points", "/contacts/")]
STATIC = "/static/favicon.svg"


def _view(app, endpoint):
    return next(v for v in app.extensions["portal_admin"]._views if getattr(v, "endpoint", "") == endpoint)


def add_floor(app):
    """/floor/<screen>/: the screen's own list query and the page's other SQL, into a bare table."""
    app.extensions["bench_floor_sql"] = {}

    def floor(endpoint):
        from portal.extensions import db

        view = _view(app, endpoint)
        args = view._get_list_extra_args()
        sort = view._get_column_by_idx(args.sort)
        _count, rows = view.get_list(args.page, sort[0] if sort else None, args.sort_desc, args.search,
                                     args.filters, page_size=args.page_size or view.page_size)
        connection = db.session.connection()
        for statement, parameters in app.extensions["bench_floor_sql"].get(_floor_key(endpoint, request.args), ()):
            result = connection.exec_driver_sql(statement, parameters)
            if result.returns_rows:
                result.fetchall()
        columns = [name for name, _label in view._list_columns if hasattr(view.model, name)]
        return render_template_string(FLOOR_TEMPLATE, rows=[{c: getattr(r, c) for c in columns} for r in rows],
                                      columns=columns)

    # The bare route runs the screen's SQL without its access check: only in this throw-away app.
    app.add_url_rule("/floor/<endpoint>/", "bench_floor", floor)


def _floor_key(endpoint, args):
    return endpoint, tuple(sorted(args.items(multi=True) if hasattr(args, "items") else args))


def record_page_sql(app, client, endpoint, query):
    """What SQL the page runs beyond its floor's get_list: replayed by the floor (add_floor)."""
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    statements = {}
    for path in (f"/admin/{endpoint}/?{query}", f"/floor/{endpoint}/?{query}"):
        with _recording(engine) as seen:
            client.get(path)
        statements[path.split("/")[1]] = seen
    floor_texts = [statement for statement, _parameters in statements["floor"]]
    extra = []
    for statement, parameters in statements["admin"]:
        if statement in floor_texts:
            floor_texts.remove(statement)  # run by the floor already (get_list, the user)
        elif statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            extra.append((statement, parameters))
    app.extensions["bench_floor_sql"][_floor_key(endpoint, parse_qsl(query))] = extra


@contextmanager
def _recording(engine):
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _median_pair(app, client, first, second, repeat):
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    for path in (first, second):
        client.get(path)  # warm up
    floor_queries = 0
    times = {first: [], second: []}
    queries = 0
    for _ in range(repeat):
        for path in (first, second):
            with _counting(engine) as seen:
                start = time.perf_counter()
                response = client.get(path)
                times[path].append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
            if path == first:
                queries = len(seen)
            else:
                floor_queries = len(seen)
    return statistics.median(times[first]), statistics.median(times[second]), queries, floor_queries


def lists(app, client, repeat):
    print(f"\n{'list page':<30}{'portal ms':>10}{'floor ms':>10}{'ratio':>8}{'queries':>9}{'floor q.':>9}"
          "   (target: 2× at 25 rows, 3× at 100)")
    for label, endpoint, query in LISTS:
        record_page_sql(app, client, endpoint, query)
        portal, floor, queries, floor_queries = _median_pair(app, client, f"/admin/{endpoint}/?{query}",
                                                             f"/floor/{endpoint}/?{query}", repeat)
        print(f"{label:<30}{portal * 1000:>10.1f}{floor * 1000:>10.1f}{portal / floor:>7.1f}×{queries:>9}"
              f"{floor_queries:>9}")


def searches_use_the_index(app):
    from portal.extensions import db
    from portal.models import Case, Mediator
    from portal.services import search

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            print("\nsearch: SQLite scans the search terms (no index at its scale)")
            return
        print("\nsearch plans (PostgreSQL)")
        for model, term in ((Case, "刘"), (Case, "张伟"), (Case, "2026-东-7"), (Mediator, "刘")):
            clause = search.match_clause(model.search_terms, term, True, "postgresql")
            statement = select(model.id).where(clause).order_by(model.id.desc()).limit(26)
            compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
            plan = " ".join(db.session.execute(text(f"EXPLAIN {compiled}")).scalars())
            uses = "index" if f"ix_{model.__tablename__}_search_terms" in plan or "Index Scan" in plan else "SCAN"
            print(f"  {model.__tablename__:<10} {term:<10} {uses}")


def compliance(app, repeat):
    from portal.extensions import db
    from portal.services import training

    with app.app_context():
        conditions = training.mediator_filter()

        def report():
            made = training.compliance_report(2026, conditions)
            made.count(short_only=True), made.by_street(), made.page(short_only=True, limit=100)

        report()  # warm up
        with _recording(db.engine) as statements:
            report()

        def bare_sql():  # the same statements, their rows fetched, nothing made of them
            connection = db.session.connection()
            for statement, parameters in statements:
                result = connection.exec_driver_sql(statement, parameters)
                if result.returns_rows:
                    result.fetchall()

        portal = statistics.median(_timed(report) for _ in range(repeat))
        floor = statistics.median(_timed(bare_sql) for _ in range(repeat))
    print(f"\n{'training compliance, district':<30}{portal * 1000:>10.1f}{floor * 1000:>10.1f}{portal / floor:>7.1f}×"
          f"{len(statements):>9}   (the report against the SQL it runs; target 3×)")


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def public(client, seconds):
    print(f"\n{'public page':<30}{'req/s':>10}{'static/s':>10}{'ratio':>8}   (target ≥ 0.5)")
    for label, path in PUBLIC:
        rates = {path: [], STATIC: []}
        for _ in range(3):
            for target in (path, STATIC):
                rates[target].append(_rate(client, target, seconds / 6))
        page, static = statistics.median(rates[path]), statistics.median(rates[STATIC])
        print(f"{label:<30}{page:>10.0f}{static:>10.0f}{page / static:>8.2f}")


def _rate(client, path, seconds):
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        response = client.get(path)
        response.close()
        count += 1
    return count / seconds


def exports(app, client, rows):
    app.config["PORTAL_EXPORT_MAX_ROWS"] = rows
    print(f"\n{'export':<30}{'rows':>10}{'seconds':>10}{'first byte s':>14}{'MB above idle':>15}   (target < 100 MB)")
    for kind in ("csv", "xlsx"):
        idle = _rss_mb()
        peak = _Peak()
        start = time.perf_counter()
        response = client.get(f"/admin/cases/export/{kind}/", buffered=False)
        iterator = iter(response.response)
        size = len(next(iterator, b""))
        first = time.perf_counter() - start
        for block in iterator:
            size += len(block)
        response.close()
        elapsed = time.perf_counter() - start
        peak.stop()
        print(f"{kind.upper():<30}{rows:>10,}{elapsed:>10.1f}{first:>14.2f}{peak.value - idle:>15.0f}   ({size / 1e6:.0f} MB file)")


def _rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _Peak:
    """The highest resident memory of this process, sampled every 20 ms."""

    def __init__(self):
        self.value = _rss_mb()
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while self.running:
            self.value = max(self.value, _rss_mb())
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("PORTAL_BENCH_CASES", 200_000)))
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=6.0, help="per public page, with its static file")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"what to measure, of {','.join(PARTS)} (e.g. exports with --export-rows 1000000)")
    parser.add_argument("--url", default=os.environ.get("PORTAL_BENCH_DATABASE_URL"),
                        help="database URL (PostgreSQL: its schema is dropped!)")
    args = parser.parse_args()

    app = bench_app(args.url, WTF_CSRF_ENABLED=False)
    add_floor(app)
    started = time.perf_counter()
    # Search terms included, tables analysed on PostgreSQL (portal.benchmarks.fill).
    _build(app, args.cases)
    print(f"scale: {args.cases:,} cases, {args.cases * 2:,} parties, {max(args.cases // 4, 100):,} mediators "
          f"({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}), built in {time.perf_counter() - started:.0f} s; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    client = app.test_client()
    parts = set(args.parts.split(","))
    if "public" in parts:
        public(client, args.seconds)  # signed out: the public cache's own case
    client.post("/auth/login", data={"username": "bench-admin", "password": "bench-password"})
    if "lists" in parts:
        lists(app, client, args.repeat)
    if "search" in parts:
        searches_use_the_index(app)
    if "compliance" in parts:
        compliance(app, args.repeat)
    if "exports" in parts:
        exports(app, client, min(args.export_rows, args.cases))


if __name__ == "__main__":
    main()
