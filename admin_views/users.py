from flask_admin.contrib.sqla.filters import FilterLike
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import Length, Optional, ValidationError

from admin_views.base import PortalModelView
from portal.auth import agents, passwords
from portal.models import Role, SignIn, User
from portal.models.labels import field_label
from portal.services.access import Action, Area


class StrongPassword:
    """A new password the portal accepts (portal.auth.passwords), for the account being edited."""

    def __call__(self, form, field):
        if not field.data:
            return
        username = form.username.data if "username" in form else ""
        display_name = form.display_name.data if "display_name" in form else ""
        problem = passwords.password_problem(field.data, username=username or "", display_name=display_name or "")
        if problem:
            raise ValidationError(problem)


class UserView(PortalModelView):
    area = Area.USERS
    column_list = ("username", "display_name", "role", "street", "active", "last_login_at")
    column_details_list = ("username", "display_name", "role", "street", "active", "locale", "last_login_at",
                           "created_at", "created_by", "updated_at", "updated_by")
    column_export_list = ("username", "display_name", "role", "street", "active", "last_login_at")
    column_searchable_list = ("username", "display_name")
    column_filters = ("role", "active")
    column_sortable_list = ("username", "role", "last_login_at")
    form_columns = ("username", "display_name", "password", "role", "street", "active")
    form_extra_fields = {
        "password": PasswordField(
            _l("Password"),
            validators=[Optional(), Length(max=passwords.MAX_LENGTH), StrongPassword()],
            description=_l("At least %(n)d characters and hard to guess. Leave empty to keep the current password. "
                           "A new password, role or street, or disabling the account, signs the user out everywhere.",
                           n=passwords.MIN_LENGTH),
        )
    }
    column_labels = {"street": _l("Street (staff only)")}

    def on_model_change(self, form, model, is_created):
        # populate_obj has already hashed a non-empty password through User.password.
        if is_created and not form.password.data:
            raise ValidationError(gettext("A new account needs a password."))
        if model.role == Role.STAFF and model.street is None:
            raise ValidationError(gettext("Judicial office staff must belong to a street."))
        if model.role != Role.STAFF:
            model.street = None
        if model.id == current_user.id and (model.role != Role.ADMIN or not model.active):
            raise ValidationError(gettext("You cannot remove your own administrator rights or disable yourself."))
        super().on_model_change(form, model, is_created)

    def on_model_delete(self, model):
        if model.id == current_user.id:
            raise ValidationError(gettext("You cannot delete your own account."))


class SignInLogView(PortalModelView):
    """Every attempt to sign in (who, when, from where, how it ended), for the district office."""

    area = Area.AUDIT
    disabled_actions = frozenset({Action.CREATE, Action.EDIT, Action.DELETE})
    column_list = ("at", "username", "user", "address", "outcome", "user_agent")
    column_details_list = column_list
    column_export_list = column_list
    column_sortable_list = ("at", "username", "address", "outcome")
    column_default_sort = ("at", True)
    column_searchable_list = ("username", "address")
    column_formatters = {"user_agent": lambda view, context, model, name: agents.summary(model.user_agent)}
    column_formatters_export = column_formatters

    def __init__(self, model, **kwargs):
        self.column_filters = (
            "outcome", "success", "at",
            FilterLike(SignIn.username, field_label(SignIn, "username")),
            FilterLike(SignIn.address, field_label(SignIn, "address")),
        )
        super().__init__(model, **kwargs)

    def get_query(self):
        from sqlalchemy.orm import joinedload

        return super().get_query().options(joinedload(SignIn.user))

    def history_for(self, model, limit=50):
        return []  # the log is its own history


VIEWS = ((UserView, User, "users"), (SignInLogView, SignIn, "sign_ins"))
