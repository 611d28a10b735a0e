"""Rectification items (整改): the office answers with what it did (and evidence), the district
accepts or reopens. Each step is taken on the item read afresh under a row lock, so two people
acting on one item at the same moment get one result; the other is told what happened.

    open ──answer──▶ answered ──accept──▶ accepted (final)
                        │
                        └──reopen (with a reason)──▶ reopened ──answer──▶ answered …
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import Rectification, RectificationStatus
from portal.services.inspections import InspectionRuleError
from portal.services.inspections import lock as lock_row

S = RectificationStatus
TEXT_MAX = 5000
WAITING_FOR_OFFICE = (S.OPEN, S.REOPENED)


def lock(item_id):
    return lock_row(Rectification, item_id)


def _text(value, what):
    value = (value or "").strip()
    if not value:
        raise InspectionRuleError(what)
    if len(value) > TEXT_MAX:
        raise InspectionRuleError(_l("At most %(n)s characters."), n=TEXT_MAX)
    return value


def answer(item, *, text, user_id=None, at=None):
    if item.status not in WAITING_FOR_OFFICE:
        raise InspectionRuleError(_l("This item is “%(status)s”: it cannot be answered now."),
                                  status=S.label_of(item.status))
    item.answer = _text(text, _l("Say what the office did to put it right."))
    item.answered_at = at or timeutil.now()
    item.answered_by_id = user_id
    item.status = S.ANSWERED
    db.session.flush()


def _decide(item, status, note, user_id, at):
    if item.status != S.ANSWERED:
        raise InspectionRuleError(_l("Only an answered item can be accepted or reopened; this one is “%(status)s”."),
                                  status=S.label_of(item.status))
    item.status = status
    item.decision_note = note
    item.decided_at = at or timeutil.now()
    item.decided_by_id = user_id


def accept(item, *, note="", user_id=None, at=None):
    note = (note or "").strip()[:TEXT_MAX]
    _decide(item, S.ACCEPTED, note, user_id, at)
    item.done_on_time = item.answered_at is not None and item.answered_at.date() <= item.due_on
    db.session.flush()


def reopen(item, *, note, user_id=None, at=None, due_on=None):
    note = _text(note, _l("Say why the item is reopened, so the office knows what is still missing."))
    if due_on is not None and due_on < timeutil.today():
        raise InspectionRuleError(_l("A new deadline cannot be in the past."))
    _decide(item, S.REOPENED, note, user_id, at)
    if due_on is not None:
        item.due_on = due_on
    db.session.flush()


def overdue_condition(today=None):
    """SQL: the item waits for the office past its deadline."""
    today = today or timeutil.today()
    return Rectification.status.in_(WAITING_FOR_OFFICE) & (Rectification.due_on < today)


def is_overdue(item, today=None):
    today = today or timeutil.today()
    return item.status in WAITING_FOR_OFFICE and item.due_on < today


def overdue(street_id=None, limit=5, today=None):
    """(items, total) of overdue items, oldest deadline first (``street_id``: one office's)."""
    conditions = [overdue_condition(today)]
    if street_id is not None:
        conditions.append(Rectification.street_id == street_id)
    total = db.session.scalar(select(func.count()).select_from(Rectification).where(*conditions))
    items = db.session.scalars(
        select(Rectification).where(*conditions).order_by(Rectification.due_on, Rectification.id).limit(limit)
    ).all()
    return items, total


def waiting_for_district(limit=5):
    conditions = [Rectification.status == S.ANSWERED]
    total = db.session.scalar(select(func.count()).select_from(Rectification).where(*conditions))
    items = db.session.scalars(select(Rectification).where(*conditions)
                               .order_by(Rectification.answered_at, Rectification.id).limit(limit)).all()
    return items, total


def open_for_office(street_id, limit=5):
    """(items, total) an office still has to answer, nearest deadline first."""
    conditions = [Rectification.street_id == street_id, Rectification.status.in_(WAITING_FOR_OFFICE)]
    total = db.session.scalar(select(func.count()).select_from(Rectification).where(*conditions))
    items = db.session.scalars(select(Rectification).where(*conditions)
                               .order_by(Rectification.due_on, Rectification.id).limit(limit)).all()
    return items, total


