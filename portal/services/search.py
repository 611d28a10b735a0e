"""Search that works for Chinese: every searchable record keeps its words as search terms.

Names are mostly two characters, and a trigram index cannot serve a search shorter than three,
so each record keeps ``search_terms``: the single characters and character pairs (bigrams) of
its Chinese text, its Latin words (pinyin, initials), its digit runs, and a keyed hash of each ID
number and phone (never the number itself: they are not stored in a second readable place).
On PostgreSQL a GIN index over ``array_to_tsvector(string_to_array(search_terms, ' '))`` answers
any search, one character or many (no extension needed); SQLite scans the same terms with LIKE.

A search of one Chinese character looks up the character; of several, each of their pairs (all
must be present); a Latin word is a prefix (``zhang`` finds 张伟 through "zhangwei"); digits are
the number (``7`` finds 第0007号) or its prefix; an ID number or phone is its hash. Terms from
personal data (a party's name, ID number and phone) carry a mark, and only people who may see
personal data search by them.

The terms are written after each flush with a plain UPDATE (no new version, no history entry),
and ``reindex`` rebuilds them for rows written in bulk or after the secret key changed.
"""
import hashlib
import hmac
import re
import unicodedata

from flask import current_app
from sqlalchemy import and_, bindparam, cast, event, func, literal, literal_column, or_, select, update
from sqlalchemy.dialects.postgresql import TSQUERY

from portal.extensions import db
from portal.models import Case, CaseParty, Mediator
from portal.services.chinese import to_simplified
from portal.services.pinyin import full_pinyin, initials

PERSONAL = "~"  # marks a term taken from personal data
HASHED = "h"    # after PERSONAL: the keyed hash of an ID number or phone
NUMBER = "#"    # a digit run as a number: 0007 and 7 are the same
MAX_TERM = 40

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z]+|[0-9]+")
_IDENTIFIER = re.compile(r"^(?=.*\d)(?:\d{17}[\dx]|\d{15}|[0-9a-z]{18}|1\d{10}|0\d{9,11}|\d{7,8})$")


# --- terms ---------------------------------------------------------------------------------------

def _normal(text):
    """Full-width forms folded (（２０２６）→ (2026)), lower case, Traditional read as Simplified."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return to_simplified(text) if re.search(f"[{_CJK}]", text) else text


def _is_cjk(run):
    return not run[0].isascii()


def text_terms(text, mark=""):
    """The terms a piece of text is found by."""
    terms = []
    for run in _RUN.findall(_normal(text)):
        if _is_cjk(run):
            terms.extend(run)
            terms.extend(run[i:i + 2] for i in range(len(run) - 1))
        elif run.isdigit():
            terms.append(run[:MAX_TERM])
            if len(run) <= 18:
                terms.append(NUMBER + str(int(run)))
        else:
            terms.append(run[:MAX_TERM])
    return [mark + term for term in terms]


def name_terms(name, mark=""):
    """A person's name: its characters and pairs, its pinyin and initials."""
    terms = text_terms(name, mark)
    for spelled in (full_pinyin(name), initials(name)):
        if spelled:
            terms.append(mark + spelled[:MAX_TERM])
    return terms


def _identifier(value):
    return re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", value or "").lower())


def secret_terms(*values):
    """ID numbers and phones: a keyed hash, so the terms never show the number."""
    key = hashlib.sha256(b"portal-search:" + _key_bytes()).digest()
    return [
        PERSONAL + HASHED + hmac.new(key, _identifier(value).encode(), hashlib.sha256).hexdigest()[:24]
        for value in values if _identifier(value)
    ]


def _key_bytes():
    secret = current_app.config.get("PORTAL_SEARCH_KEY") or current_app.secret_key or ""
    return secret.encode() if isinstance(secret, str) else bytes(secret)


def joined(terms):
    return " ".join(dict.fromkeys(term for term in terms if term))


def case_terms(number, title, parties):
    terms = [*text_terms(number), *text_terms(title)]
    for name, id_number, phone in parties:
        terms += name_terms(name, PERSONAL)
        terms += secret_terms(id_number, phone)
    return joined(terms)


def mediator_terms(name, employer, id_number, mobile):
    return joined([*name_terms(name), *text_terms(employer), *secret_terms(id_number, mobile)])


# --- queries -------------------------------------------------------------------------------------

def query_groups(search, personal):
    """What a search asks for: groups that must all match, each a list of (term, prefix)
    alternatives. ``personal``: the searcher may search personal data."""
    groups = []
    for word in (search or "").split():
        if personal and _IDENTIFIER.match(_identifier(word)):
            groups.append([(secret_terms(word)[0], False), *_number_alternatives(_identifier(word))])
            continue
        for run in _RUN.findall(_normal(word)):
            if _is_cjk(run):
                pieces = [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
                groups += [_marked([(piece, False)], personal) for piece in pieces]
            elif run.isdigit():
                groups.append(_number_alternatives(run))
            else:
                groups.append(_marked([(run[:MAX_TERM], True)], personal))
    return groups


def _number_alternatives(run):
    if not run.isdigit():
        return [(run[:MAX_TERM], True)]
    alternatives = [(run[:MAX_TERM], True)]
    if len(run) <= 18:
        alternatives.append((NUMBER + str(int(run)), False))
    return alternatives


def _marked(alternatives, personal):
    if not personal:
        return alternatives
    return [*alternatives, *((PERSONAL + term, prefix) for term, prefix in alternatives)]


def vector(column):
    """The indexed expression (the index in the migration is on exactly this)."""
    return func.array_to_tsvector(func.string_to_array(column, literal_column("' '")))


def match_clause(column, search, personal, dialect):
    """A WHERE clause finding rows whose ``column`` of terms matches ``search``; None when the
    search holds nothing to look for."""
    groups = query_groups(search, personal)
    if not groups:
        return None
    if dialect == "postgresql":
        text = " & ".join(
            "(" + " | ".join(f"'{term}'" + (":*" if prefix else "") for term, prefix in group) + ")"
            for group in groups
        )
        return vector(column).op("@@")(cast(bindparam("search_query", text, literal_execute=False), TSQUERY))
    spaced = literal(" ") + column + literal(" ")
    return and_(*(
        or_(*(spaced.like(f"% {term}{'%' if prefix else ' %'}") for term, prefix in group)) for group in groups
    ))


# --- keeping the terms -----------------------------------------------------------------------------

def init_app(app):
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)


def _after_flush(session, flush_context):
    cases, mediators = set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Case) and obj not in session.deleted:
            cases.add(obj.id)
        elif isinstance(obj, CaseParty) and obj.case_id is not None:
            cases.add(obj.case_id)
        elif isinstance(obj, Mediator) and obj not in session.deleted:
            mediators.add(obj.id)
    connection = session.connection()
    if cases:
        write_case_terms(connection, sorted(cases))
    if mediators:
        write_mediator_terms(connection, sorted(mediators))


def write_case_terms(connection, ids):
    cases = Case.__table__
    parties = CaseParty.__table__
    found = {}
    for case_id, name, id_number, phone in connection.execute(
        select(parties.c.case_id, parties.c.name, parties.c.id_number, parties.c.phone)
        .where(parties.c.case_id.in_(ids)).order_by(parties.c.id)
    ):
        found.setdefault(case_id, []).append((name, id_number, phone))
    rows = [
        {"key": case_id, "terms": case_terms(number, title, found.get(case_id, ()))}
        for case_id, number, title in connection.execute(
            select(cases.c.id, cases.c.number, cases.c.title).where(cases.c.id.in_(ids))
        )
    ]
    _write(connection, cases, rows)


def write_mediator_terms(connection, ids):
    table = Mediator.__table__
    rows = [
        {"key": row.id, "terms": mediator_terms(row.name, row.employer, row.id_number, row.mobile)}
        for row in connection.execute(
            select(table.c.id, table.c.name, table.c.employer, table.c.id_number, table.c.mobile)
            .where(table.c.id.in_(ids))
        )
    ]
    _write(connection, table, rows)


def _write(connection, table, rows):
    if rows:
        connection.execute(
            update(table).where(table.c.id == bindparam("key")).values(search_terms=bindparam("terms")),
            rows,
        )


def reindex(connection, batch=2000, only_missing=False):
    """Rebuild every case's and mediator's terms, a batch at a time (rows written in bulk, a new
    secret key). Returns how many rows were written."""
    written = 0
    for table, write in ((Case.__table__, write_case_terms), (Mediator.__table__, write_mediator_terms)):
        last = 0
        while True:
            query = select(table.c.id).where(table.c.id > last)
            if only_missing:
                query = query.where(table.c.search_terms == "")
            ids = connection.execute(query.order_by(table.c.id).limit(batch)).scalars().all()
            if not ids:
                break
            write(connection, ids)
            written += len(ids)
            last = ids[-1]
    return written

