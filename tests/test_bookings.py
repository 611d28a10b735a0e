"""Room bookings: one holder at a time."""
from datetime import datetime

import pytest

from portal.extensions import db
from portal.models import Facility, RoomBooking
from portal.services.bookings import BookingConflict, BookingTimeError, book_room, cancel_booking


def at(hour, minute=0):
    return datetime(2026, 12, 3, hour, minute)


@pytest.fixture
def room(two_streets, make_facility):
    return make_facility(office_id=two_streets["east_office"].id)


def test_overlapping_booking_is_refused_and_adjacent_ones_are_fine(app, room):
    with app.app_context():
        facility = db.session.get(Facility, room.id)
        first = book_room(facility, at(9), at(11), purpose="调解")
        with pytest.raises(BookingConflict) as clash:
            book_room(facility, at(10, 30), at(12), purpose="培训")
        assert clash.value.existing.id == first.id
        book_room(facility, at(11), at(12), purpose="接着的调解")  # starts when the first ends
        book_room(facility, at(8), at(9), purpose="之前的调解")
        db.session.commit()
        assert db.session.query(RoomBooking).count() == 3


def test_moving_a_booking_ignores_itself(app, room):
    with app.app_context():
        facility = db.session.get(Facility, room.id)
        booking = book_room(facility, at(9), at(10))
        book_room(facility, at(9, 30), at(10, 30), booking=booking)
        assert (booking.starts_at, booking.ends_at) == (at(9, 30), at(10, 30))
        cancel_booking(booking)
        assert db.session.query(RoomBooking).count() == 0


def test_end_before_start_is_refused(app, room):
    with app.app_context():
        with pytest.raises(BookingTimeError):
            book_room(db.session.get(Facility, room.id), at(10), at(9))
