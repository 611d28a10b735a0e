from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import Length, Optional, ValidationError

from admin_views.base import PortalModelView
from portal.models import Role, User
from portal.services.access import Area

MIN_PASSWORD = 8


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
            validators=[Optional(), Length(min=MIN_PASSWORD, max=200)],
            description=_l("At least 8 characters. Leave empty to keep the current password."),
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


VIEWS = ((UserView, User, "users"),)
