"""Grid reporters (網格信息員) and the grids they report from.

A reporter is matched by name within the street of their grids (a ledger of reporters has no ID
numbers), so the same file imported again updates people instead of adding them twice. The grids
listed on a row are the reporter's grids, as on the form: all in one street.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models.screening import Reporter, ReporterKind
from portal.services.access import Area
from portal.services.imports.kinds.base import Column, Kind
from portal.services.imports.values import Choice, Phone, RefList, Text, YesNo, norm


class ReporterImport(Kind):
    key = "grid_reporters"
    label = _l("Grid reporters")
    model = Reporter
    area = Area.SCREENING
    key_column = "name"
    derived = ("street",)  # exports show it; it follows the grids
    help = _l("One row per reporter, with the codes or names of their grids (all in one street). A reporter "
              "is matched by name within that street: importing the file again updates them.")
    columns = (
        Column("name", Text(40), required=True, example="王建国"),
        Column("phone", Phone("personal", masked=True, max_length=30), aliases=("手机", "手機", "联系电话"),
               example="13812345678"),
        Column("kind", Choice(ReporterKind), example=ReporterKind.GRID_WORKER),
        Column("grids", RefList("grid"), required=True, aliases=("网格", "網格", "所在网格"), example="HP-01"),
        Column("active", YesNo(), example=True),
        Column("notes", Text(5000, multiline=True)),
    )

    # --- matching ----------------------------------------------------------------------------------
    def street_of(self, values, record, run):
        grids = [grid for grid in values.get("grids") or [] if grid is not None]
        if grids:
            return grids[0].community.street_id
        return record.street_id if record is not None else run.default_street

    def natural_key(self, row, run):
        name = norm(row.values.get("name"))
        return ("reporter", self.street_of(row.values, None, run), name) if name else None

    def load_existing(self, rows, run):
        names = {row.values.get("name") for row in rows}
        found, named = {}, {}
        query = select(Reporter).where(Reporter.name.in_(names)).options(selectinload(Reporter.grids))
        for reporter in db.session.scalars(query):
            named.setdefault(("reporter", reporter.street_id, norm(reporter.name)), []).append(reporter)
        for row in rows:
            candidates = named.get(row.key, [])
            if len(candidates) == 1:
                found[row.key] = candidates[0]
            elif candidates:
                row.fail("name", "ambiguous_person", value=row.values.get("name"))
        return found

    # --- rules (as the reporter form's) -------------------------------------------------------------
    def check(self, row, record, run):
        grids = [grid for grid in row.values.get("grids") or [] if grid is not None]
        if len({grid.community.street_id for grid in grids}) > 1:
            row.fail("grids", "grids_one_street")
