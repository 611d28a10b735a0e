"""What readers without access to personal data (inspectors) see of a case's parties.

Case titles are often written with the parties' names in them ("王小明与李大强邻里纠纷"). The
parties are known to the case, so for such readers every party's name (and representative's)
found in a title is masked like a name anywhere else ("王**与李**邻里纠纷") — in lists, headings,
exports and the history. Names a party had before a correction still count: the history knows them.

A meeting's place or an agreement's place of performance that is a party's address is that party's
home: for such readers it is shown as "a party's address" instead.

Names and addresses are read once per request for all the cases a page shows (``preload``).
"""
import re

from flask import g, has_request_context
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.models.audit import AuditEntry
from portal.models.cases import Case, CaseParty
from portal.services.access import sees_personal_data
from portal.services.identity import mask_name

# Party fields whose values are searched for in a title, and in a place.
NAME_FIELDS = ("name", "representative")
ADDRESS_FIELDS = ("address",)
_SHORTEST_ADDRESS = 5  # characters: "人民路12号"; shorter text is no address
_PUNCTUATION = re.compile(r"[\s,，.。、;；:：()（）\-—_/#]+")


def _reader(user):
    if user is not None:
        return user
    return current_user if has_request_context() else None


def _hidden_for(user):
    user = _reader(user)
    return user is not None and not sees_personal_data(user)


def _cache():
    return g.setdefault("_party_facts", {}) if has_request_context() else {}


def forget_preloaded():
    """Drop what ``preload`` read (an export streaming many pages of cases)."""
    if has_request_context():
        g.pop("_party_facts", None)


def preload(case_ids):
    """Read the names and addresses of the parties of all ``case_ids`` (now and in the history)
    in two queries, for the page about to show those cases."""
    if not _hidden_for(None):
        return  # the reader sees names in full: nothing to look for
    cache = _cache()
    wanted = {case_id for case_id in case_ids if case_id is not None and case_id not in cache}
    if not wanted:
        return
    facts = {case_id: {"names": set(), "addresses": set()} for case_id in wanted}
    rows = db.session.execute(
        select(CaseParty.case_id, CaseParty.name, CaseParty.representative, CaseParty.address)
        .where(CaseParty.case_id.in_(wanted))
    )
    for case_id, name, representative, address in rows:
        facts[case_id]["names"].update(value for value in (name, representative) if value)
        if address:
            facts[case_id]["addresses"].add(address)
    history = db.session.execute(
        select(AuditEntry.parent_id, AuditEntry.changes).where(
            AuditEntry.parent_entity == Case.__tablename__, AuditEntry.parent_id.in_(wanted),
            AuditEntry.entity == CaseParty.__tablename__,
        )
    )
    for case_id, changes in history:
        for field, value in (changes or {}).items():
            values = value if isinstance(value, list) else [value]
            target = "names" if field in NAME_FIELDS else "addresses" if field in ADDRESS_FIELDS else None
            if target:
                facts[case_id][target].update(v for v in values if isinstance(v, str) and v and v != "******")
    cache.update(facts)


def _facts(case_id):
    if case_id not in _cache():
        preload([case_id])
    return _cache().get(case_id, {"names": set(), "addresses": set()})


def mask_names(text, names):
    """``text`` with each of ``names`` (two characters or more) masked, longest first."""
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        if name in text:
            text = text.replace(name, mask_name(name))
    return text


def title_for(case_id, title, user=None):
    """The title of case ``case_id`` as ``user`` (the signed-in one by default) may read it."""
    if not title or not _hidden_for(user):
        return title or ""
    return mask_names(title, _facts(case_id)["names"])


def case_title(case, user=None):
    return title_for(case.id, case.title, user) if case is not None else ""


def case_label(case, user=None):
    """What names a case in a sentence or a link: its number, or its title until it has one."""
    if case is None:
        return ""
    return case.number or case_title(case, user)


def _plain(text):
    return _PUNCTUATION.sub("", text or "")


def is_party_address(text, case_id):
    """Whether ``text`` (a place) is, or holds, or is part of an address of a party of the case."""
    place = _plain(text)
    if len(place) < _SHORTEST_ADDRESS:
        return False
    for address in map(_plain, _facts(case_id)["addresses"]):
        if len(address) >= _SHORTEST_ADDRESS and (address in place or place in address):
            return True
    return False


def place_for(case_id, text, user=None):
    """A place a case record names, as ``user`` may read it."""
    if not text or not _hidden_for(user) or not is_party_address(text, case_id):
        return text or ""
    return gettext("(a party's address)")


def record_place(record, field, user=None):
    """``record.field`` (a meeting's place, an agreement's place of performance) as the reader may see it."""
    value = getattr(record, field, None)
    if field == "place" and getattr(record, "facility", None) is not None:
        return value  # one of the portal's rooms, never a home
    return place_for(record.case_id, value, user)
