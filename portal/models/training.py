"""Training sessions for mediators and office staff: attendance, materials, and the hours rules."""
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import (
    CheckConstraint, Column, DateTime, ForeignKey, Integer, Numeric, String, Table, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related

# Codes of the TrainingKind entries the rules depend on (portal.services.reference seeds them).
PRE_SERVICE = "pre_service"
HEARING_OBSERVATION = "hearing_observation"

# Trainer accounts running a session: the session shows on their home page.
training_session_trainers = Table(
    "training_session_trainers",
    db.metadata,
    Column("session_id", ForeignKey("training_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class TrainingSession(RecordMixin, db.Model):
    __tablename__ = "training_sessions"
    __label__ = lazy_gettext("Training session")
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="time_order"),
        CheckConstraint("hours >= 0", name="hours_not_negative"),
    )
    __field_labels__ = {
        "trainer_name": lazy_gettext("Lecturers"),
        "trainers": lazy_gettext("Trainers"),
        "judge_name": lazy_gettext("Presiding judge"),
        "materials": lazy_gettext("Materials"),
    }

    title: Mapped[str] = mapped_column(String(200), nullable=False)
    kind_id: Mapped[int] = mapped_column(ForeignKey("training_kinds.id"), nullable=False, index=True)
    topic: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # Who teaches, as printed on the notice (an invited judge, a lawyer…); free text.
    trainer_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"), index=True)
    # Free-text place when it is not one of ours (e.g. the court's hearing room).
    location_text: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    organiser_office_id: Mapped[int | None] = mapped_column(ForeignKey("judicial_offices.id"), index=True)
    # Street of the organising office; null for sessions organised by the district office.
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    # Court hearing observation (旁聽觀摩庭審): the court (a partner body of kind court) and judge.
    court_id: Mapped[int | None] = mapped_column(ForeignKey("partner_bodies.id"), index=True)
    judge_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    kind = relationship("TrainingKind")
    facility = relationship("Facility")
    organiser_office = relationship("JudicialOffice")
    street = relationship("Street")
    court = relationship("PartnerBody")
    trainers = relationship("User", secondary=training_session_trainers, order_by="User.display_name")
    attendances: Mapped[list["TrainingAttendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TrainingAttendance.id"
    )
    materials: Mapped[list["TrainingMaterial"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TrainingMaterial.id"
    )
    # The room held for the session: managed by portal.services.training.sync_room_booking.
    booking = relationship(
        "RoomBooking", back_populates="training_session", uselist=False, cascade="all, delete-orphan"
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        office = related(self, "organiser_office")
        self.street_id = office.street_id if office is not None else None


class AttendanceStatus(LabelledEnum):
    # On the roster of a session still to come: nothing attended yet, no hours.
    PLANNED = "planned"
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"

    @classmethod
    def __labels__(cls):
        return {
            cls.PLANNED: lazy_gettext("Expected"),
            cls.PRESENT: lazy_gettext("Present"),
            cls.LATE: lazy_gettext("Late"),
            cls.ABSENT: lazy_gettext("Absent"),
        }


class TrainingAttendance(RecordMixin, db.Model):
    __tablename__ = "training_attendances"
    __label__ = lazy_gettext("Attendance")
    __audit_parent__ = "session_id"
    __table_args__ = (
        UniqueConstraint("session_id", "mediator_id"),
        enum_check("status", AttendanceStatus),
        CheckConstraint("hours_credited >= 0", name="hours_not_negative"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"), nullable=False, index=True)
    status: Mapped[str] = enum_column(AttendanceStatus, default=AttendanceStatus.PRESENT)
    hours_credited: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False, default=0)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))

    session: Mapped[TrainingSession] = relationship(back_populates="attendances")
    mediator = relationship("Mediator")

    def __str__(self):
        # No translated words: this text is also stored as the audit summary.
        return f"{related(self, 'session')} · {related(self, 'mediator')}"


class TrainingMaterial(RecordMixin, db.Model):
    """A file handed out at a session; the bytes live under PORTAL_UPLOAD_DIR, never in static."""

    __tablename__ = "training_materials"
    __label__ = lazy_gettext("Training material")
    __audit_parent__ = "session_id"
    __technical__ = frozenset({"stored_name", "sha256", "content_type"})
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)
    __field_labels__ = {
        "original_name": lazy_gettext("File name"),
        "content_type": lazy_gettext("File type"),
        "size_bytes": lazy_gettext("Size (bytes)"),
        "description": lazy_gettext("Description"),
    }

    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    original_name: Mapped[str] = mapped_column(String(200), nullable=False)
    # Random name on disk: nothing a user typed ever becomes part of a path.
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(120), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    description: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    session: Mapped[TrainingSession] = relationship(back_populates="materials")

    def __str__(self):
        return self.original_name


class TrainingRequirement(RecordMixin, db.Model):
    """The hours rule from a given year on (configurable by the district office).

    The rule for year Y is the row with the latest ``effective_year`` not after Y, so changing
    the rule for next year leaves this year's report untouched.
    """

    __tablename__ = "training_requirements"
    __label__ = lazy_gettext("Training requirement")
    __table_args__ = (
        CheckConstraint("annual_hours_full_time >= 0", name="full_time_not_negative"),
        CheckConstraint("annual_hours_part_time >= 0", name="part_time_not_negative"),
        CheckConstraint("pre_service_hours >= 0", name="pre_service_not_negative"),
        CheckConstraint("new_mediator_months >= 1 AND new_mediator_months <= 120", name="new_months_range"),
    )
    __field_labels__ = {
        "effective_year": lazy_gettext("Applies from year"),
        "annual_hours_full_time": lazy_gettext("Hours a year (full-time)"),
        "annual_hours_part_time": lazy_gettext("Hours a year (part-time)"),
        "pre_service_hours": lazy_gettext("Pre-service hours for new mediators"),
        "new_mediator_months": lazy_gettext("New mediator: joined within (months)"),
    }

    effective_year: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    annual_hours_full_time: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False)
    annual_hours_part_time: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False)
    pre_service_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1), nullable=False)
    new_mediator_months: Mapped[int] = mapped_column(Integer, nullable=False, default=12)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    def __str__(self):
        return str(self.effective_year)
