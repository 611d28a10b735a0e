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


class GridView(ImportableMixin, PortalModelView):
    import_kind = "grids"
    area = Area.GEOGRAPHY
    column_list = ("code", "name", "community", "reporter_name")
    column_searchable_list = ("name", "code", "reporter_name")
    column_sortable_list = ("code", "name")
    column_default_sort = "code"
    form_columns = ("community", "code", "name", "reporter_name")
    unique_checks = (("community_id", "code"),)

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area, column=Community.street_id), "community.name")
        super().__init__(model, **kwargs)

    form_ajax_refs = {"community": ScopedLoader("community", Community, Area.GEOGRAPHY, fields=["name", "code"])}


VIEWS = (
    (DistrictView, District, "districts"),
    (StreetView, Street, "streets"),
    (CommunityView, Community, "communities"),
    (GridView, Grid, "grids"),
)
