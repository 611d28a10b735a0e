"""Prevention records: a case or lead marked as having kept a dispute from escalating."""
from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload
from wtforms.validators import InputRequired, NumberRange

from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import street_filter
from admin_views.screening.common import ScreeningStyles, as_validation_error, refuse_unknown_choices, scoped_lead
from forms.validators import NotInFuture
from portal import timeutil
from portal.models import Case, Lead, PreventionRecord
from portal.services.access import Area
from portal.services.screening.prevention import check_prevention


def source_formatter(view, context, model, name):
    return str(model.case) if model.case is not None else str(model.lead or "")


class PreventionView(ScreeningStyles, PortalModelView):
    area = Area.SCREENING
    column_list = ("prevented_on", "kind", "persons", "street", "case", "lead")
    column_details_list = ("kind", "prevented_on", "persons", "street", "case", "lead", "description",
                           "created_at", "created_by", "updated_at", "updated_by")
    column_export_list = ("prevented_on", "kind", "persons", "street", "case", "lead", "description")
    column_sortable_list = ("prevented_on", "kind", "persons")
    column_default_sort = ("prevented_on", True)
    form_columns = ("kind", "case", "lead", "prevented_on", "persons", "description")
    form_args = {
        "kind": {"validators": [InputRequired()]},
        "prevented_on": {"validators": [InputRequired(), NotInFuture()]},
        "persons": {"validators": [InputRequired(), NumberRange(min=1, max=100_000)]},
    }
    column_descriptions = {
        "case": _l("The case, or the lead (one of them), whose handling prevented it."),
        "persons": _l("How many people the prevented escalation would have involved."),
    }
    form_ajax_refs = {
        "case": ScopedLoader("case", Case, Area.CASES, fields=["number", "title"]),
        "lead": ScopedLoader("lead", Lead, Area.SCREENING, fields=["description"]),
    }

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area), "kind", "prevented_on")
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(joinedload(PreventionRecord.case), joinedload(PreventionRecord.lead))

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET":
            form.prevented_on.data = form.prevented_on.data or timeutil.today()
            lead = scoped_lead(request.args.get("lead_id"))
            if lead is not None:
                form.lead.data = lead
            case_id = request.args.get("case_id", type=int)
            case = form.case.loader.get_one(case_id) if case_id else None
            if case is not None:
                form.case.data = case
        return form

    def validate_form(self, form):
        valid = super().validate_form(form)
        return refuse_unknown_choices(form, ("case", "lead")) and valid

    def on_model_change(self, form, model, is_created):
        as_validation_error(check_prevention, model)
        super().on_model_change(form, model, is_created)


