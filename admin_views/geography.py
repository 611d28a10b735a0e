from sqlalchemy.orm import selectinload

from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import street_filter
from admin_views.imports import ImportableMixin
from portal.models import Community, District, Grid, Street
from portal.services.access import Area


class DistrictView(PortalModelView):
    area = Area.GEOGRAPHY
    column_list = ("code", "name")
    column_searchable_list = ("name", "code")
    form_columns = ("code", "name")
    unique_checks = (("code",),)
    column_default_sort = "code"


class StreetView(PortalModelView):
    area = Area.GEOGRAPHY
    column_list = ("code", "name", "district", "is_pilot")
    column_searchable_list = ("name", "code")
    column_filters = ("is_pilot",)
    column_sortable_list = ("code", "name", "is_pilot")
    column_default_sort = "code"
    form_columns = ("district", "code", "name", "is_pilot")
    unique_checks = (("code",),)


class CommunityView(PortalModelView):
    area = Area.GEOGRAPHY
    column_list = ("code", "name", "kind", "street")
    column_searchable_list = ("name", "code")
    column_sortable_list = ("code", "name", ("street", "street.code"))
    column_default_sort = "code"
    form_columns = ("street", "code", "name", "kind")
    unique_checks = (("code",),)

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area), "kind")
        super().__init__(model, **kwargs)


def reporters_formatter(view, context, model, name):
    """The grid's reporters who are still reporting (kept in Screening → Grid reporters)."""
    return "、".join(reporter.name for reporter in model.reporters if reporter.active)


class GridView(ImportableMixin, PortalModelView):
    import_kind = "grids"
    area = Area.GEOGRAPHY
    column_list = ("code", "name", "community", "reporters")
    column_details_list = ("code", "name", "community", "reporters", "created_at", "created_by", "updated_at", "updated_by")
    column_export_list = ("code", "name", "community", "reporters")
    column_searchable_list = ("name", "code")
    column_select_related_list = (Grid.community,)  # the reporters: get_query
    column_sortable_list = ("code", "name")
    column_default_sort = "code"
    form_columns = ("community", "code", "name")
    unique_checks = (("community_id", "code"),)

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area, column=Community.street_id), "community.name")
        self.column_formatters = {"reporters": reporters_formatter}
        self.column_formatters_export = {"reporters": reporters_formatter}
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(selectinload(Grid.reporters))

    form_ajax_refs = {"community": ScopedLoader("community", Community, Area.GEOGRAPHY, fields=["name", "code"])}


VIEWS = (
    (DistrictView, District, "districts"),
    (StreetView, Street, "streets"),
    (CommunityView, Community, "communities"),
    (GridView, Grid, "grids"),
)
