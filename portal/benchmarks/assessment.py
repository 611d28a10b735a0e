"""How fast the annual assessment's scorecards are on a district with many cases:
``python -m portal.benchmarks.assessment [--cases N]``.

    PORTAL_BENCH_DATABASE_URL=postgresql://… .venv/bin/python -m portal.benchmarks.assessment   # its schema is dropped!

Fills the statistics benchmark's district (portal.benchmarks.statistics: cases over five years in
every street, their records and monthly reports), adds a year's scheme with every computed source,
then times the ranking page, one office's card and the XLSX of all offices, each against its
floor: the same SQL statements the page ran, executed bare (no ORM, no rendering). Prints the
ratio; nothing is asserted.
"""
import argparse
import os
import time

from portal.benchmarks.statistics import PASSWORD, compare, fill
from portal.benchmarks.support import bench_app


def add_scheme(app, year):
    from portal.extensions import db
    from portal.models import AssessmentIndicator, AssessmentScheme

    sources = (("training", "rate", 10, 100), ("three_in_place", "rate", 10, 100), ("reports_on_time", "rate", 10, 100),
               ("success_rate", "rate", 15, 95), ("at_start", "rate", 10, 80), ("overdue_cases", "deduct", 5, 1),
               ("dossiers", "rate", 10, 100), ("rectifications", "rate", 10, 100), ("screening", "rate", 10, 100),
               ("inspections", "rate", 10, 100))
    with app.app_context():
        db.session.add(AssessmentScheme(year=year, name=f"{year}年度考核", indicators=[
            AssessmentIndicator(name=source, source=source, rule=rule, weight=weight, target=target, sort_order=i)
            for i, (source, rule, weight, target) in enumerate(sources)]))
        db.session.commit()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("PORTAL_BENCH_DATABASE_URL"))
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    app = bench_app(options.url, WTF_CSRF_ENABLED=False)
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    count = options.cases or (1_000_000 if postgres else 200_000)
    started = time.perf_counter()
    today = fill(app, count)
    year = today.year - 1
    add_scheme(app, year)
    print(f"assessment benchmark: {count:,} cases on {'PostgreSQL' if postgres else 'SQLite'}, "
          f"filled in {time.perf_counter() - started:.0f} s")
    client = app.test_client()
    client.post("/auth/login", data={"username": "bench-admin", "password": PASSWORD})

    def get(path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        return run

    print(f"{'':<44}{'page ms':>10}{'bare SQL':>10}{'ratio':>8}{'queries':>9}")
    compare(app, f"scorecards and ranking {year} (page)", get(f"/admin/assessment/?year={year}"), options.repeat)
    compare(app, f"one office's scorecard {year} (page)", get(f"/admin/assessment/office/?year={year}&street=1"),
            options.repeat)
    compare(app, f"all offices' scorecards {year} (XLSX)", get(f"/admin/assessment/export/xlsx/?year={year}"),
            options.repeat)


if __name__ == "__main__":
    main()
