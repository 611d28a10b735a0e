"""The records a row may name (streets, communities, committees, grids, partner bodies,
mediators), found by code or name in any script, among those the importing user may use.

Each index is built once per run with one query, so a 20,000-row file resolves its references
without a query per row.
"""
from sqlalchemy import select

from portal.extensions import db
from portal.services.imports.messages import Problem
from portal.services.imports.values import norm

SMALL = 300  # an index this small is listed on the template's sheet of allowed values


class RecordIndex:
    """Records by normalised code and by normalised name(s)."""

    def __init__(self, what, records, *, codes=(), names=("name",), street=lambda r: getattr(r, "street_id", None)):
        self.what = what
        self.street = street
        self.codes, self.names = codes, names
        self.records, self.by_code, self.by_name = [], {}, {}
        for record in records:
            self.add(record)
        self.small = len(self.records) <= SMALL

    def find(self, text, *, street_id=None):
        key = norm(text)
        candidates = self.by_code.get(key) or self.by_name.get(key) or []
        if len(candidates) > 1 and street_id is not None:
            narrowed = [r for r in candidates if self.street(r) == street_id]
            candidates = narrowed or candidates
        if not candidates:
            raise Problem("not_found", what=self.what, value=text)
        if len(candidates) > 1:
            raise Problem("ambiguous", what=self.what, value=text)
        return candidates[0]

    def offered(self):
        return sorted({str(r) for r in self.records})

    def add(self, record):
        """Index ``record`` (also one created earlier in the same file: a parent committee listed
        above its members)."""
        self.records.append(record)
        for attr in self.codes:
            key = norm(getattr(record, attr, None))
            if key:
                self.by_code.setdefault(key, []).append(record)
        for attr in self.names:
            key = norm(attr(record) if callable(attr) else getattr(record, attr, None))
            bucket = self.by_name.setdefault(key, []) if key else None
            if bucket is not None and record not in bucket:
                bucket.append(record)


def _scoped(model, limit):
    query = select(model)
    if limit is not None:
        query = query.where(model.street_scope(limit))
    return db.session.scalars(query.order_by(model.id)).all()


def streets(run):
    from portal.models import Street

    return RecordIndex("street", _scoped(Street, run.street_limit), codes=("code",), street=lambda r: r.id)


def communities(run):
    from portal.models import Community

    return RecordIndex("community", _scoped(Community, run.street_limit), codes=("code",))


def grids(run):
    from sqlalchemy.orm import joinedload

    from portal.models import Community, Grid

    query = select(Grid).join(Community).options(joinedload(Grid.community))
    if run.street_limit is not None:
        query = query.where(Community.street_id == run.street_limit)
    records = db.session.scalars(query.order_by(Grid.id)).all()
    # Also as lists and exports name a grid: "community · grid".
    names = ("code", "name", lambda g: f"{g.community.name} · {g.name}")
    return RecordIndex("grid", records, codes=(), names=names, street=lambda g: g.community.street_id)


def committees(run):
    from portal.models import Committee

    return RecordIndex("committee", _scoped(Committee, run.street_limit), codes=("code",), names=("name", "short_name"))


def parent_committees(run):
    """Committees a committee may sit under: the user's street's, and the district-level ones
    (a street committee's parent), which staff name but never change."""
    from sqlalchemy import or_

    from portal.models import Committee

    query = select(Committee)
    if run.street_limit is not None:
        query = query.where(or_(Committee.street_scope(run.street_limit), Committee.street_id.is_(None)))
    records = db.session.scalars(query.order_by(Committee.id)).all()
    return RecordIndex("committee", records, codes=("code",), names=("name", "short_name"))


def partners(run):
    from portal.models import PartnerBody

    records = db.session.scalars(select(PartnerBody).order_by(PartnerBody.id)).all()
    return RecordIndex("partner", records)


def courts(run):
    from portal.models import PartnerBody, PartnerKind

    records = db.session.scalars(
        select(PartnerBody).join(PartnerKind).where(PartnerKind.code == "court").order_by(PartnerBody.id)
    ).all()
    return RecordIndex("court", records)


class MediatorIndex(RecordIndex):
    """Mediators by ID number or name: light rows (a district has thousands), not objects."""

    def __init__(self, rows):
        super().__init__("mediator", rows, codes=("id_number",), names=("name",))
        self.small = False

    def offered(self):
        return []


class MediatorRow:
    __slots__ = ("id", "name", "id_number", "street_id", "status")

    def __init__(self, id, name, id_number, street_id, status):
        self.id, self.name, self.id_number, self.street_id, self.status = id, name, id_number, street_id, status

    def __str__(self):
        return self.name


def mediators_in(limit):
    from portal.models import Mediator

    query = select(Mediator.id, Mediator.name, Mediator.id_number, Mediator.street_id, Mediator.status)
    if limit is not None:
        query = query.where(Mediator.street_scope(limit))
    return MediatorIndex([MediatorRow(*row) for row in db.session.execute(query.order_by(Mediator.id))])


def mediators(run):
    from portal.services.access import Area, street_limit

    return mediators_in(street_limit(run.user, Area.MEDIATOR_NAMES) if run.user is not None else run.street_limit)


INDEXES = {
    "street": streets,
    "community": communities,
    "grid": grids,
    "committee": committees,
    "parent_committee": parent_committees,
    "partner": partners,
    "court": courts,
    "mediator": mediators,
}
