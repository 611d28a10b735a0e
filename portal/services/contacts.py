"""Contact points for the public, drawn only from records the offices marked public.

Judicial offices, mediation committees, judge liaison points, and the legal consultation rooms
and talk points among facilities. Only name, kind, street, community, address, phone, opening
hours and a liaison point's judge (whose name the point posts) ever leave this module: no
judge's phone, no head's name, no notes.
"""
from dataclasses import dataclass

from sqlalchemy import Integer, String, case, cast, func, literal, null, or_, select, union_all

from portal.extensions import db
from portal.models import Committee, Community, Facility, FacilityKind, JudgeLiaisonPoint, JudicialOffice, Street
from portal.models.content import ContactKind
from portal.models.organisation import CommitteeLevel
from portal.services.inputs import clean_term, parse_id

# Facility kinds (by lookup code) that are contact points.
FACILITY_KINDS = {"legal_consultation": ContactKind.LEGAL_CONSULTATION, "talk_point": ContactKind.TALK_POINT}
KIND_ORDER = {kind: index for index, kind in enumerate(ContactKind)}


@dataclass(frozen=True)
class ContactPoint:
    kind: str
    id: int
    name: str
    level: str | None
    street_code: str | None
    street_name: str | None
    address: str
    phone: str
    opening_hours: str
    community_name: str | None = None
    judge_name: str | None = None  # liaison points: the liaison judge

    @property
    def key(self):
        return f"{self.kind}-{self.id}"

    @property
    def kind_label(self):
        return ContactKind.label_of(self.kind)

    @property
    def level_label(self):
        return CommitteeLevel.label_of(self.level) if self.level else ""


def _none(type_=String(16)):
    return cast(null(), type_)


def _columns(kind, model, level=None, community_id=None, judge=None):
    """The contact point's columns; ``community_id`` is where it lies (None: it serves the street)."""
    community_id = community_id if community_id is not None else _none(Integer())
    return (
        literal(str(kind), String(20)).label("kind"),
        model.id.label("id"),
        model.name.label("name"),
        (level if level is not None else _none()).label("level"),
        Street.code.label("street_code"),
        Street.name.label("street_name"),
        model.street_id.label("street_id"),
        community_id.label("community_id"),
        select(Community.name).where(Community.id == community_id).scalar_subquery().label("community_name"),
        model.address.label("address"),
        model.phone.label("phone"),
        model.opening_hours.label("opening_hours"),
        (judge if judge is not None else _none(String(40))).label("judge_name"),
    )


def _facility_select(kind, code):
    # A committee's room lies in the committee's community; an office's serves the street.
    community = select(Committee.community_id).where(Committee.id == Facility.committee_id).scalar_subquery()
    return (
        select(*_columns(kind, Facility, community_id=community))
        .join(FacilityKind, FacilityKind.id == Facility.kind_id)
        .outerjoin(Street, Street.id == Facility.street_id)
        .where(Facility.is_public.is_(True), FacilityKind.code == code)
    )


def _selects(kind=None):
    parts = {
        ContactKind.JUDICIAL_OFFICE: lambda: select(*_columns(ContactKind.JUDICIAL_OFFICE, JudicialOffice))
        .outerjoin(Street, Street.id == JudicialOffice.street_id).where(JudicialOffice.is_public.is_(True)),
        ContactKind.COMMITTEE: lambda: select(*_columns(
            ContactKind.COMMITTEE, Committee, Committee.level, community_id=Committee.community_id))
        .outerjoin(Street, Street.id == Committee.street_id).where(Committee.is_public.is_(True)),
        ContactKind.LIAISON_POINT: lambda: select(*_columns(
            ContactKind.LIAISON_POINT, JudgeLiaisonPoint, community_id=JudgeLiaisonPoint.community_id,
            judge=JudgeLiaisonPoint.judge_name))
        .outerjoin(Street, Street.id == JudgeLiaisonPoint.street_id).where(JudgeLiaisonPoint.is_public.is_(True)),
    }
    for code, facility_kind in FACILITY_KINDS.items():
        parts[facility_kind] = (lambda c=code, k=facility_kind: _facility_select(k, c))
    return [build() for key, build in parts.items() if kind is None or key == kind]


def contacts_query(*, street_id=None, kind=None, search=None, community=None):
    """A subquery of public contact points matching the filters (kind given as ContactKind).

    ``community`` (a Community) gives the points in that community and those serving its whole
    street (the judicial office, the street's committee): where someone living there can go.
    """
    selects = []
    for part in _selects(kind):
        columns = part.selected_columns
        if community is not None:
            part = part.where(columns.street_id == community.street_id, or_(
                columns.community_id == community.id, columns.community_id.is_(None)))
        if street_id is not None:
            part = part.where(columns.street_id == street_id)
        if search:
            part = part.where(part.selected_columns.name.icontains(search, autoescape=True))
        selects.append(part)
    return union_all(*selects).subquery("contacts")


def parse_kind(value):
    try:
        return ContactKind(value) if value else None
    except ValueError:
        return None


def search_contacts(*, street_id=None, kind=None, search=None, page=1, per_page=20, community=None):
    """One page of contact points (ordered by kind, street, name) and the total count."""
    search = clean_term(search)
    contacts = contacts_query(street_id=street_id, kind=kind, search=search, community=community)
    total = db.session.scalar(select(func.count()).select_from(contacts))
    kind_rank = _kind_rank(contacts.c.kind)
    rows = db.session.execute(
        select(contacts)
        .order_by(kind_rank, contacts.c.street_code.nulls_first(), contacts.c.name, contacts.c.id)
        .offset((page - 1) * per_page).limit(per_page)
    ).mappings().all()
    return [_point(row) for row in rows], total


def _kind_rank(column):
    return case({str(kind): rank for kind, rank in KIND_ORDER.items()}, value=column, else_=99)


def _point(row):
    return ContactPoint(
        kind=row["kind"], id=row["id"], name=row["name"], level=row["level"],
        street_code=row["street_code"], street_name=row["street_name"], address=row["address"] or "",
        phone=row["phone"] or "", opening_hours=row["opening_hours"] or "",
        community_name=row["community_name"], judge_name=row["judge_name"] or None,
    )


def public_contact(kind, record_id):
    """One public contact point, or None when it does not exist or is not public."""
    kind = parse_kind(kind)
    record_id = parse_id(record_id)
    if kind is None or record_id is None:
        return None
    contacts = contacts_query(kind=kind)
    row = db.session.execute(select(contacts).where(contacts.c.id == int(record_id))).mappings().first()
    return _point(row) if row else None


def public_contacts(pairs):
    """Public contact points for many (kind, id) pairs at once, as {(kind, id): ContactPoint}."""
    found = {}
    by_kind = {}
    for kind, record_id in pairs:
        if parse_kind(kind) is not None and record_id is not None:
            by_kind.setdefault(ContactKind(kind), set()).add(int(record_id))
    for kind, ids in by_kind.items():
        contacts = contacts_query(kind=kind)
        for row in db.session.execute(select(contacts).where(contacts.c.id.in_(ids))).mappings():
            found[(str(kind), row["id"])] = _point(row)
    return found


def search_for_picker(kind, term, limit=20):
    """(id, label) of public contact points of ``kind`` whose name contains ``term`` (admin picker)."""
    kind = parse_kind(kind)
    if kind is None:
        return []
    contacts = contacts_query(kind=kind, search=clean_term(term))
    rows = db.session.execute(select(contacts).order_by(contacts.c.name).limit(limit)).mappings().all()
    return [(row["id"], _picker_label(row)) for row in rows]


def _picker_label(row):
    return f"{row['name']} · {row['street_name']}" if row["street_name"] else row["name"]


def streets():
    return db.session.scalars(select(Street).order_by(Street.code)).all()


def streets_with_communities():
    from sqlalchemy.orm import selectinload

    return db.session.scalars(select(Street).options(selectinload(Street.communities)).order_by(Street.code)).all()


def street_by_code(code):
    code = clean_term(code, limit=20)
    return db.session.scalar(select(Street).where(Street.code == code)) if code else None


def communities_of(street):
    """The communities of ``street`` a reader can filter by, in code order."""
    if street is None:
        return []
    return db.session.scalars(select(Community).where(Community.street_id == street.id).order_by(Community.code)).all()


def community_by_code(code, street=None):
    """The community with ``code`` (in ``street`` when given), or None."""
    code = clean_term(code, limit=20)
    if not code:
        return None
    query = select(Community).where(Community.code == code)
    if street is not None:
        query = query.where(Community.street_id == street.id)
    return db.session.scalar(query)
