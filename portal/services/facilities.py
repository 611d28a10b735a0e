"""Facilities: each office's "three in place", the equipment inventory, room bookings by week.

"Three in place" (三個到位) is funds, office space and equipment. The checklist is derived
from the records themselves: a funds record for the year, the office's own facilities by kind,
and working equipment (not out of order) in them, by kind. What each office must have is the
list the district's work plan gives (DOMAIN.md, Facilities).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import (
    Condition, Equipment, EquipmentKind, Facility, FacilityKind, JudicialOffice, MediationSession,
    OfficeFunding, RoomBooking, Street,
)

# What a judicial office must have, by lookup code.
REQUIRED_FACILITY_KINDS = ("office", "mediation_room")
REQUIRED_EQUIPMENT_KINDS = ("computer", "phone", "archive_cabinet", "vehicle", "notice_board")

GROUPS = {
    "funds": _l("Funds"),
    "space": _l("Office space"),
    "equipment": _l("Equipment"),
}


@dataclass
class CheckItem:
    group: str        # funds, space or equipment
    kind: object      # the FacilityKind or EquipmentKind required (None for funds)
    count: Decimal    # funds: the amount; otherwise how many
    ok: bool

    @property
    def label(self):
        return GROUPS["funds"] if self.kind is None else self.kind.label


@dataclass
class OfficeChecklist:
    office: JudicialOffice
    items: list = field(default_factory=list)

    @property
    def missing(self):
        return [item for item in self.items if not item.ok]

    @property
    def complete(self):
        return not self.missing


def _kinds(model, codes):
    """{code: lookup} for the codes still in use, in the order given."""
    found = {k.code: k for k in db.session.scalars(select(model).where(model.code.in_(codes), model.is_active.is_(True)))}
    return {code: found[code] for code in codes if code in found}


def office_checklists(offices, year):
    """One OfficeChecklist per office, in the order given, from four grouped queries."""
    office_ids = [office.id for office in offices]
    funds = dict(db.session.execute(
        select(OfficeFunding.judicial_office_id, func.sum(OfficeFunding.amount))
        .where(OfficeFunding.judicial_office_id.in_(office_ids), OfficeFunding.year == year)
        .group_by(OfficeFunding.judicial_office_id)
    ).all())
    facility_kinds = _kinds(FacilityKind, REQUIRED_FACILITY_KINDS)
    equipment_kinds = _kinds(EquipmentKind, REQUIRED_EQUIPMENT_KINDS)
    rooms = defaultdict(int)
    for office_id, kind_id, n in db.session.execute(
        select(Facility.judicial_office_id, Facility.kind_id, func.count(Facility.id))
        .where(Facility.judicial_office_id.in_(office_ids))
        .group_by(Facility.judicial_office_id, Facility.kind_id)
    ):
        rooms[(office_id, kind_id)] = n
    kit = defaultdict(int)
    for office_id, kind_id, n in db.session.execute(
        select(Facility.judicial_office_id, Equipment.kind_id, func.sum(Equipment.quantity))
        .join(Facility, Facility.id == Equipment.facility_id)
        .where(Facility.judicial_office_id.in_(office_ids), Equipment.condition != Condition.BROKEN)
        .group_by(Facility.judicial_office_id, Equipment.kind_id)
    ):
        kit[(office_id, kind_id)] = int(n or 0)

    result = []
    for office in offices:
        amount = Decimal(funds.get(office.id) or 0)
        checklist = OfficeChecklist(office=office)
        checklist.items.append(CheckItem("funds", None, amount, amount > 0))
        for kind in facility_kinds.values():
            n = rooms[(office.id, kind.id)]
            checklist.items.append(CheckItem("space", kind, n, n > 0))
        for kind in equipment_kinds.values():
            n = kit[(office.id, kind.id)]
            checklist.items.append(CheckItem("equipment", kind, n, n > 0))
        result.append(checklist)
    return result


def offices_in_scope(street_limit=None, street_id=None):
    query = select(JudicialOffice).join(Street, Street.id == JudicialOffice.street_id).options(
        joinedload(JudicialOffice.street)
    )
    if street_limit is not None:
        query = query.where(JudicialOffice.street_scope(street_limit))
    if street_id is not None:
        query = query.where(JudicialOffice.street_id == street_id)
    return db.session.scalars(query.order_by(Street.code, JudicialOffice.id)).all()


# --- equipment inventory -------------------------------------------------------------------------

@dataclass
class Inventory:
    kinds: list                          # EquipmentKind, in their set order
    streets: list                        # (street id, name) with any equipment, by code
    by_street: dict                      # (street id, kind id) -> quantity
    by_condition: dict                   # (kind id, condition) -> quantity

    def street_total(self, street_id):
        return sum(q for (s, _k), q in self.by_street.items() if s == street_id)

    def kind_total(self, kind_id):
        return sum(q for (_s, k), q in self.by_street.items() if k == kind_id)

    @property
    def total(self):
        return sum(self.by_street.values())


def _equipment_conditions(street_limit, street_id, kind_id, condition):
    conditions = []
    if street_limit is not None:
        conditions.append(Facility.street_scope(street_limit))
    if street_id is not None:
        conditions.append(Facility.street_id == street_id)
    if kind_id is not None:
        conditions.append(Equipment.kind_id == kind_id)
    if condition:
        conditions.append(Equipment.condition == condition)
    return conditions


def equipment_inventory(*, street_limit=None, street_id=None, kind_id=None, condition=None):
    """Quantities by street and kind, and by kind and condition, from two grouped queries."""
    conditions = _equipment_conditions(street_limit, street_id, kind_id, condition)
    base = select().select_from(Equipment).join(Facility, Facility.id == Equipment.facility_id).where(*conditions)
    by_street = {
        (s, k): int(q or 0) for s, k, q in db.session.execute(
            base.add_columns(Facility.street_id, Equipment.kind_id, func.sum(Equipment.quantity))
            .group_by(Facility.street_id, Equipment.kind_id)
        )
    }
    by_condition = {
        (k, c): int(q or 0) for k, c, q in db.session.execute(
            base.add_columns(Equipment.kind_id, Equipment.condition, func.sum(Equipment.quantity))
            .group_by(Equipment.kind_id, Equipment.condition)
        )
    }
    used_kinds = {k for (_s, k) in by_street}
    kinds = [k for k in db.session.scalars(select(EquipmentKind).order_by(EquipmentKind.sort_order, EquipmentKind.id))
             if k.id in used_kinds or (k.is_active and kind_id is None)]
    street_ids = {s for (s, _k) in by_street}
    streets = [(s.id, s.name) for s in db.session.scalars(select(Street).where(Street.id.in_(street_ids)).order_by(Street.code))]
    if None in street_ids:  # facilities of district-level committees
        streets.append((None, ""))
    return Inventory(kinds=kinds, streets=streets, by_street=by_street, by_condition=by_condition)


def equipment_items(*, street_limit=None, street_id=None, kind_id=None, condition=None, limit=50_000):
    """Each equipment row with its facility and owner, for the export."""
    conditions = _equipment_conditions(street_limit, street_id, kind_id, condition)
    return db.session.scalars(
        select(Equipment).join(Facility, Facility.id == Equipment.facility_id).where(*conditions)
        .options(
            joinedload(Equipment.kind),
            joinedload(Equipment.facility).joinedload(Facility.street),
            joinedload(Equipment.facility).joinedload(Facility.judicial_office),
            joinedload(Equipment.facility).joinedload(Facility.committee),
            joinedload(Equipment.facility).joinedload(Facility.kind),
        )
        .order_by(Facility.street_id, Facility.id, Equipment.id)
        .limit(limit)
    ).all()


# --- bookable rooms and their week ------------------------------------------------------------------

def bookable_rooms(*, street_limit=None, street_id=None, office=None):
    """Bookable rooms: of an office's street (the office's own first), or of a street."""
    query = (
        select(Facility).join(FacilityKind, FacilityKind.id == Facility.kind_id)
        .where(FacilityKind.bookable.is_(True))
        .options(joinedload(Facility.judicial_office), joinedload(Facility.committee))
    )
    if street_limit is not None:
        query = query.where(Facility.street_scope(street_limit))
    if office is not None:
        query = query.where(Facility.street_id == office.street_id)
    elif street_id is not None:
        query = query.where(Facility.street_id == street_id)
    rooms = db.session.scalars(query.order_by(Facility.name, Facility.id)).all()
    if office is not None:
        rooms.sort(key=lambda room: room.judicial_office_id != office.id)
    return rooms


def booking_links():
    """Loader options for what bookings are for (a training session; a mediation session and its
    case), so that describing a list or a week of bookings costs no query per booking."""
    return (
        selectinload(RoomBooking.training_session),
        selectinload(RoomBooking.mediation_session).selectinload(MediationSession.case),
    )


def week_start(day):
    return day - timedelta(days=day.weekday())


def week_bookings(rooms, monday):
    """{(room id, day): [bookings starting or running that day]} for the week from ``monday``."""
    start = datetime.combine(monday, datetime.min.time())
    end = start + timedelta(days=7)
    found = db.session.scalars(
        select(RoomBooking)
        .where(
            RoomBooking.facility_id.in_([room.id for room in rooms]),
            RoomBooking.starts_at < end, RoomBooking.ends_at > start,
        )
        .options(*booking_links())
        .order_by(RoomBooking.starts_at)
    ).all()
    cells = defaultdict(list)
    for booking in found:
        day = max(booking.starts_at.date(), monday)
        last = min((booking.ends_at - timedelta(microseconds=1)).date(), monday + timedelta(days=6))
        while day <= last:
            cells[(booking.facility_id, day)].append(booking)
            day += timedelta(days=1)
    return cells


def week_days(monday):
    return [monday + timedelta(days=i) for i in range(7)]

