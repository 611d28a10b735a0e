from flask_babel import lazy_gettext as _l

from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.imports import ImportableMixin
from admin_views.fields import bool_filter, lookup_filter, street_filter, visible_streets
from forms.validators import After
from portal.models import (
    Committee, CommitteeMembership, Community, Grid, JudgeLiaisonPoint, JudicialOffice, Mediator,
    PartnerBody, PartnerKind,
)
from portal.services.access import Area
from portal.services.committees import composition_problems


class JudicialOfficeView(PortalModelView):
    area = Area.OFFICES
    column_list = ("name", "street", "head_name", "phone", "opening_hours", "is_public")
    column_searchable_list = ("name", "address", "head_name", "phone")
    column_sortable_list = ("name", ("street", "street.code"))
    column_default_sort = "name"
    form_columns = ("street", "name", "address", "phone", "opening_hours", "head_name", "is_public")
    form_args = {"street": {"query_factory": visible_streets(Area.OFFICES)}}
    unique_checks = (("street_id",), ("name",))

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, Area.OFFICES), bool_filter(model, "is_public"))
        super().__init__(model, **kwargs)


class CommitteeView(ImportableMixin, PortalModelView):
    import_kind = "committees"
    area = Area.ORGANISATION
    details_template = "admin/portal/committee_details.html"
    column_list = ("name", "level", "street", "community", "parent", "phone", "registered_on", "is_public")
    column_details_list = (
        "name", "code", "short_name", "level", "parent", "street", "community", "grid", "address", "phone",
        "opening_hours", "established_on", "registered_on", "is_public",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_searchable_list = ("name", "code", "short_name", "address", "phone")
    column_sortable_list = ("name", "level", ("street", "street.code"), "registered_on")
    column_default_sort = ("id", True)
    column_export_list = (
        "code", "name", "short_name", "level", "parent", "street", "community", "grid", "address", "phone",
        "opening_hours", "established_on", "registered_on", "is_public",
    )
    form_columns = (
        "name", "code", "short_name", "level", "parent", "street", "community", "grid", "address", "phone",
        "opening_hours", "established_on", "registered_on", "is_public", "memberships",
    )
    form_args = {
        "street": {"query_factory": visible_streets(Area.ORGANISATION)},
        "registered_on": {"validators": [After("established_on", allow_equal=True)]},
    }
    form_ajax_refs = {
        "parent": ScopedLoader("parent", Committee, Area.ORGANISATION, fields=["name", "short_name"]),
        "community": ScopedLoader("community", Community, Area.ORGANISATION, fields=["name", "code"]),
        "grid": ScopedLoader("grid", Grid, Area.ORGANISATION, fields=["name", "code"]),
    }
    inline_models = (
        (CommitteeMembership, {
            "form_columns": ("id", "mediator", "post", "selection", "term_start", "term_end"),
            "form_ajax_refs": {
                "mediator": ScopedLoader("mediator", Mediator, Area.MEDIATORS, fields=["name", "name_pinyin", "name_initials"]),
            },
            "form_args": {"term_end": {"validators": [After("term_start")]}},
        }),
    )
    # The short name goes into case numbers: two committees sharing one would clash there.
    unique_checks = (("street_id", "name"), ("short_name",), ("code",))

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.ORGANISATION), "level", bool_filter(model, "is_public"),
            "established_on", "registered_on",
        )
        super().__init__(model, **kwargs)

    def details_context(self, model):
        return {"composition_problems": composition_problems(model), "memberships": model.memberships}


class PartnerBodyView(ImportableMixin, PortalModelView):
    import_kind = "partner_bodies"
    area = Area.PARTNERS
    column_list = ("name", "kind", "street", "contact_name", "phone", "address")
    column_searchable_list = ("name", "contact_name", "phone", "address")
    column_sortable_list = ("name",)
    form_columns = ("name", "kind", "street", "contact_name", "phone", "address", "notes")
    unique_checks = (("name",),)

    def __init__(self, model, **kwargs):
        self.column_filters = (lookup_filter(model, "kind", PartnerKind), street_filter(model, Area.PARTNERS))
        super().__init__(model, **kwargs)


class JudgeLiaisonPointView(ImportableMixin, PortalModelView):
    import_kind = "liaison_points"
    area = Area.PARTNERS
    column_list = ("name", "street", "community", "judge_name", "court", "phone", "opening_hours", "is_public")
    column_searchable_list = ("name", "judge_name", "address")
    column_sortable_list = ("name", ("street", "street.code"), "judge_name")
    # The point as the public finds it (where, when), then the court and judge behind it.
    form_columns = (
        "name", "street", "community", "address", "phone", "opening_hours", "court", "judge_name", "judge_phone",
        "judge_is_instructor", "is_public",
    )
    column_details_list = (*form_columns, "created_at", "created_by", "updated_at", "updated_by")
    form_ajax_refs = {
        "community": ScopedLoader("community", Community, Area.PARTNERS, fields=["name", "code"]),
        "court": ScopedLoader("court", PartnerBody, Area.PARTNERS, fields=["name"]),
    }
    column_labels = {"court": _l("Court")}
    unique_checks = (("name",),)

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, Area.PARTNERS), bool_filter(model, "judge_is_instructor"))
        super().__init__(model, **kwargs)


VIEWS = (
    (JudicialOfficeView, JudicialOffice, "judicial_offices"),
    (CommitteeView, Committee, "committees"),
    (PartnerBodyView, PartnerBody, "partner_bodies"),
    (JudgeLiaisonPointView, JudgeLiaisonPoint, "liaison_points"),
)
