"""Room bookings: the list, a week per room or per office, and bookings made by hand.

A booking is usually made by what it is for (a training session, a mediation session), through
portal.services.bookings; those are shown here and changed only from their source. Whatever a
booking is for, it is described generically: the linked record, its kind and a link to it
when the user may open it; otherwise only its kind (a trainer sees "mediation session", never
the case behind it).
"""
from datetime import date, timedelta

from flask import flash, g, has_request_context, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterLike, IntEqualFilter
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE, joinedload
from wtforms.validators import ValidationError

from admin_views.access import visible_url, visible_urls
from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views.fields import int_arg, visible_streets
from forms.validators import After
from portal import timeutil
from portal.extensions import db
from portal.i18n import format_value
from portal.models import Facility, FacilityKind, RoomBooking, limits
from portal.services import bookings
from portal.services.access import Area
from portal.services.facilities import (
    bookable_rooms, booking_links, offices_in_scope, week_bookings, week_days, week_start,
)

# Relationships of RoomBooking that are not "what the booking is for".
_NOT_LINKS = {"facility", "created_by", "updated_by"}


def link_relationships():
    """Many-to-one relationships naming what a booking is for (training session, mediation session…)."""
    return [rel for rel in inspect(RoomBooking).relationships if rel.key not in _NOT_LINKS and rel.direction is MANYTOONE]


def booking_source(booking):
    for rel in link_relationships():
        target = getattr(booking, rel.key)
        if target is not None:
            return target
    return None


def describe(booking, urls=None):
    """{"kind", "text", "url"}: what the booking is for, as much as the user may see.

    ``urls`` ({source: link or None}, from visible_urls) saves asking about each source alone.
    """
    source = booking_source(booking)
    if source is None:
        return {"kind": gettext("Booking"), "text": booking.purpose, "url": None}
    url = urls[source] if urls is not None else visible_url(source)
    kind = str(getattr(type(source), "__label__", gettext("Booking")))
    if url is None:
        return {"kind": kind, "text": "", "url": None}
    return {"kind": kind, "text": booking.purpose or str(source), "url": url}


def describe_all(rows):
    """{booking id: describe(booking)} for many bookings, asking about their sources all at once."""
    rows = list(rows)
    sources = [booking_source(booking) for booking in rows]
    urls = visible_urls([source for source in sources if source is not None])
    return {booking.id: describe(booking, urls) for booking in rows}


def _described(booking):
    """describe(booking), from those the list described together (RoomBookingView.get_list)."""
    known = g.get("described_bookings") or {}
    return known[booking.id] if booking.id in known else describe(booking)


def booking_clash_message(existing):
    what = describe(existing)
    purpose = gettext("%(kind)s: %(text)s", kind=what["kind"], text=what["text"]) if what["text"] else what["kind"]
    return gettext(
        "%(room)s is already booked from %(start)s to %(end)s (%(purpose)s). Choose another time or room.",
        room=existing.facility.name, start=format_value(existing.starts_at), end=format_value(existing.ends_at),
        purpose=purpose,
    )


def _purpose_text(what):
    """"Training session: 年度业务培训", or the kind alone, or a hand booking's own purpose."""
    if what["text"] and what["kind"] != gettext("Booking"):
        return gettext("%(kind)s: %(text)s", kind=what["kind"], text=what["text"])
    return what["text"] or what["kind"]


def _purpose_formatter(view, context, model, name):
    """One column says what a booking is for: the kind of record and, where the user may open
    it, a link to it (a hand booking: its purpose)."""
    what = _described(model)
    if not (what["url"] and context is not None):
        return _purpose_text(what)
    link = Markup('<a href="{}">{}</a>').format(what["url"], what["text"])
    if what["kind"] == gettext("Booking"):
        return link
    return Markup(gettext("%(kind)s: %(text)s")) % {"kind": what["kind"], "text": link}


class StreetOfRoomFilter(IntEqualFilter):
    """Bookings of rooms in a street (without joining: the room's street is a subquery)."""

    def apply(self, query, value, alias=None):
        return query.filter(RoomBooking.street_scope(value))


def _bookable():
    return Facility.kind_id.in_(select(FacilityKind.id).where(FacilityKind.bookable.is_(True)))


class RoomBookingView(PortalModelView):
    area = Area.FACILITIES
    column_list = ("facility", "starts_at", "ends_at", "purpose")
    column_details_list = ("facility", "starts_at", "ends_at", "purpose", "created_at", "created_by")
    column_export_list = ("facility", "starts_at", "ends_at", "purpose")
    column_sortable_list = ("starts_at",)
    column_default_sort = ("starts_at", True)
    form_columns = ("facility", "starts_at", "ends_at", "purpose")
    form_args = {"ends_at": {"validators": [After("starts_at")]}}
    column_descriptions = {
        "purpose": _l("Training and mediation sessions book their rooms themselves; use this for anything else."),
    }
    form_ajax_refs = {
        "facility": ScopedLoader("facility", Facility, Area.FACILITIES, fields=["name", "address"], extra_filters=[_bookable]),
    }

    def __init__(self, model, **kwargs):
        self.column_formatters = {"purpose": _purpose_formatter}
        self.column_formatters_export = {"purpose": lambda v, c, m, n: _purpose_text(_described(m))}
        self.column_filters = (
            StreetOfRoomFilter(RoomBooking.facility_id, _l("Street"), options=self._street_options),
            FilterLike(Facility.name, _l("Room")), "starts_at",
        )
        super().__init__(model, **kwargs)

    @staticmethod
    def _street_options():
        if not has_request_context():
            return []
        return [(str(s.id), s.name) for s in visible_streets(Area.FACILITIES)()]

    def get_query(self):
        return super().get_query().options(joinedload(RoomBooking.facility), *booking_links())

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if isinstance(data, list):  # a page of rows (an export streams a query instead)
            g.described_bookings = describe_all(data)
        return count, data

    # --- hand-made bookings go through the booking rule too -----------------------------------
    def on_model_change(self, form, model, is_created):
        if not is_created and self._linked(model):
            raise ValidationError(gettext("This booking belongs to a session: change it from the session."))
        super().on_model_change(form, model, is_created)  # flushes: the booking has its id
        try:
            bookings.book_room(model.facility, model.starts_at, model.ends_at, purpose=model.purpose, booking=model)
        except bookings.BookingConflict as clash:
            raise ValidationError(booking_clash_message(clash.existing)) from clash

    def on_model_delete(self, model):
        if self._linked(model):
            raise ValidationError(gettext("This booking belongs to a session: cancel it from the session."))

    @staticmethod
    def _linked(model):
        return any(getattr(model, column.key) is not None for rel in link_relationships() for column in rel.local_columns)

    # --- the week ---------------------------------------------------------------------------------------
    @expose("/week/")
    def week_view(self):
        limit = self.street_limit()
        offices = offices_in_scope(street_limit=limit)
        office = self._pick_office(offices)
        rooms_of_office = bookable_rooms(street_limit=limit, office=office) if office is not None else []
        room_id = int_arg("room")
        room = next((r for r in rooms_of_office if r.id == room_id), None)
        if room is None and room_id is not None:
            room = self._room_in_scope(room_id, limit)
            if room is not None:
                office = next((o for o in offices if o.street_id == room.street_id), office)
                rooms_of_office = bookable_rooms(street_limit=limit, office=office) if office else [room]
        rooms = [room] if room is not None else rooms_of_office
        monday = week_start(self._week_arg())
        cells = week_bookings(rooms, monday)
        described = describe_all({b.id: b for bs in cells.values() for b in bs}.values())
        return self.render(
            "admin/portal/room_week.html", offices=offices, office=office, rooms_of_office=rooms_of_office,
            room=room, rooms=rooms, days=week_days(monday), monday=monday, cells=cells, described=described,
            previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
            this_week=week_start(timeutil.today()), today=timeutil.today(),
        )

    def _pick_office(self, offices):
        office_id = int_arg("office")
        chosen = next((o for o in offices if o.id == office_id), None)
        if chosen is None and offices:
            own = getattr(current_user, "street_id", None)
            chosen = next((o for o in offices if o.street_id == own), offices[0])
        return chosen

    @staticmethod
    def _room_in_scope(room_id, limit):
        query = select(Facility).where(Facility.id == room_id, _bookable())
        if limit is not None:
            query = query.where(Facility.street_scope(limit))
        return db.session.scalar(query)

    @staticmethod
    def _week_arg():
        text = request.args.get("week", "")
        if text:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                day = None
            if day is not None and limits.EARLIEST <= day <= limits.LATEST:
                return day
            flash(gettext("That is not a date; showing this week."), "warning")
        return timeutil.today()



