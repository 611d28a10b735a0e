"""Each signed-in user's own account page: change the password, see the recent sign-ins."""
from flask import current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user, login_user

from forms.auth import ChangePasswordForm
from portal.auth import passwords, signins, throttle
from portal.extensions import db


class AccountView(BaseView):
    def is_accessible(self):
        return current_user.is_authenticated and current_user.is_active

    def is_visible(self):
        return False  # opened from the user menu

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = ChangePasswordForm()
        if form.validate_on_submit() and self._change_password(form):
            return redirect(url_for(".index"))
        if request.method == "POST" and form.errors:
            flash(gettext("The password was not changed."), "error")
        return self.render("admin/portal/account.html", form=form, sign_ins=signins.recent(current_user),
                           min_length=passwords.MIN_LENGTH)

    def _change_password(self, form):
        user = current_user._get_current_object()
        verdict = throttle.assess(user.username)
        if verdict.refused_for is not None:
            form.current.errors = [gettext("Too many wrong passwords from your address. Please try again in %(minutes)d minutes.",
                                           minutes=verdict.minutes)]
            return False
        if not passwords.verify(user, form.current.data):
            # Guessing the password of a session left open counts like guessing it at sign-in.
            throttle.record_failure(user.username)
            db.session.commit()
            form.current.errors = [gettext("This is not your current password.")]
            return False
        problem = passwords.password_problem(form.new.data, username=user.username, display_name=user.display_name)
        if problem is None and form.new.data == form.current.data:
            problem = gettext("The new password must differ from the current one.")
        if problem is not None:
            form.new.errors = [problem]
            return False
        user.set_password(form.new.data)  # ends every session of the account (User.__before_save__)
        db.session.commit()
        # …except this one, which goes on under the new session version.
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
        login_user(user, remember=remembered)
        flash(gettext("Your password was changed. You are signed out everywhere else."), "success")
        return True
