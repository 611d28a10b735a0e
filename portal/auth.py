"""Login and logout. Accounts are made by the district office (admin screen or CLI)."""
import math
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from forms.auth import LoginForm
from portal import timeutil
from portal.extensions import db, login_manager
from portal.i18n import _safe_target
from portal.models.users import User
from portal.services import ratelimit

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # flashed in the view instead, translated per request
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(user_id):
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


@login_manager.unauthorized_handler
def unauthorized():
    flash(_("Please sign in to open this page."), "warning")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        username = form.username.data.strip()
        throttles = failure_throttles(username)
        wait = max((w for w in (ratelimit.blocked(bucket, key) for bucket, key in throttles) if w), default=None)
        if wait is not None:
            db.session.commit()
            flash(_("Too many failed sign-in attempts. Please try again in %(minutes)d minutes.",
                    minutes=math.ceil(wait / 60)), "danger")
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None and user.is_active and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            user.last_login_at = timeutil.now()
            db.session.commit()
            flash(_("Welcome, %(name)s.", name=str(user)), "success")
            return redirect(_safe_target(form.next.data) or url_for("admin.index"))
        for bucket, key in throttles:
            ratelimit.record(bucket, key)
        db.session.commit()
        # One message for unknown user, wrong password and disabled account: no account probing.
        flash(_("Wrong username or password, or the account is disabled."), "danger")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.index"))
    return render_template("auth/login.html", form=form)


def failure_throttles(username):
    """Failed sign-ins are counted per address and per account (guessing one account from many)."""
    return (("login", ratelimit.client_key()), ("login-account", ratelimit.client_key("account:" + username.lower())))


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
