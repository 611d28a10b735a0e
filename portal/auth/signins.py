"""The sign-in log: every attempt to sign in, kept apart from the record history.

The district office browses it (Users → Sign-in log); each user sees their own on their account
page, and is told at sign-in about failed attempts on their account since they last signed in.
"""
from sqlalchemy import func, select, update

from portal import timeutil
from portal.extensions import db
from portal.models.users import SignIn, SignInOutcome, User
from portal.services import ratelimit


def _client():
    from flask import request

    return ratelimit.client_address()[:45], (request.user_agent.string or "")[:200]


def record(username, user, outcome):
    """Log an attempt on ``username`` (``user`` when the name is an account's). Flushes."""
    address, agent = _client()
    entry = SignIn(
        at=timeutil.now(), username=(username or "")[:40], user_id=user.id if user is not None else None,
        address=address, user_agent=agent, success=outcome == SignInOutcome.SUCCESS, outcome=outcome,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def mark_signed_in(user):
    """Remember when ``user`` last signed in: a plain UPDATE, so signing in is neither a change of
    the record (no new version that would refuse someone editing the account) nor in its history."""
    table = User.__table__
    db.session.execute(update(table).where(table.c.id == user.id).values(last_login_at=timeutil.now()))


def last_success(user):
    """The log entry (its id: entries are numbered in order) of ``user``'s latest sign-in, or None."""
    return db.session.scalar(select(func.max(SignIn.id)).where(SignIn.user_id == user.id, SignIn.success.is_(True)))


def failures_since(user, since):
    """(how many, the latest) failed attempts on ``user``'s account after log entry ``since`` (None: ever)."""
    query = select(SignIn).where(SignIn.user_id == user.id, SignIn.success.is_(False))
    if since is not None:
        query = query.where(SignIn.id > since)
    count = db.session.scalar(select(func.count()).select_from(query.subquery()))
    latest = db.session.scalars(query.order_by(SignIn.at.desc(), SignIn.id.desc()).limit(1)).first()
    return count, latest


def recent(user, limit=20):
    return db.session.scalars(
        select(SignIn).where(SignIn.user_id == user.id).order_by(SignIn.at.desc(), SignIn.id.desc()).limit(limit)
    ).all()
