from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import lookup_filter, street_filter
from admin_views.training import warn_untrained_mediators
from forms.validators import IdNumberOrCreditCode, NotInFuture, Phone
from portal.models import Case, CaseParty, CaseSource, Committee, Community, DisputeType, Mediator
from portal.services.access import Area
from portal.services.training import lacking_pre_service


class CaseView(PortalModelView):
    area = Area.CASES
    details_template = "admin/portal/case_details.html"
    column_list = ("number", "title", "dispute_type", "committee", "street", "received_on", "amount", "status")
    column_details_list = (
        "number", "title", "dispute_type", "source", "start_level", "committee", "street", "community",
        "received_on", "facts", "amount", "status", "mediators",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "number", "title", "dispute_type", "source", "start_level", "committee", "street", "community",
        "received_on", "amount", "status", "mediators",
    )
    column_searchable_list = ("number", "title")
    column_sortable_list = ("number", "received_on", "status", "amount")
    form_columns = (
        "title", "dispute_type", "source", "start_level", "committee", "community", "received_on",
        "facts", "amount", "status", "mediators", "parties",
    )
    form_args = {"received_on": {"validators": [NotInFuture()]}}
    form_ajax_refs = {
        "committee": ScopedLoader("committee", Committee, Area.CASES, fields=["name", "short_name"]),
        "community": ScopedLoader("community", Community, Area.GEOGRAPHY, fields=["name", "code"]),
        "mediators": ScopedLoader("mediators", Mediator, Area.CASES, fields=["name", "name_pinyin", "name_initials"]),
    }
    inline_models = (
        (CaseParty, {
            "form_columns": ("id", "role", "kind", "name", "sex", "id_number", "phone", "address", "representative"),
            "form_args": {
                "id_number": {"validators": [IdNumberOrCreditCode()]},
                "phone": {"validators": [Phone()]},
            },
        }),
    )

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.CASES), "status", lookup_filter(model, "dispute_type", DisputeType),
            lookup_filter(model, "source", CaseSource), "start_level", "committee.name", "received_on",
        )
        super().__init__(model, **kwargs)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        warn_untrained_mediators(model.mediators)

    def details_context(self, model):
        return {"parties": model.parties, "untrained_mediators": lacking_pre_service(model.mediators)}


VIEWS = ((CaseView, Case, "cases"),)
