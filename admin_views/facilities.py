from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired, NumberRange, ValidationError

from admin_views.ajax import ScopedLoader
from admin_views.area_page import PageInfo
from admin_views.base import PortalModelView
from admin_views.facility_reports import EquipmentInventoryPage, OfficeChecklistPage
from admin_views.fields import bool_filter, lookup_filter, street_filter
from admin_views.room_bookings import RoomBookingView
from portal.models import (
    Committee, Equipment, Facility, FacilityKind, JudicialOffice, OfficeFunding, RoomBooking,
)
from portal.services.access import Area


class FacilityView(PortalModelView):
    area = Area.FACILITIES
    details_template = "admin/portal/facility_details.html"
    column_list = ("name", "kind", "judicial_office", "committee", "street", "capacity", "is_public", "opening_hours")
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
        "name", "kind", "judicial_office", "committee", "address", "phone", "is_public", "opening_hours",
        "area_m2", "capacity", "notes", "equipment",
    )
    column_descriptions = {
        "is_public": _l("Shown on the public site's contact points, with address, phone and opening hours."),
        "opening_hours": _l("As the public should read it, e.g. Mon–Fri 9:00–17:00."),
    }
    form_ajax_refs = {
        "judicial_office": ScopedLoader("judicial_office", JudicialOffice, Area.FACILITIES, fields=["name"]),
        "committee": ScopedLoader("committee", Committee, Area.FACILITIES, fields=["name", "short_name"]),
    }
    inline_models = (
        (Equipment, {
            "form_columns": ("id", "kind", "quantity", "condition", "notes"),
            "form_args": {"quantity": {"validators": [InputRequired(), NumberRange(min=0, max=100000)]}},
        }),
    )

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.FACILITIES), lookup_filter(model, "kind", FacilityKind),
            bool_filter(model, "is_public"),
        )
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        if (model.judicial_office is None) == (model.committee is None):
            raise ValidationError(gettext("A facility belongs to either a judicial office or a committee: choose one."))
        super().on_model_change(form, model, is_created)

    def details_context(self, model):
        return {"bookable": model.kind is not None and model.kind.bookable}


class OfficeFundingView(PortalModelView):
    """經費: one record per office per year; the checklist counts an office's funds for the year."""

    area = Area.FACILITIES
    column_list = ("judicial_office", "street", "year", "amount", "in_budget", "source")
    column_export_list = ("judicial_office", "street", "year", "amount", "in_budget", "source", "notes")
    column_sortable_list = ("year", "amount", ("street", "street.code"))
    column_default_sort = ("year", True)
    form_columns = ("judicial_office", "year", "amount", "in_budget", "source", "notes")
    form_args = {
        "year": {"validators": [InputRequired(), NumberRange(min=2000, max=2100)]},
        "amount": {"validators": [InputRequired(), NumberRange(min=0)]},
    }
    form_ajax_refs = {
        "judicial_office": ScopedLoader("judicial_office", JudicialOffice, Area.FACILITIES, fields=["name"]),
    }
    unique_checks = (("judicial_office", "year"),)

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, Area.FACILITIES), "year", bool_filter(model, "in_budget"))
        super().__init__(model, **kwargs)


VIEWS = (
    (FacilityView, Facility, "facilities"),
    (RoomBookingView, RoomBooking, "room_bookings"),
    (OfficeChecklistPage, PageInfo(_l("Three in place")), "office_checklist"),
    (EquipmentInventoryPage, PageInfo(_l("Equipment inventory")), "equipment_inventory"),
    (OfficeFundingView, OfficeFunding, "office_funds"),
)
