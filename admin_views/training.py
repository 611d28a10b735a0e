from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import lookup_filter, street_filter
from forms.validators import After
from portal.models import Facility, JudicialOffice, Mediator, TrainingAttendance, TrainingKind, TrainingSession
from portal.services.access import Area


class TrainingSessionView(PortalModelView):
    area = Area.TRAINING
    column_list = ("title", "kind", "trainer_name", "starts_at", "hours", "facility", "organiser_office")
    column_details_list = (
        "title", "kind", "topic", "trainer_name", "starts_at", "ends_at", "hours", "facility",
        "location_text", "organiser_office", "street", "notes", "attendances",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "title", "kind", "topic", "trainer_name", "starts_at", "ends_at", "hours", "facility",
        "location_text", "organiser_office", "street",
    )
    column_searchable_list = ("title", "topic", "trainer_name")
    column_sortable_list = ("title", "starts_at", "hours")
    column_default_sort = ("starts_at", True)
    form_columns = (
        "title", "kind", "topic", "trainer_name", "starts_at", "ends_at", "hours", "facility",
        "location_text", "organiser_office", "notes", "attendances",
    )
    form_args = {"ends_at": {"validators": [After("starts_at")]}}
    form_ajax_refs = {
        "facility": ScopedLoader("facility", Facility, Area.TRAINING, fields=["name", "address"]),
        "organiser_office": ScopedLoader("organiser_office", JudicialOffice, Area.TRAINING, fields=["name"]),
    }
    inline_models = (
        (TrainingAttendance, {
            "form_columns": ("id", "mediator", "status", "hours_credited", "score"),
            "form_ajax_refs": {
                "mediator": ScopedLoader("mediator", Mediator, Area.MEDIATOR_NAMES, fields=["name", "name_pinyin", "name_initials"]),
            },
        }),
    )

    def __init__(self, model, **kwargs):
        self.column_filters = (
            lookup_filter(model, "kind", TrainingKind), street_filter(model, Area.TRAINING), "starts_at",
            "trainer_name",
        )
        super().__init__(model, **kwargs)


VIEWS = ((TrainingSessionView, TrainingSession, "training_sessions"),)
