"""Training sessions for mediators and office staff, with attendance."""
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related


class TrainingSession(RecordMixin, db.Model):
    __tablename__ = "training_sessions"
    __label__ = lazy_gettext("Training session")
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="time_order"),
        CheckConstraint("hours >= 0", name="hours_not_negative"),
    )

    title: Mapped[str] = mapped_column(String(200), nullable=False)
    kind_id: Mapped[int] = mapped_column(ForeignKey("training_kinds.id"), nullable=False, index=True)
    topic: Mapped[str] = mapped_column(String(200), nullable=False, default="")
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
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    kind = relationship("TrainingKind")
    facility = relationship("Facility")
    organiser_office = relationship("JudicialOffice")
    street = relationship("Street")
    attendances: Mapped[list["TrainingAttendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TrainingAttendance.id"
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        office = related(self, "organiser_office")
        self.street_id = office.street_id if office is not None else None


class AttendanceStatus(LabelledEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"

    @classmethod
    def __labels__(cls):
        return {
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
        return f"{self.session} · {self.mediator}"
