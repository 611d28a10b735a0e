from flask_babel import lazy_gettext as _l

from admin_views.base import PortalModelView
from portal.models import LOOKUP_MODELS
from portal.models.lookups import fill_traditional
from portal.services.access import Area

EXTRA_FLAGS = ("personal_status", "bookable", "senior_secondary_or_above")


class LookupView(PortalModelView):
    """One screen per reference list; the Traditional name fills itself in when left empty."""

    area = Area.LOOKUPS
    column_default_sort = "sort_order"
    column_searchable_list = ("code", "name", "name_zh_hant", "name_en")
    column_sortable_list = ("code", "name", "sort_order")
    column_filters = ("is_active",)
    column_descriptions = {"name_zh_hant": _l("Left empty, it is converted from the Simplified name.")}

    def __init__(self, model, **kwargs):
        flags = tuple(flag for flag in EXTRA_FLAGS if flag in model.__table__.c)
        self.column_list = ("code", "name", "name_zh_hant", "name_en", "sort_order", "is_active", *flags)
        self.form_columns = ("code", "name", "name_zh_hant", "name_en", "sort_order", "is_active", *flags)
        self.form_args = {"name_en": {"validators": [_required()]}}
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        fill_traditional(model)
        super().on_model_change(form, model, is_created)


def _required():
    from wtforms.validators import InputRequired

    return InputRequired()


VIEWS = tuple((LookupView, model, model.__tablename__) for model in LOOKUP_MODELS)
