"""Grid reporters (信息员): who reports in which grids, with their phone and sign-in account."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, true
from sqlalchemy.orm import selectinload
from wtforms.validators import InputRequired

from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import bool_filter, street_filter
from admin_views.screening.common import ScreeningStyles, as_validation_error, grid_label, refuse_unknown_choices, scoped_grids
from forms.validators import Phone
from portal.models import Grid, Mediator, Reporter, Role, User
from portal.services.access import Area, street_limit
from portal.services.screening.reporters import check_reporter


def not_linked_elsewhere():
    """Reporter accounts a staff member may pick: none already linked to another street's reporter."""
    limit = street_limit(current_user, Area.SCREENING)
    if limit is None:
        return true()
    elsewhere = select(Reporter.user_id).where(Reporter.user_id.isnot(None), Reporter.street_id != limit)
    return User.id.notin_(elsewhere)


def grids_formatter(view, context, model, name):
    return "、".join(grid_label(grid) for grid in model.grids)


class ReporterView(ScreeningStyles, PortalModelView):
    area = Area.SCREENING
    column_list = ("name", "phone", "kind", "street", "grids", "user", "active")
    column_details_list = ("name", "phone", "kind", "street", "grids", "mediator", "user", "active", "notes",
                           "created_at", "created_by", "updated_at", "updated_by")
    column_export_list = ("name", "phone", "kind", "street", "grids", "active")
    column_searchable_list = ("name",)
    column_select_related_list = (Reporter.street, Reporter.user)  # the grids: get_query
    column_sortable_list = ("name", "kind", "active")
    column_default_sort = "name"
    form_columns = ("name", "phone", "kind", "grids", "mediator", "user", "active", "notes")
    form_args = {
        "name": {"validators": [InputRequired()]},
        "phone": {"validators": [InputRequired(), Phone(service_numbers=False)]},
        "grids": {"query_factory": scoped_grids, "get_label": grid_label, "validators": [InputRequired()]},
    }
    column_descriptions = {
        "grids": _l("All in one street: the reporter's street follows them."),
        "user": _l("An account of the role “Grid reporter”, made by the district office. With it the reporter reports from a phone."),
    }
    form_ajax_refs = {
        "mediator": ScopedLoader("mediator", Mediator, Area.SCREENING, fields=["name", "name_pinyin", "name_initials"]),
        "user": ScopedLoader("user", User, Area.SCREENING, fields=["username", "display_name"],
                             extra_filters=(User.role == Role.REPORTER, lambda: not_linked_elsewhere())),
    }

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area), "kind", bool_filter(model, "active"))
        self.column_formatters = {"grids": grids_formatter}
        self.column_formatters_export = {"grids": grids_formatter}
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(selectinload(Reporter.grids).joinedload(Grid.community))

    def validate_form(self, form):
        valid = super().validate_form(form)
        return refuse_unknown_choices(form, ("mediator", "user")) and valid

    def on_model_change(self, form, model, is_created):
        as_validation_error(check_reporter, model)
        super().on_model_change(form, model, is_created)
