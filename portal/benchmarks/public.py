"""How fast the public pages and the content API answer on a big district.

    .venv/bin/python -m portal.benchmarks.public            # temporary SQLite file
    PORTAL_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m portal.benchmarks.public

Fills the database with thousands of committees, facilities, liaison points and content
entries (rows written directly, not through the save path), then prints the median and worst
time of each page over several requests. The database's schema is dropped and rebuilt.
"""
import os
import statistics
import sys
import time
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from portal.benchmarks.support import bench_app, fresh_schema

STREETS = 30
COMMUNITIES_PER_STREET = 20
GRID_GROUPS_PER_COMMUNITY = 15
FACILITIES_PER_STREET = 60
ENTRIES = 3000
RUNS = 7

PAGES = [
    "/",
    "/contacts/",
    "/contacts/?page=200",
    "/contacts/?q=第7网格",
    "/contacts/?kind=committee&street=S015",
    "/content/faq/",
    "/content/faq/?page=100",
    "/content/faq/faq-1501",
    "/apply/",
    "/sitemap.xml",
    "/api/v1/types/faq/entries?per_page=100",
    "/api/v1/types/faq/entries?per_page=100&page=20&locale=en",
    "/api/v1/contacts?per_page=100",
    "/api/v1/contacts?per_page=100&page=50&kind=committee",
]


def make_app():
    return bench_app(os.environ.get("PORTAL_BENCH_DATABASE_URL"), WTF_CSRF_ENABLED=True)


def fill(app):
    from portal.extensions import db
    from portal.models import (
        Committee, Community, ContentEntry, ContentTranslation, ContentType, District, Facility, FacilityKind,
        JudgeLiaisonPoint, JudicialOffice, Street,
    )
    from portal.services.reference import ensure_reference_data

    now = datetime(2026, 1, 1, 9, 0)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    with app.app_context():
        ensure_reference_data()
        session = db.session
        district = District(code="D1", name="东城区")
        session.add(district)
        session.flush()
        session.execute(insert(Street), [
            {"district_id": district.id, "code": f"S{n:03d}", "name": f"第{n}街道", "is_pilot": n <= 8, **stamp}
            for n in range(1, STREETS + 1)
        ])
        streets = session.execute(select(Street.id, Street.code)).all()
        session.execute(insert(JudicialOffice), [
            {"street_id": sid, "name": f"{code}司法所", "address": "人民路1号", "phone": "010-65000000",
             "opening_hours": "周一至周五", "head_name": "所长", "is_public": True, **stamp}
            for sid, code in streets
        ])
        session.execute(insert(Community), [
            {"street_id": sid, "code": f"{code}C{n:02d}", "name": f"{code}第{n}社区", "kind": "community", **stamp}
            for sid, code in streets for n in range(1, COMMUNITIES_PER_STREET + 1)
        ])
        communities = session.execute(select(Community.id, Community.street_id, Community.name)).all()
        committees = [
            {"name": f"第{sid}街道人民调解委员会", "level": "street", "street_id": sid, "short_name": f"街{sid}",
             "address": "", "phone": "", "opening_hours": "", "is_public": True, **stamp}
            for sid, _code in streets
        ]
        for cid, sid, name in communities:
            committees.append({"name": f"{name}人民调解委员会", "level": "community", "street_id": sid, "community_id": cid,
                               "short_name": f"社{cid}", "address": "", "phone": "", "opening_hours": "", "is_public": True, **stamp})
            committees.extend(
                {"name": f"{name}第{g}网格调解小组", "level": "grid", "street_id": sid, "community_id": cid,
                 "short_name": f"网{cid}-{g}",
                 "address": "", "phone": "", "opening_hours": "", "is_public": g % 3 != 0, **stamp}
                for g in range(1, GRID_GROUPS_PER_COMMUNITY + 1)
            )
        session.execute(insert(Committee), committees)
        offices = session.execute(select(JudicialOffice.id, JudicialOffice.street_id)).all()
        kinds = dict(session.execute(select(FacilityKind.code, FacilityKind.id)).all())
        session.execute(insert(Facility), [
            {"name": f"设施{oid}-{n}", "kind_id": kinds[("legal_consultation", "talk_point", "mediation_room")[n % 3]],
             "judicial_office_id": oid, "street_id": sid, "address": "", "phone": "", "opening_hours": "",
             "notes": "", "is_public": n % 2 == 0, **stamp}
            for oid, sid in offices for n in range(FACILITIES_PER_STREET)
        ])
        session.execute(insert(JudgeLiaisonPoint), [
            {"name": f"第{sid}法官联系点", "street_id": sid, "judge_name": "法官", "judge_phone": "", "address": "",
             "phone": "", "opening_hours": "", "judge_is_instructor": False, "is_public": True, **stamp}
            for sid, _code in streets
        ])
        faq = session.scalar(select(ContentType).where(ContentType.key == "faq"))
        session.execute(insert(ContentEntry), [
            {"type_id": faq.id, "slug": f"faq-{n}", "title": f"问题{n}", "status": "published" if n % 10 else "draft",
             "published_at": now - timedelta(hours=n), "sort_order": 0, "data": {}, **stamp}
            for n in range(1, ENTRIES + 1)
        ])
        entry_ids = session.scalars(select(ContentEntry.id)).all()
        session.execute(insert(ContentTranslation), [
            {"entry_id": eid, "locale": locale, "title": f"问题{eid}", "derived": locale == "zh_Hant_TW",
             "data": {"answer": "<p>" + "解答内容。" * 40 + "</p>"}, **stamp}
            for eid in entry_ids for locale in ("zh_Hans_CN", "zh_Hant_TW")
        ])
        session.commit()
        counts = {
            "committees": len(committees), "facilities": len(offices) * FACILITIES_PER_STREET,
            "communities": len(communities), "content entries": len(entry_ids),
        }
        session.remove()
        return counts


def measure(app):
    client = app.test_client()
    results = []
    for path in PAGES:
        client.get(path)  # warm caches (templates, statement cache)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        results.append((path, statistics.median(timings), max(timings)))
    return results


def main():
    app = make_app()
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    fresh_schema(app)
    started = time.perf_counter()
    counts = fill(app)
    print("filled in {:.1f} s: {}".format(time.perf_counter() - started, ", ".join(f"{n} {k}" for k, n in counts.items())))
    print(f"{'page':<62} {'median ms':>10} {'worst ms':>9}")
    for path, median, worst in measure(app):
        print(f"{path:<62} {median:>10.1f} {worst:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
