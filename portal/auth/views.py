"""The sign-in and sign-out pages (changing one's password is on the account page, admin_views.account)."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from forms.auth import LoginForm
from portal.auth import bp, passwords, sessions, signins, throttle
from portal.extensions import db
from portal.i18n import _safe_target, format_value
from portal.models.users import SignInOutcome, User


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        return _attempt(form)
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.index"))
    return render_template("auth/login.html", form=form)


def _attempt(form):
    username = form.username.data.strip()
    verdict = throttle.assess(username)
    user = db.session.scalar(select(User).where(User.username == username))
    if verdict.refused_for is not None:
        signins.record(username, user, SignInOutcome.THROTTLED)
        db.session.commit()
        flash(_("Too many failed sign-in attempts from your address. Please try again in %(minutes)d minutes.",
                minutes=verdict.minutes), "danger")
        return render_template("auth/login.html", form=form), 429, {"Retry-After": str(verdict.refused_for)}
    if verdict.delay:
        db.session.commit()  # never hold a lock while waiting
        throttle.pause(verdict.delay)
    # The same hash work whether or not the account exists or is enabled (no probing by timing).
    if passwords.verify(user, form.password.data) and user.active:
        return _signed_in(user, remember=form.remember.data, target=form.next.data)
    outcome = (SignInOutcome.UNKNOWN_USER if user is None
               else SignInOutcome.DISABLED if not user.active else SignInOutcome.WRONG_PASSWORD)
    throttle.record_failure(username)
    signins.record(username, user, outcome)
    db.session.commit()
    # One message for unknown user, wrong password and disabled account: no account probing.
    flash(_("Wrong username or password, or the account is disabled."), "danger")
    return render_template("auth/login.html", form=form)


def _signed_in(user, *, remember, target):
    since = signins.last_success(user)
    failures, latest = signins.failures_since(user, since)
    signins.record(user.username, user, SignInOutcome.SUCCESS)
    signins.mark_signed_in(user)
    db.session.commit()
    login_user(user, remember=remember)
    if user.locale in current_app.config["PORTAL_LOCALES"]:
        session["locale"] = user.locale  # the saved preference follows the user to any computer
    flash(_("Welcome, %(name)s.", name=str(user)), "success")
    if failures:
        flash(ngettext(
            "%(num)d failed attempt to sign in to your account since you last signed in, the latest at %(time)s from %(address)s. If it was not you, change your password on your account page.",
            "%(num)d failed attempts to sign in to your account since you last signed in, the latest at %(time)s from %(address)s. If it was not you, change your password on your account page.",
            failures, time=format_value(latest.at), address=latest.address,
        ), "warning")
    return redirect(_safe_target(target) or url_for("admin.index"))


@bp.route("/logout", methods=["POST"])
def logout():
    # Every session of the account ends, not only this browser's: a copied cookie is worthless.
    if current_user.is_authenticated:
        sessions.end_sessions(current_user.id)
        db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
