"""The benchmarks' data set, filled in set-based SQL: N cases, 2N parties, N/4 mediators.

What it builds (the same rows the Python generator built before, issue 15):

- the small reference part through the ORM: the reference data, one district with 10 streets,
  100 communities and their 100 committees, and the users bench-admin and bench-staff (street 0),
  password "bench-password";
- ``max(N // 4, 100)`` mediators named ``surname + given + given`` (张三伟…), cycling through the
  streets of the committees;
- N cases titled ``噪音纠纷{i}``, received over 700 days back from 2026-11-01, cycling through the
  committees (with their street and community), dispute types and sources;
- 2N parties, an applicant and a respondent per case, named by ``person(i)`` (张伟, 刘芳静…);
- N case_mediators rows, case i with mediator ``i % mediators``;
- every case's and mediator's ``search_terms``, exactly as ``portal.services.search.reindex``
  writes them.

How: each table is one ``INSERT … SELECT`` over the numbers 0…N-1 (``generate_series`` on
PostgreSQL, a recursive CTE on SQLite). The names come from a small finite set and repeat with a
short period (a party's name depends only on ``i % 2100``, a mediator's on ``i % 700``), so
Python computes each slot's name and search terms once, with the search service's own functions,
into small temporary tables; SQL joins each row to its slot. A case's terms are its title's terms
(the stem's, then the number ``i`` and ``#i``) followed by its two parties' terms, which are
precomputed per pair of names because de-duplication runs across both parties (张伟 and 张伟芳
share 张, 伟 and 张伟). On PostgreSQL the secondary indexes of the filled tables are dropped
first and built again afterwards (building a GIN index once is far cheaper than growing it row by
row), then the database is analysed.
"""
import time
from datetime import date, datetime

from sqlalchemy import DateTime, Integer, bindparam, select, text

from portal.benchmarks.support import fresh_schema

SURNAMES, GIVEN = "张王李赵刘陈杨黄周吴", "三四伟芳强敏静磊洋艳"
TITLE = "噪音纠纷"
NOW = date(2026, 11, 1)
DAYS = 700  # received_on goes back this many days
# person(i) reads i % 10, (i // 7) % 10, (i // 70) % 10 and i % 3: it repeats every 2100.
PERSON_PERIOD = 2100
# mediator_name(i) reads i % 10, (i // 10) % 10 and i % 7: it repeats every 700.
MEDIATOR_PERIOD = 700
FILLED = ("mediators", "cases", "case_parties", "case_mediators")


def person(i):
    """Names as people have them: mostly two characters, some three (张伟, 刘芳静)."""
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)]
    return name + GIVEN[(i // 70) % len(GIVEN)] if i % 3 == 0 else name


def mediator_name(i):
    return SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[i % 7]


def mediator_count(total):
    return max(total // 4, 100)


# --- the whole fill --------------------------------------------------------------------------------

def fill(app, total, echo=print):
    """Drop the schema, migrate, and fill ``total`` cases; returns the ids the benchmarks open:
    ``{"street": first street, "case": a case in the middle}``."""
    from portal.extensions import db

    fresh_schema(app)
    started = time.perf_counter()
    with app.app_context():
        reference = build_reference()
        ids = fill_rows(db.session.connection(), total, reference, echo=echo)
        db.session.commit()
    echo(f"fill: {total:,} cases in {time.perf_counter() - started:.1f} s")
    return ids


def build_reference():
    """The small part, through the ORM (a few hundred rows): reference data, the district's streets,
    communities and committees, and the two bench users. Returns what the rows point at."""
    from portal.extensions import db
    from portal.models import CaseSource, Committee, Community, District, DisputeType, Role, Street, User
    from portal.services.reference import ensure_reference_data

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
    return {
        "street": streets[0].id,
        "committees": [(c.id, c.street_id, c.community_id) for c in committees],
        # In the database's own order, unsorted, as the Python generator read them: the same
        # case gets the same type as before, so figures stay comparable across the change.
        "types": list(db.session.scalars(select(DisputeType.id))),
        "sources": list(db.session.scalars(select(CaseSource.id))),
    }


def fill_rows(connection, total, reference, echo=print):
    """Mediators, cases, parties and case_mediators, with their search terms, in set-based SQL."""
    postgres = connection.dialect.name == "postgresql"
    steps = []

    def step(label, fn, *args):
        start = time.perf_counter()
        fn(*args)
        steps.append(f"{label} {time.perf_counter() - start:.1f} s")

    if postgres:
        # Sorting for the index builds and the search-term joins in memory, not on disk.
        connection.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        connection.execute(text("SET LOCAL work_mem = '64MB'"))
    step("slots", _slots, connection, reference)
    indexes = _drop_secondary_indexes(connection) if postgres else []
    base_mediator = _next_id(connection, "mediators")
    base_case = _next_id(connection, "cases")
    base_party = _next_id(connection, "case_parties")
    step("mediators", _insert_mediators, connection, total, reference, base_mediator)
    step("cases", _insert_cases, connection, total, reference, base_case)
    step("parties", _insert_parties, connection, total, base_case, base_party)
    step("case_mediators", _insert_case_mediators, connection, total, base_case, base_mediator)
    for table in ("fill_committees", "fill_types", "fill_sources", "fill_people", "fill_pairs", "fill_mediator_names"):
        connection.execute(text(f"DROP TABLE {table}"))
    if postgres:
        step("indexes", _create_indexes, connection, indexes)
        step("sequences", _advance_sequences, connection)
        step("analyze", _analyze, connection)
    echo("fill: " + ", ".join(steps))
    return {"street": reference["street"], "case": base_case + total // 2}


# --- the slots: small tables Python fills, SQL cycles through ----------------------------------------

def _slots(connection, reference):
    from portal.services.search import case_terms, mediator_terms

    _temp_table(connection, "fill_committees", ["id", "street_id", "community_id"], reference["committees"])
    _temp_table(connection, "fill_types", ["id"], [(i,) for i in reference["types"]])
    _temp_table(connection, "fill_sources", ["id"], [(i,) for i in reference["sources"]])
    _temp_table(connection, "fill_people", ["name"], [(person(i),) for i in range(PERSON_PERIOD)])
    # Case i has the parties 2i and 2i + 1, so its pair of names repeats every PERSON_PERIOD / 2.
    pairs = [case_terms(None, "", [(person(2 * s), None, None), (person(2 * s + 1), None, None)])
             for s in range(PERSON_PERIOD // 2)]
    _temp_table(connection, "fill_pairs", ["terms"], [(terms,) for terms in pairs])
    _temp_table(connection, "fill_mediator_names", ["name", "terms"],
                [(mediator_name(i), mediator_terms(mediator_name(i), "", None, None)) for i in range(MEDIATOR_PERIOD)])


def _temp_table(connection, name, columns, rows):
    """A temporary table (slot, columns…), slot 0… in the order of ``rows``."""
    types = {"name": "TEXT", "terms": "TEXT"}
    definition = ", ".join(f"{c} {types.get(c, 'INTEGER')}" for c in columns)
    connection.execute(text(f"CREATE TEMPORARY TABLE {name} (slot INTEGER PRIMARY KEY, {definition})"))
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    connection.execute(text(f"INSERT INTO {name} (slot, {names}) VALUES (:slot, {values})"),
                       [{"slot": slot, **dict(zip(columns, row))} for slot, row in enumerate(rows)])


def _title_terms_sql():
    """The SQL of a case title's terms, from the stem's terms computed in Python: ``噪音纠纷{i}``
    is the stem's characters and pairs, then the digits ``i`` and the number ``#i``."""
    from portal.services.search import NUMBER, PERSONAL, text_terms

    stem = text_terms(TITLE)
    # The SQL below relies on these; stop rather than write terms reindex would not.
    assert text_terms(f"{TITLE}1007") == [*stem, "1007", NUMBER + "1007"], "title terms changed shape"
    assert not any(term.startswith(PERSONAL) for term in stem), "title terms would meet the parties'"
    return f"'{' '.join(stem)} ' || CAST(n.i AS TEXT) || ' {NUMBER}' || CAST(n.i AS TEXT) || ' ' || p.terms"


# --- the big inserts -----------------------------------------------------------------------------

def _insert_mediators(connection, total, reference, base):
    _insert_select(connection, "mediators", mediator_count(total), {
        "id": f"{base} + n.i",
        "name": "m.name",
        "name_pinyin": "''", "name_initials": "''",  # as the Python generator left them
        "sex": "'male'",
        "street_id": "c.street_id",
        "search_terms": "m.terms",
    }, f"JOIN fill_mediator_names m ON m.slot = n.i % {MEDIATOR_PERIOD} "
       f"JOIN fill_committees c ON c.slot = n.i % {len(reference['committees'])}")


def _insert_cases(connection, total, reference, base):
    postgres = connection.dialect.name == "postgresql"
    received = (f"DATE '{NOW.isoformat()}' - (n.i % {DAYS})" if postgres
                else f"date('{NOW.isoformat()}', '-' || (n.i % {DAYS}) || ' days')")
    _insert_select(connection, "cases", total, {
        "id": f"{base} + n.i",
        "title": f"'{TITLE}' || CAST(n.i AS TEXT)",
        "dispute_type_id": "t.id",
        "source_id": "s.id",
        "start_level": "'community'",
        "committee_id": "c.id",
        "street_id": "c.street_id",
        "community_id": "c.community_id",
        "received_on": received,
        "status": "'registered'",
        "search_terms": _title_terms_sql(),
    }, f"JOIN fill_committees c ON c.slot = n.i % {len(reference['committees'])} "
       f"JOIN fill_types t ON t.slot = n.i % {len(reference['types'])} "
       f"JOIN fill_sources s ON s.slot = n.i % {len(reference['sources'])} "
       f"JOIN fill_pairs p ON p.slot = n.i % {PERSON_PERIOD // 2}")


def _insert_parties(connection, total, base_case, base):
    _insert_select(connection, "case_parties", total * 2, {
        "id": f"{base} + n.i",
        "case_id": f"{base_case} + n.i / 2",
        "role": "CASE WHEN n.i % 2 = 0 THEN 'applicant' ELSE 'respondent' END",
        "kind": "'person'",
        "name": "p.name",
    }, f"JOIN fill_people p ON p.slot = n.i % {PERSON_PERIOD}")


def _insert_case_mediators(connection, total, base_case, base_mediator):
    _insert_select(connection, "case_mediators", total, {
        "case_id": f"{base_case} + n.i",
        "mediator_id": f"{base_mediator} + n.i % {mediator_count(total)}",
    }, "")


def _insert_select(connection, table_name, count, expressions, joins):
    """INSERT INTO table SELECT … FROM the numbers 0…count-1 (as ``n.i``) and ``joins``. Columns not
    given take their model default (as a bulk insert through SQLAlchemy would); the timestamps are
    the generator's fixed day."""
    from portal.extensions import db

    table = db.metadata.tables[table_name]
    columns, values, params = [], [], {}
    for column in table.columns:
        if column.name in expressions:
            columns.append(column.name)
            values.append(expressions[column.name])
        elif column.name in ("created_at", "updated_at"):
            columns.append(column.name)
            values.append(":now")
            params["now"] = bindparam("now", datetime.combine(NOW, datetime.min.time()), type_=DateTime)
        elif column.default is not None and column.default.is_scalar:
            columns.append(column.name)
            values.append(f":{column.name}")
            params[column.name] = bindparam(column.name, column.default.arg, type_=column.type)
        elif not column.nullable and column.server_default is None:
            raise RuntimeError(f"fill: {table_name}.{column.name} needs a value")
    prefix, numbers = _numbers(connection)
    statement = (f"INSERT INTO {table_name} ({', '.join(columns)}) {prefix}"
                 f"SELECT {', '.join(values)} FROM {numbers} {joins}")
    connection.execute(text(statement).bindparams(*params.values(), bindparam("last", count - 1, type_=Integer)))


def _numbers(connection):
    """The rows 0…:last as ``n.i``: (what goes before SELECT, what goes after FROM)."""
    if connection.dialect.name == "postgresql":
        return "", "generate_series(0, :last) AS n(i)"
    return "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last) ", "n"


def _next_id(connection, table):
    return connection.execute(text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")).scalar()


# --- PostgreSQL: indexes, sequences, statistics -----------------------------------------------------

def _drop_secondary_indexes(connection):
    """Drop the indexes of the filled tables that no constraint needs; returns their definitions."""
    rows = connection.execute(text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:tables) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
        "WHERE k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)"
    ), {"tables": list(FILLED)}).all()
    for name, _definition in rows:
        connection.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _name, definition in rows]


def _create_indexes(connection, definitions):
    for definition in definitions:
        connection.execute(text(definition))


def _advance_sequences(connection):
    """Ids were given explicitly: the next row the app inserts must not collide with them."""
    for table in ("mediators", "cases", "case_parties"):
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))


def _analyze(connection):
    # The whole database, as the benchmarks did before: the small reference tables need
    # statistics too for the planner to join them to the millions well.
    connection.execute(text("ANALYZE"))
