"""Lists cost the same number of queries for 3 rows as for a full page (no query per row),
and never count more rows than the cap."""
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.models import (
    Case, CaseParty, CaseSource, CommitteeMembership, DisputeType, Facility, FacilityKind, Mediator,
    TrainingKind, TrainingSession,
)
from tests.helpers import text_of
from tests.idnumbers import id_number


@contextmanager
def counted_queries(app, include_begin=False):
    """The statements sent to the database meanwhile (SQLAlchemy's own BEGIN on SQLite, which
    starts a transaction and asks nothing, only with ``include_begin``)."""
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        if include_begin or not statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_records(app, street_id, committee_id, office_id, n, start):
    from datetime import datetime, timedelta

    with app.app_context():
        neighbour = db.session.scalar(select(DisputeType).where(DisputeType.code == "neighbour"))
        source = db.session.scalar(select(CaseSource))
        kind = db.session.scalar(select(TrainingKind))
        room = db.session.scalar(select(FacilityKind).where(FacilityKind.code == "mediation_room"))
        for i in range(start, start + n):
            mediator = Mediator(name=f"批量{i}", sex="male", street_id=street_id, id_number=id_number("19700101", i * 2 + 1))
            mediator.memberships.append(CommitteeMembership(committee_id=committee_id, post="mediator"))
            case = Case(title=f"批量纠纷{i}", committee_id=committee_id, dispute_type=neighbour, source=source,
                        received_on=date(2026, 1, 1), mediators=[mediator],
                        parties=[CaseParty(name=f"当事人{i}", role="applicant", kind="person")])
            db.session.add_all([mediator, case])
            db.session.add(Facility(name=f"调解室{i}", kind=room, judicial_office_id=office_id))
            db.session.add(TrainingSession(title=f"培训{i}", kind=kind, organiser_office_id=office_id,
                                           starts_at=datetime(2026, 1, 1, 9) + timedelta(days=i),
                                           ends_at=datetime(2026, 1, 1, 12) + timedelta(days=i), hours=3))
        db.session.commit()


@pytest.mark.parametrize("url", ["/admin/mediators/", "/admin/mediator_names/", "/admin/cases/", "/admin/committees/",
                                 "/admin/facilities/", "/admin/training_sessions/", "/admin/audit_log/"])
def test_list_queries_do_not_grow_with_rows(client, app, login_as, two_streets, url):
    ids = (two_streets["east"].id, two_streets["east_committee"].id, two_streets["east_office"].id)
    login_as("staff" if "audit" not in url else "admin", street_id=two_streets["east"].id)
    add_records(app, *ids, n=3, start=0)
    client.get(url)  # warm caches (lookups, user)
    with counted_queries(app) as few:
        assert client.get(url).status_code == 200
    add_records(app, *ids, n=40, start=100)
    with counted_queries(app) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), f"{url}: {len(few)} queries for a few rows, {len(many)} for a page"


def test_count_stops_at_the_cap(client, app, login_as, two_streets, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_LIST_COUNT_CAP", 10)
    ids = (two_streets["east"].id, two_streets["east_committee"].id, two_streets["east_office"].id)
    add_records(app, *ids, n=12, start=0)
    login_as("admin")
    assert "超过10" in text_of(client.get("/admin/cases/"))
    html = text_of(client.get("/admin/cases/?search=批量纠纷1"))  # 批量纠纷1, 10, 11: under the cap
    assert "(3)" in html


def test_ajax_lookups_return_a_bounded_page(client, app, login_as, two_streets):
    import json

    ids = (two_streets["east"].id, two_streets["east_committee"].id, two_streets["east_office"].id)
    add_records(app, *ids, n=40, start=0)
    login_as("admin")
    found = json.loads(client.get("/admin/cases/ajax/lookup/?name=mediators&query=批量&limit=10000").data)
    assert len(found) == 30
