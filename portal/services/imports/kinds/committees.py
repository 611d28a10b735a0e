"""Mediation committees with their place (street, community, grid) and parent committee.

A committee is matched by its register code; a row without a code (or whose code is new) is
matched by its name within its street, so an export without codes imports back unchanged and a
ledger can give existing committees their codes. Parents may be committees already in the
portal or listed further up in the same file.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import Committee, CommitteeLevel
from portal.services.access import Area
from portal.services.imports.kinds.base import COMMUNITY_HEADERS, Column, Kind
from portal.services.imports.values import Choice, Code, DateValue, Phone, Ref, Text, YesNo, norm

MAX_DEPTH = 12  # parent chains in a district are three or four deep


class FileCommittee:
    """A committee a previewed row would create: what a later row may name as its parent."""

    id = None

    def __init__(self, values, street_id):
        self.name = values.get("name")
        self.code = values.get("code")
        self.short_name = values.get("short_name")
        self.street_id = street_id
        self.parent = values.get("parent")

    def __str__(self):
        return self.name or ""


class CommitteeImport(Kind):
    key = "committees"
    label = _l("Mediation committees")
    model = Committee
    area = Area.ORGANISATION
    key_column = "code"
    street_column = "street"
    help = _l("One row per committee. A committee is matched by its code, or by its name within "
              "its street when it has none; list parent committees above the committees under them.")
    columns = (
        Column("code", Code(20), example="DH-HP"),
        Column("name", Text(100), required=True, aliases=("调委会名称", "委员会名称"), example="和平社区人民调解委员会"),
        Column("short_name", Text(20), example="和平"),
        Column("level", Choice(CommitteeLevel), required=True, aliases=("级别", "級別"), example=CommitteeLevel.COMMUNITY),
        Column("parent", Ref("parent_committee", street_from="street"), late=True, example=None),
        Column("street", Ref("street"), example=None),
        Column("community", Ref("community", street_from="street"), aliases=COMMUNITY_HEADERS, example=None),
        Column("grid", Ref("grid", street_from="street"), example=None),
        Column("address", Text(200), example="和平社区服务中心101室"),
        Column("phone", Phone("any"), aliases=("联系电话",), example="010-64012345"),
        Column("opening_hours", Text(120), example="周一至周五 9:00-17:00"),
        Column("established_on", DateValue(not_future=True), example="2018-03-01"),
        Column("registered_on", DateValue(not_future=True), aliases=("登记日期",), example="2018-03-15"),
        Column("is_public", YesNo(), example=True),
    )

    # --- matching ----------------------------------------------------------------------------------
    def natural_key(self, row, run):
        code = row.values.get("code")
        if code:
            return code
        name = row.values.get("name")
        return ("name", self.street_of(row.values, None, run), norm(name)) if name else None

    def load_existing(self, rows, run):
        codes = [row.key for row in rows if isinstance(row.key, str)]
        names = {row.values.get("name") for row in rows if row.values.get("name")}
        found = db.session.scalars(select(Committee).where(or_(
            Committee.code.in_(codes) if codes else False, Committee.name.in_(names) if names else False,
        ))).all()
        by_code = {c.code: c for c in found if c.code}
        by_name = {(c.street_id, norm(c.name)): c for c in found}
        run.cache.setdefault("by_name", {}).update(by_name)
        matches = {}
        for row in rows:
            if row.key is None:
                continue
            record = by_code.get(row.key) if isinstance(row.key, str) else None
            if record is None:
                named = by_name.get((self.street_of(row.values, None, run), norm(row.values.get("name"))))
                # A committee of that name takes the row unless it already has another code.
                if named is not None and (named.code is None or named.code == row.values.get("code")):
                    record = named
            if record is not None:
                matches[row.key] = record
        return matches

    def street_of(self, values, record, run):
        community, grid = values.get("community"), values.get("grid")
        if community is not None:
            return community.street_id
        if grid is not None:
            return grid.community.street_id
        return super().street_of(values, record, run)

    # --- rules -------------------------------------------------------------------------------------
    def check(self, row, record, run):
        values = row.values
        street, community, grid = values.get("street"), values.get("community"), values.get("grid")
        if street is not None and community is not None and community.street_id != street.id:
            row.fail("community", "community_street", community=community.name, street=street.name)
        if community is not None and grid is not None and grid.community_id != community.id:
            row.fail("grid", "grid_community", grid=grid.name, community=community.name)
        established = values.get("established_on", getattr(record, "established_on", None))
        registered = values.get("registered_on", getattr(record, "registered_on", None))
        if established and registered and registered < established:
            row.fail("registered_on", "not_before", what=str(self.by_key["established_on"].label))
        self._check_unique(row, record, run)
        self._check_parent(row, record)

    def _check_unique(self, row, record, run):
        """Short names go into case numbers and names are unique per street, as the form requires."""
        taken = self._short_names(run)
        short = row.values.get("short_name")
        if short and not (record is not None and record.short_name == short):  # only a new short name
            owner = taken.get(short)
            if owner is not None and owner != (record.id if record is not None else None) and owner != ("row", row.number):
                row.fail("short_name", "unique_taken", value=short)
            else:
                taken[short] = record.id if record is not None else ("row", row.number)
        if record is None and "name" in row.values:
            key = (self.street_of(row.values, None, run), norm(row.values["name"]))
            if key in run.cache.get("by_name", {}):
                row.fail("name", "unique_taken", value=row.values["name"])

    def _short_names(self, run):
        if "short_names" not in run.cache:
            run.cache["short_names"] = dict(db.session.execute(
                select(Committee.short_name, Committee.id).where(Committee.short_name != "")
            ).all())
        return run.cache["short_names"]

    def _check_parent(self, row, record):
        parent = row.values.get("parent")
        if parent is None:
            return
        node, depth = parent, 0
        while node is not None and depth < MAX_DEPTH:
            if node is record or (record is not None and getattr(node, "id", None) == record.id):
                row.fail("parent", "parent_cycle")
                return
            node, depth = getattr(node, "parent", None), depth + 1

    # --- saving ------------------------------------------------------------------------------------
    def after_assign(self, record, row, run):
        # The street now rather than at flush, so rows further down see it as the preview did.
        street_id = self.street_of(row.values, record, run)
        if street_id is not None and record.street_id != street_id:
            record.street_id = street_id

    def after_row(self, row, run):
        """A committee this file creates may be the parent of rows further down."""
        if row.status != "new":
            return
        created = row.record if run.save else FileCommittee(row.values, self.street_of(row.values, None, run))
        run.index("parent_committee").add(created)
        run.cache.setdefault("by_name", {})[(created.street_id, norm(created.name))] = created
