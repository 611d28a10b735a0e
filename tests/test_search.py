"""Search that works for Chinese: one and two characters, parties' names, pinyin, exact ID numbers
and phones, case numbers in any written form; served by an index on PostgreSQL."""
from urllib.parse import quote

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import Case, CaseParty, Mediator
from portal.models.users import Role
from portal.services import search
from tests.helpers import listed_ids, text_of
from tests.idnumbers import id_number

ZHANG_ID = id_number("19800101", 311)


def party(name, role="applicant", **fields):
    return CaseParty(role=role, kind="person", name=name, **fields)


@pytest.fixture
def cases(two_streets, make_case):
    committee = two_streets["east_committee"].id
    leak = make_case(committee, title="房屋漏水纠纷", parties=False)
    noise = make_case(committee, title="噪音纠纷", parties=False, number="（2026）东调字第0007号")
    liu_family = make_case(committee, title="刘家装修纠纷", parties=False)
    return {"leak": leak.id, "noise": noise.id, "liu_family": liu_family.id, "committee": committee}


@pytest.fixture
def with_parties(app, cases):
    with app.app_context():
        db.session.get(Case, cases["leak"]).parties = [party("刘伟"), party("王芳", "respondent")]
        db.session.get(Case, cases["noise"]).parties = [
            party("张伟", id_number=ZHANG_ID, phone="13812340001"), party("李四", "respondent"),
        ]
        db.session.get(Case, cases["liu_family"]).parties = [party("陈明")]
        db.session.commit()
    return cases


def found(client, term, screen="cases"):
    return listed_ids(client.get(f"/admin/{screen}/?search={quote(term)}"))


def test_one_and_two_characters_find_titles_and_parties(client, login_as, with_parties):
    c = with_parties
    login_as("admin")
    assert found(client, "刘") == {c["leak"], c["liu_family"]}  # a party 刘伟; the title 刘家
    assert found(client, "张伟") == {c["noise"]}  # not 刘伟: the pair, not its characters
    assert found(client, "伟") == {c["leak"], c["noise"]}
    assert found(client, "劉") == {c["leak"], c["liu_family"]}  # Traditional reads as Simplified
    assert found(client, "装修纠纷") == {c["liu_family"]}
    assert found(client, "纠纷") == {c["leak"], c["noise"], c["liu_family"]}
    assert found(client, "陈明 装修") == {c["liu_family"]}  # every word must match
    assert found(client, "赵") == set()


def test_pinyin_initials_id_number_and_phone(client, login_as, with_parties):
    c = with_parties
    login_as("admin")
    assert found(client, "zhangwei") == {c["noise"]}
    assert found(client, "zhang") == {c["noise"]}
    assert found(client, "ZW") == {c["noise"]}
    assert found(client, ZHANG_ID) == {c["noise"]}
    assert found(client, "138-1234-0001") == {c["noise"]}
    assert found(client, "13812340") == set()  # exact numbers only: no guessing by prefix
    # The numbers are kept only as keyed hashes in the search terms.
    with client.application.app_context():
        terms = db.session.scalar(select(Case.search_terms).where(Case.id == c["noise"]))
    assert ZHANG_ID not in terms and "13812340001" not in terms and "张伟" in terms


def test_case_number_in_any_written_form(client, login_as, with_parties):
    c = with_parties
    login_as("admin")
    for term in ("（2026）东调字第0007号", "(2026)东调字第7号", "2026-东-7", "东调字第7号", "7", "0007"):
        assert found(client, term) == {c["noise"]}, term


def test_readers_without_personal_data_do_not_search_parties(client, login_as, with_parties):
    c = with_parties
    login_as(Role.VIEWER)
    assert found(client, "刘") == {c["liu_family"]}  # the title only
    assert found(client, "张伟") == set()
    assert found(client, ZHANG_ID) == set()


def test_terms_follow_every_change(client, app, login_as, with_parties):
    c = with_parties
    with app.app_context():
        case = db.session.get(Case, c["noise"])
        version = case.version
        case.parties[0].name = "赵敏"
        db.session.commit()
        assert db.session.get(Case, c["noise"]).version == version  # the terms alone make no new version
        db.session.delete(db.session.get(Case, c["leak"]).parties[0])
        db.session.commit()
    login_as("admin")
    assert found(client, "赵敏") == {c["noise"]}
    assert found(client, "张伟") == set()
    assert found(client, "刘") == {c["liu_family"]}


def test_reindex_rebuilds_terms_written_in_bulk(app, with_parties):
    with app.app_context():
        db.session.execute(Case.__table__.update().values(search_terms=""))
        assert search.reindex(db.session.connection(), batch=2) >= 3
        terms = db.session.scalar(select(Case.search_terms).where(Case.id == with_parties["leak"]))
        db.session.commit()
    assert "刘伟" in terms


def test_mediators_by_one_or_two_characters(client, login_as, two_streets, make_mediator):
    street = two_streets["east"].id
    liu = make_mediator(street, name="刘德华", employer="东华物业公司", mobile="13900009999").id
    make_mediator(street, name="张学友")
    login_as("admin")
    assert found(client, "刘", "mediators") == {liu}
    assert found(client, "德华", "mediators") == {liu}
    assert found(client, "ldh", "mediators") == {liu}
    assert found(client, "物业", "mediators") == {liu}
    assert found(client, "13900009999", "mediators") == {liu}
    names = text_of(client.get(f"/admin/mediator_names/?search={quote('刘')}"))
    assert "刘德华" in names and "张学友" not in names


@pytest.mark.parametrize("term", ["刘", "张伟", "zhang", "2026-东-7", ZHANG_ID])
def test_postgres_searches_use_the_index(app, with_parties, term):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the search index is PostgreSQL's")
        for table, column in ((Case, Case.search_terms), (Mediator, Mediator.search_terms)):
            clause = search.match_clause(column, term, True, "postgresql")
            statement = select(table.id).where(clause).compile(db.engine, compile_kwargs={"literal_binds": True})
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(db.session.execute(text(f"EXPLAIN {statement}")).scalars())
            assert f"ix_{table.__tablename__}_search_terms" in plan, plan
        db.session.rollback()


def test_reindex_command(app, with_parties):
    with app.app_context():
        db.session.execute(Case.__table__.update().values(search_terms=""))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "reindex-search"])
    assert result.exit_code == 0 and "indexed" in result.output
    with app.app_context():
        assert "刘伟" in db.session.scalar(select(Case.search_terms).where(Case.id == with_parties["leak"]))
