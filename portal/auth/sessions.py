"""What a signed-in session rests on, and how every session of an account ends.

A session cookie and a remember-me cookie hold ``id.version.issued``: the account, its session
version and when they were issued. Each request loads the account and checks all three, so

- signing out, a new password, another role or street and disabling the account raise the
  version (``end_sessions``; the model raises it itself on the last four), and every copy of
  every cookie issued before stops working at once, on every computer;
- no cookie is honoured longer than ``REMEMBER_COOKIE_DURATION`` (30 days at most), whatever
  expiry the browser was told.
"""
import time
from datetime import timedelta

from flask import flash, g, redirect, request, url_for
from flask_login import current_user
from flask_babel import gettext
from sqlalchemy import update

from portal.extensions import db, login_manager
from portal.models.users import User

MAX_REMEMBER = timedelta(days=30)
_CLOCK_SKEW = 300  # seconds a token may seem to come from the future (clocks of several servers)


def parse_token(token):
    """(id, session version, issued) from a session's token, or None when it is not one of ours."""
    parts = str(token or "").split(".")
    if len(parts) != 3 or not all(part.isdigit() and len(part) <= 12 for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _capped(duration):
    if isinstance(duration, (int, float)):
        duration = timedelta(seconds=duration)
    return min(duration or MAX_REMEMBER, MAX_REMEMBER)


def max_age():
    from flask import current_app

    return _capped(current_app.config.get("REMEMBER_COOKIE_DURATION"))


@login_manager.user_loader
def load_user(token):
    parsed = parse_token(token)
    if parsed is None:
        return None
    user_id, version, issued = parsed
    now = time.time()
    if issued > now + _CLOCK_SKEW or now - issued > max_age().total_seconds():
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def end_sessions(user_id):
    """End every session and remember-me cookie of the account: a plain UPDATE of its session
    version (not an edit of the record: no new record version, no history entry). Flushes."""
    table = User.__table__
    db.session.execute(update(table).where(table.c.id == user_id).values(session_version=table.c.session_version + 1))


def loaded_user():
    """The signed-in user if this request has loaded it already, else None; never a query (for
    pages that must work without the database, such as error pages)."""
    user = g.get("_login_user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def loaded_value(user, name):
    """``user.name`` as this request read it, or None where it would take a query to know (after
    a rollback every value is forgotten until read again)."""
    from sqlalchemy import inspect

    return inspect(user).dict.get(name) if user is not None else None


def unauthorized():
    flash(gettext("Please sign in to open this page."), "warning")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def _lazy_user():
    # Flask-Login's own context processor loads the user for every template, error pages
    # included; the proxy loads it only where a template asks for it.
    return {"current_user": current_user}


def init_app(app):
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(_lazy_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # flashed in the view instead, translated per request
    login_manager.session_protection = "strong"
    login_manager.unauthorized_handler(unauthorized)
    # Never longer than 30 days, whatever the instance configuration says.
    app.config["REMEMBER_COOKIE_DURATION"] = _capped(app.config.get("REMEMBER_COOKIE_DURATION"))
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
