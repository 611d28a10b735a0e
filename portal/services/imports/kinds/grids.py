"""Grids (網格), matched by their code within the community. (Their reporters are records of
their own: portal.services.imports.kinds.reporters.)"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_

from portal.extensions import db
from portal.models import Grid
from portal.services.access import Area
from portal.services.imports.kinds.base import COMMUNITY_HEADERS, Column, Kind
from portal.services.imports.values import Code, Ref, Text


class GridImport(Kind):
    key = "grids"
    label = _l("Grids")
    model = Grid
    area = Area.GEOGRAPHY
    key_column = "code"
    street_column = "community"
    help = _l("One row per grid. A grid is matched by its code within its community: the same "
              "file imported again updates the grids instead of adding them twice.")
    columns = (
        Column("community", Ref("community"), required=True, aliases=("社区代码", "社區代碼", "Community code", *COMMUNITY_HEADERS),
               example="和平社区"),
        Column("code", Code(20), required=True, example="HP-01"),
        Column("name", Text(60), required=True, example="和平社区第一网格"),
    )

    def natural_key(self, row, run):
        community, code = row.values.get("community"), row.values.get("code")
        return (community.id, code) if community is not None and code else None

    def load_existing(self, rows, run):
        keys = [row.key for row in rows if row.key is not None]
        if not keys:
            return {}
        records = db.session.scalars(select(Grid).where(tuple_(Grid.community_id, Grid.code).in_(keys)))
        return {(grid.community_id, grid.code): grid for grid in records}
