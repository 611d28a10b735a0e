"""Benchmark of the admin lists at scale: ``flask --app wsgi portal bench [--cases N]``.

Builds a throw-away database (SQLite in a temporary folder, or ``--database-url`` for
PostgreSQL, whose schema is DROPPED first) with N cases, 2N parties and N/4 mediators filled in
set-based SQL (portal.benchmarks.fill), then requests the pages an office uses most and prints
the median time and the number of SQL statements of each. Figures, not pass/fail: compare them across changes.
"""
import statistics
import time
from contextlib import contextmanager

import click
from sqlalchemy import event

from portal.benchmarks.support import bench_app

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
    """The benchmarks' data set (portal.benchmarks.fill): N cases, 2N parties, N/4 mediators."""
    from portal.benchmarks.fill import fill

    return fill(app, total, echo=click.echo)
