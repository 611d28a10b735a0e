"""Signing in and out, sessions, passwords and the sign-in log.

Accounts are made by the district office (admin screen or CLI); everyone changes their own
password on their account page. The pieces:

- ``sessions``: what a session and a remember-me cookie hold (the account id and its session
  version), and ending every session of an account;
- ``passwords``: which passwords are refused, and checking one in the same time whether or not
  the account exists;
- ``throttle``: slowing down and refusing guessers, per address first, without locking anyone out;
- ``signins``: the sign-in log (who, when, from where, how it ended);
- ``views``: the sign-in, sign-out and change-password pages.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_app(app):
    from portal.auth import sessions, views  # noqa: F401 - views registers the routes on bp

    sessions.init_app(app)
    app.register_blueprint(bp)
