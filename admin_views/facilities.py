from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import bool_filter, lookup_filter, street_filter
from portal.models import Committee, Equipment, EquipmentKind, Facility, FacilityKind, JudicialOffice
from portal.services.access import Area


class FacilityView(PortalModelView):
    area = Area.FACILITIES
    column_list = ("name", "kind", "judicial_office", "committee", "street", "capacity", "is_public")
    column_details_list = (
        "name", "kind", "judicial_office", "committee", "street", "address", "phone", "area_m2",
        "capacity", "is_public", "opening_hours", "notes", "equipment",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "name", "kind", "judicial_office", "committee", "street", "address", "phone", "area_m2",
        "capacity", "is_public", "opening_hours", "equipment",
    )
    column_searchable_list = ("name", "address")
    column_sortable_list = ("name", "capacity", ("street", "street.code"))
    form_columns = (
        "name", "kind", "judicial_office", "committee", "address", "phone", "area_m2", "capacity",
        "is_public", "opening_hours", "notes", "equipment",
    )
    form_ajax_refs = {
        "judicial_office": ScopedLoader("judicial_office", JudicialOffice, Area.FACILITIES, fields=["name"]),
        "committee": ScopedLoader("committee", Committee, Area.FACILITIES, fields=["name", "short_name"]),
    }
    inline_models = (
        (Equipment, {"form_columns": ("id", "kind", "quantity", "condition", "notes")}),
    )

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.FACILITIES), lookup_filter(model, "kind", FacilityKind),
            bool_filter(model, "is_public"),
        )
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        from flask_babel import gettext
        from wtforms.validators import ValidationError

        if (model.judicial_office is None) == (model.committee is None):
            raise ValidationError(gettext("A facility belongs to either a judicial office or a committee: choose one."))
        super().on_model_change(form, model, is_created)


VIEWS = ((FacilityView, Facility, "facilities"),)
