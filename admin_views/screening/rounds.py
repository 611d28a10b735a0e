"""Screening rounds (排查) and the special screening themes the district sets."""
from flask import request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from admin_views.base import PortalModelView
from admin_views.fields import street_filter, visible_streets
from admin_views.screening.common import (
    ScreeningStyles, as_validation_error, grid_label, scoped_committees, scoped_communities, scoped_grids,
)
from forms.validators import NotInFuture
from portal.extensions import db
from portal.models import Grid, Lead, ScreeningRound
from portal.services.access import Action, Area
from portal.services.screening.rounds import check_round

MAX_VISITS = 1_000_000


def places_formatter(view, context, model, name):
    return "、".join(grid_label(grid) for grid in model.grids) if name == "grids" else "、".join(
        community.name for community in model.communities)


def findings_formatter(view, context, model, name):
    from flask_babel import gettext, ngettext

    if model.found_none:
        return gettext("Nothing found")
    count = len(model.leads)
    return ngettext("%(num)d lead", "%(num)d leads", count) if count else gettext("Not recorded yet")


class ThemeView(ScreeningStyles, PortalModelView):
    area = Area.SCREENING_THEMES
    column_list = ("name", "starts_on", "ends_on")
    column_details_list = ("name", "starts_on", "ends_on", "description", "created_at", "created_by", "updated_at", "updated_by")
    column_searchable_list = ("name",)
    column_sortable_list = ("name", "starts_on", "ends_on")
    column_default_sort = ("starts_on", True)
    form_columns = ("name", "starts_on", "ends_on", "description")
    unique_checks = (("name",),)

    def on_model_change(self, form, model, is_created):
        if model.starts_on and model.ends_on and model.ends_on < model.starts_on:
            raise ValidationError(gettext("A theme cannot end before it starts."))
        super().on_model_change(form, model, is_created)

    def delete_model(self, model):
        if db.session.scalar(select(ScreeningRound.id).where(ScreeningRound.theme_id == model.id).limit(1)):
            from flask import flash
            from flask_babel import gettext

            flash(gettext("Rounds were held under this theme: it cannot be deleted."), "error")
            return False
        return super().delete_model(model)


class RoundView(ScreeningStyles, PortalModelView):
    area = Area.SCREENING
    details_template = "admin/portal/screening/round_details.html"
    column_list = ("held_on", "kind", "theme", "street", "committee", "grids", "households_visited", "units_visited", "leads")
    column_details_list = (
        "kind", "theme", "street", "committee", "held_on", "ended_on", "screeners", "grids", "communities",
        "households_visited", "units_visited", "leads", "notes", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = ("held_on", "ended_on", "kind", "theme", "street", "committee", "screeners", "grids",
                          "communities", "households_visited", "units_visited", "leads")
    column_searchable_list = ("screeners",)
    column_select_related_list = (ScreeningRound.street, ScreeningRound.committee, ScreeningRound.theme)  # collections: get_query
    column_sortable_list = ("held_on", "kind", "households_visited", "units_visited")
    column_default_sort = ("held_on", True)
    form_columns = ("kind", "theme", "street", "committee", "held_on", "ended_on", "screeners", "grids",
                    "communities", "households_visited", "units_visited", "found_none", "notes")
    form_args = {
        "street": {"query_factory": visible_streets(Area.SCREENING), "validators": [InputRequired()]},
        "committee": {"query_factory": scoped_committees, "blank_text": "—"},
        "theme": {"blank_text": "—"},
        "grids": {"query_factory": scoped_grids, "get_label": grid_label},
        "communities": {"query_factory": scoped_communities},
        "held_on": {"validators": [InputRequired(), NotInFuture()]},
        "ended_on": {"validators": [Optional(), NotInFuture()]},
        "screeners": {"validators": [InputRequired()]},
        "households_visited": {"validators": [InputRequired(), NumberRange(min=0, max=MAX_VISITS)]},
        "units_visited": {"validators": [InputRequired(), NumberRange(min=0, max=MAX_VISITS)]},
    }
    column_descriptions = {
        "theme": _l("Special rounds only: the theme the district set."),
        "screeners": _l("Names of the people who screened (mediators, grid workers, office staff)."),
        "communities": _l("A community screened as a whole covers all its grids."),
        "found_none": _l("Tick when the round found no dispute or risk; otherwise record each lead found from the round's page."),
    }

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area), "kind", "theme.name", "held_on")
        self.column_formatters = {"grids": places_formatter, "communities": places_formatter, "leads": findings_formatter}
        self.column_formatters_export = dict(self.column_formatters)
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(
            selectinload(ScreeningRound.grids).joinedload(Grid.community), selectinload(ScreeningRound.communities),
            selectinload(ScreeningRound.leads),
        )

    def on_model_change(self, form, model, is_created):
        as_validation_error(check_round, model)
        super().on_model_change(form, model, is_created)

    def delete_model(self, model):
        if db.session.scalar(select(Lead.id).where(Lead.round_id == model.id).limit(1)):
            from flask import flash
            from flask_babel import gettext

            flash(gettext("Leads were recorded in this round: it cannot be deleted. Correct it instead."), "error")
            return False
        return super().delete_model(model)

    def details_context(self, model):
        may_add = self.permits(Action.CREATE) and not model.found_none
        return {
            "leads": model.leads,
            "add_lead_url": url_for("screening_leads.create_view", round_id=model.id,
                                    url=request.url) if may_add else None,
        }
