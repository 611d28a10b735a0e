"""The benchmarks' SQL fill (portal.benchmarks.fill) writes the rows and search terms the Python
generator and ``reindex`` wrote, on the suite's database (SQLite, or PostgreSQL when set)."""
from datetime import date

import pytest
from sqlalchemy import select, text

from portal.benchmarks import fill as bench_fill
from portal.extensions import db
from portal.models import Case, CaseParty, Mediator
from portal.services.search import reindex

# Every slot once: 2,800 cases use all 1,050 pairs of party names, and their 700 mediators every
# mediator name.
TOTAL = 2_800


@pytest.fixture
def filled(app):
    with app.app_context():
        reference = bench_fill.build_reference()
        ids = bench_fill.fill_rows(db.session.connection(), TOTAL, reference, echo=lambda _line: None)
        db.session.commit()
        db.session.remove()
    return ids


def _terms(table):
    return dict(db.session.execute(select(table.c.id, table.c.search_terms).order_by(table.c.id)).all())


def test_search_terms_are_those_reindex_writes(app, filled):
    with app.app_context():
        before = {table.name: _terms(table) for table in (Case.__table__, Mediator.__table__)}
        reindex(db.session.connection(), batch=5000)
        db.session.commit()
        after = {table.name: _terms(table) for table in (Case.__table__, Mediator.__table__)}
    assert len(before["cases"]) == TOTAL and len(before["mediators"]) == TOTAL // 4
    for name in before:
        differing = [key for key in after[name] if before[name][key] != after[name][key]]
        assert not differing, (name, differing[:3], [before[name][k] for k in differing[:1]],
                               [after[name][k] for k in differing[:1]])


def test_rows_follow_the_generator(app, filled):
    with app.app_context():
        cases = db.session.execute(select(Case.id, Case.title, Case.received_on).order_by(Case.id)).all()
        first = cases[0].id
        assert [c.title for c in cases[:3]] == ["噪音纠纷0", "噪音纠纷1", "噪音纠纷2"]
        assert cases[701].received_on == date(2026, 10, 31)  # 700 days, then round again
        parties = db.session.execute(select(CaseParty.case_id, CaseParty.role, CaseParty.name)
                                     .order_by(CaseParty.id)).all()
        assert len(parties) == 2 * TOTAL
        assert parties[7] == (first + 3, "respondent", bench_fill.person(7))
        mediators = db.session.scalars(select(Mediator.name).order_by(Mediator.id)).all()
        assert mediators[:700] == [bench_fill.mediator_name(i) for i in range(700)]
        links = db.session.execute(text("SELECT count(*) FROM case_mediators")).scalar()
        assert links == TOTAL
        assert filled["case"] == first + TOTAL // 2


def test_the_app_inserts_after_the_filled_ids(app, filled):
    """Ids are given explicitly: the sequences (PostgreSQL) must have moved past them."""
    with app.app_context():
        reference = db.session.execute(select(Case.committee_id, Case.dispute_type_id, Case.source_id)).first()
        case = Case(title="新案件", committee_id=reference.committee_id, dispute_type_id=reference.dispute_type_id,
                    source_id=reference.source_id, received_on=date(2026, 11, 2))
        db.session.add(case)
        db.session.flush()
        db.session.add(CaseParty(case_id=case.id, name="张伟"))
        db.session.add(Mediator(name="王芳", sex="female"))
        db.session.commit()
        assert case.id > TOTAL
        assert db.session.scalar(select(Case.search_terms).where(Case.id == case.id)).endswith("~zw")
