from flask_babel import lazy_gettext as _l

from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
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
    column_filters = ("street", "kind")
    column_sortable_list = ("code", "name", ("street", "street.code"))
    column_default_sort = "code"
    form_columns = ("street", "code", "name", "kind")
    unique_checks = (("code",),)


class GridView(PortalModelView):
    area = Area.GEOGRAPHY
    column_list = ("code", "name", "community", "reporter_name")
    column_searchable_list = ("name", "code", "reporter_name")
    column_filters = ("community.street", "community.name")
    column_sortable_list = ("code", "name")
    column_default_sort = "code"
    form_columns = ("community", "code", "name", "reporter_name")
    unique_checks = (("community_id", "code"),)
    column_labels = {"community.street": _l("Street"), "community.name": _l("Community / village")}

    form_ajax_refs = {"community": ScopedLoader("community", Community, Area.GEOGRAPHY, fields=["name", "code"])}


VIEWS = (
    (DistrictView, District, "districts"),
    (StreetView, Street, "streets"),
    (CommunityView, Community, "communities"),
    (GridView, Grid, "grids"),
)
