"""Facilities (offices, mediation rooms, consultation rooms, talk points…), equipment, bookings."""
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import (
    Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related


class Facility(RecordMixin, db.Model):
    __tablename__ = "facilities"
    __label__ = lazy_gettext("Facility")
    __table_args__ = (
        # Owned by exactly one: a judicial office or a committee.
        CheckConstraint(
            "(judicial_office_id IS NULL) <> (committee_id IS NULL)", name="one_owner"
        ),
        CheckConstraint("area_m2 IS NULL OR area_m2 >= 0", name="area_not_negative"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("facility_kinds.id"), nullable=False, index=True)
    judicial_office_id: Mapped[int | None] = mapped_column(ForeignKey("judicial_offices.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    # Derived from the owner on save (portal.services.records), kept for scoping and filters.
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    capacity: Mapped[int | None] = mapped_column(Integer)
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    opening_hours: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    kind = relationship("FacilityKind")
    judicial_office = relationship("JudicialOffice")
    committee = relationship("Committee")
    street = relationship("Street")
    equipment: Mapped[list["Equipment"]] = relationship(
        back_populates="facility", cascade="all, delete-orphan", order_by="Equipment.id"
    )

    @property
    def owner(self):
        return self.judicial_office or self.committee

    def __before_save__(self):
        owner = related(self, "judicial_office") or related(self, "committee")
        self.street_id = owner.street_id if owner is not None else None

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id


class Condition(LabelledEnum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    BROKEN = "broken"

    @classmethod
    def __labels__(cls):
        return {
            cls.GOOD: lazy_gettext("Good"),
            cls.FAIR: lazy_gettext("Fair"),
            cls.POOR: lazy_gettext("Poor"),
            cls.BROKEN: lazy_gettext("Out of order"),
        }


class Equipment(RecordMixin, db.Model):
    __tablename__ = "equipment"
    __label__ = lazy_gettext("Equipment")
    __audit_parent__ = "facility_id"
    __table_args__ = (
        enum_check("condition", Condition),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), nullable=False, index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("equipment_kinds.id"), nullable=False, index=True)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    condition: Mapped[str] = enum_column(Condition, default=Condition.GOOD)
    notes: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    facility: Mapped[Facility] = relationship(back_populates="equipment")
    kind = relationship("EquipmentKind")

    def __str__(self):
        return f"{self.kind} × {self.quantity}"


class RoomBooking(RecordMixin, db.Model):
    """A room held for a time range; made through portal.services.bookings, never directly."""

    __tablename__ = "room_bookings"
    __label__ = lazy_gettext("Room booking")
    __audit_parent__ = "facility_id"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="time_order"),
        Index("ix_room_bookings_facility_time", "facility_id", "starts_at", "ends_at"),
    )

    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    purpose: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    mediation_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("mediation_sessions.id", ondelete="CASCADE"), index=True
    )

    facility: Mapped[Facility] = relationship()
    training_session = relationship("TrainingSession", back_populates="booking")
    mediation_session = relationship("MediationSession", back_populates="booking")

    @classmethod
    def street_scope(cls, street_id):
        return cls.facility_id.in_(select(Facility.id).where(Facility.street_id == street_id))

    def __restore_problem__(self):
        """Restoring a deleted booking must not double-book its room."""
        from portal.services.bookings import overlapping

        if overlapping(self.facility_id, self.starts_at, self.ends_at, exclude_id=self.id) is not None:
            return "booking_taken"
        return None

    def __str__(self):
        return f"{related(self, 'facility')} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class OfficeFunding(RecordMixin, db.Model):
    """A judicial office's funds for a year: the "funds" of the three in place (經費到位)."""

    __tablename__ = "office_funds"
    __label__ = lazy_gettext("Office funds")
    __table_args__ = (
        UniqueConstraint("judicial_office_id", "year"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("year >= 2000 AND year <= 2100", name="year_range"),
    )
    __field_labels__ = {
        "year": lazy_gettext("Year"),
        "amount": lazy_gettext("Amount (yuan)"),
        "in_budget": lazy_gettext("In the government budget"),
        "source": lazy_gettext("Source of funds"),
    }

    judicial_office_id: Mapped[int] = mapped_column(ForeignKey("judicial_offices.id"), nullable=False, index=True)
    # Derived from the office on save, for scoping and filters.
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)
    # 納入同級財政預算: the funds are a budget line, not a one-off grant.
    in_budget: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    source: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    judicial_office = relationship("JudicialOffice")
    street = relationship("Street")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        office = related(self, "judicial_office")
        self.street_id = office.street_id if office is not None else None

    def __str__(self):
        return f"{self.judicial_office} {self.year}"
