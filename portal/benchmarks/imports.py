"""How fast, and in how much memory, a 20,000-mediator ledger is checked and saved; prints figures.

    .venv/bin/python -m portal.benchmarks.imports                # a temporary SQLite file
    PORTAL_BENCH_DATABASE_URL=postgresql://… .venv/bin/python -m portal.benchmarks.imports   # its schema is dropped!

Floors, measured in the same run: reading the sheet alone (openpyxl read-only, values only) for
the preview, and inserting the same rows with one bulk INSERT (no checks, no history) for the
save. Memory is the peak of Python allocations (tracemalloc) during each step, next to loading
the workbook whole (what read-only mode avoids).
"""
import os
import random
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select

from portal.benchmarks.support import bench_app, fresh_schema

ROWS = 20_000
STREETS, COMMITTEES = 8, 400
HEADER = ["姓名", "性别", "出生日期", "身份证号码", "手机号码", "街道", "所在调委会", "职务", "专职/兼职", "任职日期",
          "状态", "政治面貌", "学历", "职业", "专长", "是否律师", "人大代表", "政协委员", "备注"]


def id_number(born, seq):
    body = f"110101{born:%Y%m%d}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def ledger_rows(rng):
    surnames, given = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗", "秀英伟芳娜敏静丽强磊军洋勇艳杰涛明超华平"
    start = date(1950, 1, 1)
    for i in range(ROWS):
        born = start + timedelta(days=i // 500)
        seq = i % 500 * 2 + 1
        street = i % STREETS + 1
        yield [
            rng.choice(surnames) + rng.choice(given) + rng.choice(given), "男", born, id_number(born, seq),
            f"13{rng.randint(100000000, 999999999)}", f"第{street}街道", f"第{(i % (COMMITTEES // STREETS)) * STREETS + street}调委会",
            "调解员", "兼职", date(2015, 1, 1) + timedelta(days=i % 3000), "在职", "群众", "高中/中专", "退休教师",
            "婚姻家庭、邻里纠纷", "否", "否", "否", "",
        ]


def write_ledger(path, rng):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("人民调解员")
    sheet.append(HEADER)
    for row in ledger_rows(rng):
        sheet.append(row)
    book.save(path)


def fill():
    from portal.extensions import db
    from portal.models import Committee, District, Street, User

    now = datetime(2026, 11, 1)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    district = District(code="D1", name="东城区")
    db.session.add(district)
    db.session.flush()
    db.session.execute(insert(Street), [dict(stamp, id=i, district_id=district.id, code=f"S{i:02d}", name=f"第{i}街道",
                                             is_pilot=True) for i in range(1, STREETS + 1)])
    db.session.execute(insert(Committee), [dict(stamp, id=i, name=f"第{i}调委会", short_name=f"委{i}", level="community",
                                                street_id=(i - 1) % STREETS + 1) for i in range(1, COMMITTEES + 1)])
    admin = User(username="bench", display_name="bench", role="admin")
    admin.set_password("bench-password")
    db.session.add(admin)
    db.session.commit()
    return admin.id


def measure(label, fn, results, memory=True):
    """Time ``fn`` (and, in a second call, the peak of Python allocations) and record both."""
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    peak = None
    if memory:
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    results.append((label, seconds, peak))
    return value


def main():
    from flask_login import login_user

    app = bench_app(os.environ.get("PORTAL_BENCH_DATABASE_URL"), PORTAL_UPLOAD_DIR=tempfile.mkdtemp(prefix="portal-bench-"))
    fresh_schema(app)
    folder = tempfile.mkdtemp(prefix="portal-bench-ledger-")
    path = os.path.join(folder, "ledger.xlsx")
    with app.app_context(), app.test_request_context():
        from openpyxl import load_workbook

        from portal.extensions import db
        from portal.models import Mediator, User
        from portal.services.actor import acting_as
        from portal.services.imports import engine, kinds
        from portal.services.reference import ensure_reference_data

        ensure_reference_data()
        db.session.commit()
        user_id = fill()
        write_ledger(path, random.Random(1))
        print(f"{ROWS:,} mediators in an XLSX of {os.path.getsize(path) / 1e6:.1f} MB "
              f"({db.engine.dialect.name}, {STREETS} streets, {COMMITTEES} committees)")
        user = db.session.get(User, user_id)
        login_user(user)
        kind = kinds.get("mediators")
        results = []

        def read_floor():
            book = load_workbook(path, read_only=True)
            rows = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
            book.close()
            return rows

        def load_whole():
            return load_workbook(path).worksheets[0].max_row

        def check():
            db.session.rollback()
            return engine.run_file(engine.Run(kind, user, max_rows=ROWS), path, "xlsx")

        measure("floor: read the sheet (read-only, values only)", read_floor, results)
        measure("        the whole workbook loaded (not read-only)", load_whole, results, memory=True)
        outcome = measure("preview: check every row", check, results)
        assert outcome.counts["new"] == ROWS, outcome.counts

        def bulk_floor():
            rows = [dict(name=r[0], sex="male", id_number=r[3], mobile=r[4], street_id=1, name_pinyin="", name_initials="",
                         employment="part_time", status="active", occupation="", employer="", address="", speciality="",
                         notes="", is_retired_cadre=False, is_npc_deputy=False, is_cppcc_member=False, is_lawyer=False,
                         is_judge_instructor=False, created_at=datetime(2026, 11, 1), updated_at=datetime(2026, 11, 1),
                         version=1) for r in ledger_rows(random.Random(1))]
            db.session.execute(insert(Mediator), rows)
            db.session.rollback()

        measure("floor: one bulk INSERT of the same rows (no checks, no history)", bulk_floor, results, memory=False)

        def save():
            with acting_as(user_id):
                return engine.run_file(engine.Run(kind, user, save=True, max_rows=ROWS), path, "xlsx")

        # Memory from a save rolled back (tracing slows Python down), time from the real one.
        tracemalloc.start()
        save()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        db.session.rollback()
        started = time.perf_counter()
        saved = save()
        db.session.commit()
        results.append(("save: check and write every row with its history, one transaction",
                        time.perf_counter() - started, peak))
        assert saved.counts["new"] == ROWS and db.session.scalar(select(func.count(Mediator.id))) == ROWS
        again = measure("preview again: every row matched, unchanged", check, results, memory=False)
        assert again.counts["unchanged"] == ROWS, again.counts

    floors = {"read": results[0][1], "insert": results[3][1]}
    width = max(len(label) for label, *_ in results)
    for label, seconds, peak in results:
        memory = f"{peak / 1e6:7.1f} MB" if peak is not None else " " * 10
        ratio = ""
        if label.startswith("preview"):
            ratio = f"  ×{seconds / floors['read']:.1f} the read"
        elif label.startswith("save"):
            ratio = f"  ×{seconds / floors['insert']:.1f} the bulk insert"
        print(f"{label:<{width}}  {seconds:7.2f} s  {memory}{ratio}")


if __name__ == "__main__":
    main()
