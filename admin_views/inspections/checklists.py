"""Checklist templates: the district's own checklists, items in three languages with weights."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.validators import InputRequired, Length, NumberRange

from admin_views.base import PortalModelView
from admin_views.inspections.common import as_validation_error
from portal.extensions import db
from portal.models import ChecklistItem, Inspection
from portal.services.access import Area
from portal.services.inspections.checklists import check_template, check_weights_kept


def weight_formatter(view, context, model, name):
    total = model.total_weight
    return str(total) if total == 100 else gettext("%(total)s (must be 100)", total=total)


class ChecklistTemplateView(PortalModelView):
    area = Area.INSPECTION_SETUP
    details_template = "admin/portal/inspections/template_details.html"
    column_list = ("name", "is_active", "items")
    column_details_list = ("name", "description", "is_active", "created_at", "created_by", "updated_at", "updated_by")
    column_searchable_list = ("name",)
    column_sortable_list = ("name",)
    column_default_sort = ("name", False)
    column_labels = {"items": _l("Total weight")}
    form_columns = ("name", "description", "is_active", "items")
    form_args = {"name": {"validators": [InputRequired(), Length(max=100)]}}
    unique_checks = (("name",),)
    inline_models = (
        (ChecklistItem, {
            "form_columns": ("id", "grouping", "name", "name_zh_hant", "name_en", "weight", "record_list", "sort_order"),
            "form_args": {
                "name": {"validators": [InputRequired(), Length(max=300)]},
                "weight": {"validators": [InputRequired(), NumberRange(min=0, max=100)]},
                "sort_order": {"validators": [NumberRange(min=0, max=10_000)]},
            },
        }),
    )
    column_descriptions = {
        "items": _l("Each item's weight is its share of the score; the weights must add up to 100."),
    }

    def __init__(self, model, **kwargs):
        self.column_formatters = {"items": weight_formatter}
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        as_validation_error(check_template, model)
        as_validation_error(check_weights_kept, model)
        super().on_model_change(form, model, is_created)

    def deletion_refusal(self, model):
        if db.session.scalar(select(Inspection.id).where(Inspection.template_id == model.id).limit(1)):
            return gettext("Inspections were recorded with this checklist: it cannot be deleted. Mark it as no longer in use.")
        return None

    def details_context(self, model):
        from portal.models import ItemGroup

        groups = {}
        for item in model.items:
            groups.setdefault(item.grouping, []).append(item)
        return {"groups": [(ItemGroup.label_of(key), groups[key]) for key in ItemGroup if key in groups],
                "weights_ok": model.total_weight == 100,
                "list_urls": record_list_urls({item.record_list for item in model.items if item.record_list})}


def record_list_urls(endpoints):
    """{endpoint: URL} of the record lists the user may open (a model screen or a page)."""
    from flask import current_app, url_for

    screens = {getattr(view, "endpoint", None): view for view in current_app.extensions["portal_admin"]._views}
    urls = {}
    for endpoint in endpoints:
        view = screens.get(endpoint)
        if view is None or not view.is_accessible():
            continue
        urls[endpoint] = url_for(f"{endpoint}.index_view" if hasattr(view, "model") else f"{endpoint}.index")
    return urls
