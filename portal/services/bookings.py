"""Room bookings: a room is held for one purpose at a time.

Double booking is refused here, under a row lock on the room, so two offices booking the same
slot at once cannot both succeed (SQLite serialises writers anyway; PostgreSQL takes the lock).

The lock is PostgreSQL's FOR NO KEY UPDATE: it excludes the other bookers of the room but not the
key-share locks that rows referring to the room take (the meeting or session being saved, which
is written before its booking). A plain FOR UPDATE conflicts with those, so two people booking
the same room at once each held one and waited for the other's: a deadlock instead of the second
one hearing that the room is taken.
"""
from sqlalchemy import select

from portal.extensions import db
from portal.models.facilities import Facility, RoomBooking


class BookingConflict(Exception):
    """The room is already held for part of the requested time."""

    def __init__(self, existing):
        super().__init__(str(existing))
        self.existing = existing


class BookingTimeError(ValueError):
    """The booking ends before it starts."""


def overlapping(facility_id, starts_at, ends_at, *, exclude_id=None):
    query = select(RoomBooking).where(
        RoomBooking.facility_id == facility_id,
        RoomBooking.starts_at < ends_at,
        RoomBooking.ends_at > starts_at,
    )
    if exclude_id is not None:
        query = query.where(RoomBooking.id != exclude_id)
    return db.session.scalars(query.order_by(RoomBooking.starts_at)).first()


def _lock_room(facility_id):
    db.session.execute(select(Facility.id).where(Facility.id == facility_id).with_for_update(key_share=True))


def book_room(facility, starts_at, ends_at, *, purpose="", booking=None, **links):
    """Hold ``facility`` from ``starts_at`` to ``ends_at``; move ``booking`` if given.

    ``links`` names what the booking is for (``training_session=…``, and whatever later
    modules add). Raises BookingTimeError or BookingConflict; flushes, does not commit.
    """
    if ends_at <= starts_at:
        raise BookingTimeError()
    _lock_room(facility.id)
    clash = overlapping(facility.id, starts_at, ends_at, exclude_id=booking.id if booking else None)
    if clash is not None:
        raise BookingConflict(clash)
    if booking is None:
        booking = RoomBooking(facility=facility)
        db.session.add(booking)
    booking.facility = facility
    booking.starts_at = starts_at
    booking.ends_at = ends_at
    booking.purpose = purpose
    for key, value in links.items():
        setattr(booking, key, value)
    db.session.flush()
    return booking


def cancel_booking(booking):
    db.session.delete(booking)
    db.session.flush()
