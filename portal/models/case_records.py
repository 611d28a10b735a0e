"""What happens to a case after intake: its timeline, meetings, agreement, judicial confirmation,
follow-up visits, scanned documents, and the counters behind case numbers.

The rules (which status allows what, numbering, the time limit, the dossier) live in
``portal.services.cases``; these are the records they write.
"""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, Numeric, String,
    Table, Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column
from portal.models.cases import Case, CaseStatus


class CaseChildMixin:
    """A record that belongs to one case: it is in its case's street (staff see it there)."""

    @classmethod
    def street_scope(cls, street_id):
        return cls.case.has(Case.street_id == street_id)


class Transition(LabelledEnum):
    """The moves of the case state machine (portal.services.cases.RULES)."""

    ACCEPT = "accept"
    REFUSE = "refuse"
    START = "start_mediation"
    SETTLE = "settle"
    FAIL = "fail"
    ESCALATE = "escalate"
    TRANSFER = "transfer"
    WITHDRAW = "withdraw"
    ARCHIVE = "archive"

    @classmethod
    def __labels__(cls):
        return {
            cls.ACCEPT: lazy_gettext("Accept"),
            cls.REFUSE: lazy_gettext("Refuse"),
            cls.START: lazy_gettext("Start mediation"),
            cls.SETTLE: lazy_gettext("Record settlement"),
            cls.FAIL: lazy_gettext("Record failure"),
            cls.ESCALATE: lazy_gettext("Escalate to parent committee"),
            cls.TRANSFER: lazy_gettext("Transfer to partner body"),
            cls.WITHDRAW: lazy_gettext("Record withdrawal"),
            cls.ARCHIVE: lazy_gettext("Archive"),
        }


class CaseEvent(CaseChildMixin, RecordMixin, db.Model):
    """One step on the case's timeline: who (created_by), when it took effect (occurred_on) and
    was recorded (created_at), from, to, note."""

    __tablename__ = "case_events"
    __label__ = lazy_gettext("Case event")
    __audit_parent__ = "case_id"
    __table_args__ = (
        enum_check("transition", Transition),
        enum_check("from_status", CaseStatus),
        enum_check("to_status", CaseStatus),
        # Statistics count escalations by the date they took effect.
        Index("ix_case_events_transition_occurred_on", "transition", "occurred_on"),
    )
    __field_labels__ = {
        "transition": lazy_gettext("Step"),
        "from_status": lazy_gettext("Status before"),
        "to_status": lazy_gettext("Status after"),
        "from_committee": lazy_gettext("From committee"),
        "to_committee": lazy_gettext("To committee"),
        "note": lazy_gettext("Note"),
        "occurred_on": lazy_gettext("Date of the step"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    transition: Mapped[str] = enum_column(Transition)
    # The date the step took effect (accepted on, agreement signed on…); created_at is when it
    # was recorded, which may be later.
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)
    from_status: Mapped[str] = enum_column(CaseStatus)
    to_status: Mapped[str] = enum_column(CaseStatus)
    from_committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    to_committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    case: Mapped[Case] = relationship(back_populates="events")
    from_committee = relationship("Committee", foreign_keys=[from_committee_id])
    to_committee = relationship("Committee", foreign_keys=[to_committee_id])

    def __str__(self):
        return f"{Transition.label_of(self.transition)}: {CaseStatus.label_of(self.from_status)} → {CaseStatus.label_of(self.to_status)}"


class CaseNumberCounter(db.Model):
    """The last sequence number a committee gave in a year; locked while a case is accepted.

    Not a record people edit (no history): it only ever moves with an acceptance, in the same
    transaction, so a rolled-back acceptance gives its number back.
    """

    __tablename__ = "case_number_counters"
    __table_args__ = (CheckConstraint("last_seq >= 0", name="seq_not_negative"),)

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class MeetingKind(LabelledEnum):
    MEDIATION = "mediation"
    INVESTIGATION = "investigation"

    @classmethod
    def __labels__(cls):
        return {
            cls.MEDIATION: lazy_gettext("Mediation session"),
            cls.INVESTIGATION: lazy_gettext("Investigation"),
        }


session_mediators = Table(
    "mediation_session_mediators",
    db.metadata,
    Column("session_id", ForeignKey("mediation_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("mediator_id", ForeignKey("mediators.id", ondelete="CASCADE"), primary_key=True, index=True),
)

session_parties = Table(
    "mediation_session_parties",
    db.metadata,
    Column("session_id", ForeignKey("mediation_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("party_id", ForeignKey("case_parties.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class MediationSession(CaseChildMixin, RecordMixin, db.Model):
    """調解記錄 or 調查記錄: a meeting on the case, usually in a booked mediation room."""

    __tablename__ = "mediation_sessions"
    __label__ = lazy_gettext("Mediation or investigation record")
    __audit_parent__ = "case_id"
    # Places that may be a party's home: personal data then (portal.services.privacy).
    __party_places__ = frozenset({"location_text"})
    __table_args__ = (
        enum_check("kind", MeetingKind),
        CheckConstraint("ends_at > starts_at", name="time_order"),
    )
    __field_labels__ = {
        "kind": lazy_gettext("Record kind"),
        "facility": lazy_gettext("Place (room)"),
        "location_text": lazy_gettext("Other place"),
        "mediators": lazy_gettext("Mediators present"),
        "parties": lazy_gettext("Parties present"),
        "invited_helpers": lazy_gettext("Invited helpers and others present"),
        "recorder": lazy_gettext("Recorder"),
        "summary": lazy_gettext("What was said and found"),
        "outcome": lazy_gettext("Outcome"),
        "booking": lazy_gettext("Room booking"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = enum_column(MeetingKind, default=MeetingKind.MEDIATION)
    starts_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"), index=True)
    location_text: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    invited_helpers: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    recorder: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome: Mapped[str] = mapped_column(String(300), nullable=False, default="")

    case: Mapped[Case] = relationship(back_populates="sessions")
    facility = relationship("Facility")
    mediators = relationship("Mediator", secondary=session_mediators, order_by="Mediator.name")
    parties = relationship("CaseParty", secondary=session_parties, order_by="CaseParty.id")
    booking = relationship(
        "RoomBooking", back_populates="mediation_session", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def place(self):
        return str(self.facility) if self.facility is not None else self.location_text

    def __str__(self):
        return f"{MeetingKind.label_of(self.kind)} {self.starts_at:%Y-%m-%d %H:%M}"


class AgreementKind(LabelledEnum):
    WRITTEN = "written"
    ORAL = "oral"

    @classmethod
    def __labels__(cls):
        return {cls.WRITTEN: lazy_gettext("Written agreement"), cls.ORAL: lazy_gettext("Oral agreement")}


class CaseAgreement(CaseChildMixin, RecordMixin, db.Model):
    """人民調解協議書 (or the mediator's record of an oral agreement): law art. 29."""

    __tablename__ = "case_agreements"
    __label__ = lazy_gettext("Mediation agreement")
    __audit_parent__ = "case_id"
    # Places that may be a party's home: personal data then (portal.services.privacy).
    __party_places__ = frozenset({"performance_place"})
    __table_args__ = (
        enum_check("kind", AgreementKind),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        CheckConstraint("copies >= 1", name="copies_positive"),
        CheckConstraint(
            "performance_deadline IS NULL OR performance_deadline >= signed_on", name="deadline_after_signing"
        ),
    )
    __field_labels__ = {
        "kind": lazy_gettext("Agreement kind"),
        "signed_on": lazy_gettext("Agreement took effect on"),
        "facts": lazy_gettext("Main facts and matters in dispute"),
        "responsibilities": lazy_gettext("Each side's responsibility"),
        "terms": lazy_gettext("Agreed terms"),
        "performance_method": lazy_gettext("How it will be performed"),
        "performance_place": lazy_gettext("Where it will be performed"),
        "performance_deadline": lazy_gettext("Performance deadline"),
        "amount": lazy_gettext("Amount agreed (yuan)"),
        "copies": lazy_gettext("Copies"),
    }

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    kind: Mapped[str] = enum_column(AgreementKind, default=AgreementKind.WRITTEN)
    signed_on: Mapped[date] = mapped_column(Date, nullable=False)
    facts: Mapped[str] = mapped_column(Text, nullable=False, default="")
    responsibilities: Mapped[str] = mapped_column(Text, nullable=False, default="")
    terms: Mapped[str] = mapped_column(Text, nullable=False)
    performance_method: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    performance_place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    performance_deadline: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    # One per party plus one kept by the committee.
    copies: Mapped[int] = mapped_column(Integer, nullable=False, default=3)

    case: Mapped[Case] = relationship(back_populates="agreement")

    def __str__(self):
        return f"{AgreementKind.label_of(self.kind)} {self.signed_on:%Y-%m-%d}"


class ConfirmationOutcome(LabelledEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @classmethod
    def __labels__(cls):
        return {
            cls.PENDING: lazy_gettext("Awaiting the court's decision"),
            cls.CONFIRMED: lazy_gettext("Confirmed as valid"),
            cls.REJECTED: lazy_gettext("Application rejected"),
            cls.WITHDRAWN: lazy_gettext("Application withdrawn"),
        }


class JudicialConfirmation(CaseChildMixin, RecordMixin, db.Model):
    """司法確認 of a written agreement by the basic-level court."""

    __tablename__ = "judicial_confirmations"
    __label__ = lazy_gettext("Judicial confirmation")
    __audit_parent__ = "case_id"
    __table_args__ = (
        enum_check("outcome", ConfirmationOutcome),
        CheckConstraint("decided_on IS NULL OR decided_on >= applied_on", name="decided_after_applied"),
    )
    __field_labels__ = {
        "applied_on": lazy_gettext("Applied on"),
        "court": lazy_gettext("Court"),
        "outcome": lazy_gettext("Outcome"),
        "decided_on": lazy_gettext("Decided on"),
    }

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    applied_on: Mapped[date] = mapped_column(Date, nullable=False)
    court_id: Mapped[int] = mapped_column(ForeignKey("partner_bodies.id"), nullable=False, index=True)
    outcome: Mapped[str] = enum_column(ConfirmationOutcome, default=ConfirmationOutcome.PENDING)
    decided_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    case: Mapped[Case] = relationship(back_populates="confirmation")
    court = relationship("PartnerBody")

    def __str__(self):
        return f"{self.court} · {ConfirmationOutcome.label_of(self.outcome)}"


class Performance(LabelledEnum):
    FULLY = "fully"
    PARTLY = "partly"
    NOT_PERFORMED = "not_performed"

    @classmethod
    def __labels__(cls):
        return {
            cls.FULLY: lazy_gettext("Fully performed"),
            cls.PARTLY: lazy_gettext("Partly performed"),
            cls.NOT_PERFORMED: lazy_gettext("Not performed"),
        }


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied"
    FAIRLY = "fairly"
    DISSATISFIED = "dissatisfied"

    @classmethod
    def __labels__(cls):
        return {
            cls.SATISFIED: lazy_gettext("Satisfied"),
            cls.FAIRLY: lazy_gettext("Fairly satisfied"),
            cls.DISSATISFIED: lazy_gettext("Dissatisfied"),
        }


class RiskLevel(LabelledEnum):
    NONE = "none"
    LOW = "low"
    HIGH = "high"

    @classmethod
    def __labels__(cls):
        return {
            cls.NONE: lazy_gettext("No remaining risk"),
            cls.LOW: lazy_gettext("Low risk"),
            cls.HIGH: lazy_gettext("High risk"),
        }


class FollowUpMethod(LabelledEnum):
    VISIT = "visit"
    PHONE = "phone"

    @classmethod
    def __labels__(cls):
        return {cls.VISIT: lazy_gettext("Home visit"), cls.PHONE: lazy_gettext("Phone call")}


class FollowUp(CaseChildMixin, RecordMixin, db.Model):
    """回訪: scheduled after settlement, done with findings."""

    __tablename__ = "follow_ups"
    __label__ = lazy_gettext("Follow-up visit")
    __audit_parent__ = "case_id"
    __table_args__ = (
        enum_check("method", FollowUpMethod),
        enum_check("performed", Performance),
        enum_check("satisfaction", Satisfaction),
        enum_check("risk", RiskLevel),
        # "Follow-ups due": open ones by date.
        Index("ix_follow_ups_open_due", "done_on", "due_on"),
    )
    __field_labels__ = {
        "due_on": lazy_gettext("Due on"),
        "done_on": lazy_gettext("Done on"),
        "method": lazy_gettext("How"),
        "visited_by": lazy_gettext("Done by"),
        "performed": lazy_gettext("Agreement performed?"),
        "satisfaction": lazy_gettext("Parties' satisfaction"),
        "lawsuit": lazy_gettext("A party has gone to court"),
        "risk": lazy_gettext("Remaining risk"),
        "measures": lazy_gettext("Measures taken"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str | None] = enum_column(FollowUpMethod, nullable=True)
    visited_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    performed: Mapped[str | None] = enum_column(Performance, nullable=True)
    satisfaction: Mapped[str | None] = enum_column(Satisfaction, nullable=True)
    lawsuit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    risk: Mapped[str | None] = enum_column(RiskLevel, nullable=True)
    measures: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    case: Mapped[Case] = relationship(back_populates="follow_ups")

    @property
    def is_done(self):
        return self.done_on is not None

    def __str__(self):
        return f"{self.case} · {self.due_on:%Y-%m-%d}"


class DocumentKind(LabelledEnum):
    """Kinds of scanned documents, in the order a dossier (卷宗) is bound (DOMAIN.md, "Archive")."""

    APPLICATION = "application"
    RIGHTS_NOTICE = "rights_notice"
    IDENTITY = "identity"
    POWER_OF_ATTORNEY = "power_of_attorney"
    INVESTIGATION = "investigation"
    EVIDENCE = "evidence"
    MEDIATION_RECORD = "mediation_record"
    AGREEMENT = "agreement"
    PERFORMANCE_PROOF = "performance_proof"
    FOLLOW_UP = "follow_up"
    JUDICIAL_CONFIRMATION = "judicial_confirmation"
    NOTES = "notes"
    BACK_COVER = "back_cover"
    OTHER = "other"

    @classmethod
    def __labels__(cls):
        return {
            cls.APPLICATION: lazy_gettext("Application or acceptance form"),
            cls.RIGHTS_NOTICE: lazy_gettext("Notice of rights and duties"),
            cls.IDENTITY: lazy_gettext("Identity documents"),
            cls.POWER_OF_ATTORNEY: lazy_gettext("Power of attorney"),
            cls.INVESTIGATION: lazy_gettext("Investigation records"),
            cls.EVIDENCE: lazy_gettext("Evidence"),
            cls.MEDIATION_RECORD: lazy_gettext("Mediation records"),
            cls.AGREEMENT: lazy_gettext("Mediation agreement"),
            cls.PERFORMANCE_PROOF: lazy_gettext("Proof of performance"),
            cls.FOLLOW_UP: lazy_gettext("Follow-up records"),
            cls.JUDICIAL_CONFIRMATION: lazy_gettext("Judicial confirmation papers"),
            cls.NOTES: lazy_gettext("Notes"),
            cls.BACK_COVER: lazy_gettext("Back cover"),
            cls.OTHER: lazy_gettext("Other document"),
        }


class CaseAttachment(CaseChildMixin, RecordMixin, db.Model):
    """A scanned document; the file lives outside the static folder (portal.services.attachments).

    Deleting the row keeps the file, so the district office can restore it from the history.
    """

    __tablename__ = "case_attachments"
    __label__ = lazy_gettext("Scanned document")
    __audit_parent__ = "case_id"
    # A scan's name and title often name a party (张三身份证.jpg).
    __personal__ = frozenset({"title", "filename"})
    __technical__ = frozenset({"stored_name", "sha256", "content_type"})
    __table_args__ = (
        enum_check("kind", DocumentKind),
        CheckConstraint("size >= 0", name="size_not_negative"),
    )
    __field_labels__ = {
        "kind": lazy_gettext("Document kind"),
        "filename": lazy_gettext("File name"),
        "content_type": lazy_gettext("File type"),
        "size": lazy_gettext("Size (bytes)"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = enum_column(DocumentKind)
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(40), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)

    case: Mapped[Case] = relationship(back_populates="attachments")

    def __str__(self):
        # The kind only: this names the document in the history, which inspectors read too.
        return str(DocumentKind.label_of(self.kind))
