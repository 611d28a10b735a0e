"""糾紛案件 and its parties. The lifecycle rules live in portal.services.cases."""
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import Column, Date, ForeignKey, Index, Numeric, String, Table, Text, CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related, search_index, trigram_index
from portal.models.mediators import Sex
from portal.models.organisation import CommitteeLevel


class Retention(LabelledEnum):
    """保管期限 of an archived dossier."""

    PERMANENT = "permanent"
    LONG_TERM = "long_term"
    SHORT_TERM = "short_term"

    @classmethod
    def __labels__(cls):
        return {
            cls.PERMANENT: lazy_gettext("Permanent"),
            cls.LONG_TERM: lazy_gettext("Long term"),
            cls.SHORT_TERM: lazy_gettext("Short term"),
        }


class RemedyRoute(LabelledEnum):
    """Routes the parties are told about when mediation fails."""

    ARBITRATION = "arbitration"
    ADMINISTRATIVE = "administrative"
    LITIGATION = "litigation"
    OTHER = "other"

    @classmethod
    def __labels__(cls):
        return {
            cls.ARBITRATION: lazy_gettext("Arbitration"),
            cls.ADMINISTRATIVE: lazy_gettext("Administrative route"),
            cls.LITIGATION: lazy_gettext("Lawsuit in court"),
            cls.OTHER: lazy_gettext("Other lawful route"),
        }


class CaseStatus(LabelledEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    IN_MEDIATION = "in_mediation"
    SETTLED = "settled"
    FAILED = "failed"
    ESCALATED = "escalated"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"
    ARCHIVED = "archived"

    @classmethod
    def __labels__(cls):
        return {
            cls.REGISTERED: lazy_gettext("Registered"),
            cls.ACCEPTED: lazy_gettext("Accepted"),
            cls.REFUSED: lazy_gettext("Refused"),
            cls.IN_MEDIATION: lazy_gettext("In mediation"),
            cls.SETTLED: lazy_gettext("Settled"),
            cls.FAILED: lazy_gettext("Mediation failed"),
            cls.ESCALATED: lazy_gettext("Escalated"),
            cls.TRANSFERRED: lazy_gettext("Transferred"),
            cls.WITHDRAWN: lazy_gettext("Withdrawn"),
            cls.ARCHIVED: lazy_gettext("Archived"),
        }


case_mediators = Table(
    "case_mediators",
    db.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("mediator_id", ForeignKey("mediators.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Case(RecordMixin, db.Model):
    __tablename__ = "cases"
    __label__ = lazy_gettext("Dispute case")
    __table_args__ = (
        enum_check("status", CaseStatus),
        enum_check("start_level", CommitteeLevel),
        enum_check("settled_level", CommitteeLevel),
        enum_check("retention", Retention),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        # The overdue filter and the dashboard count: open cases past their due date.
        Index("ix_cases_status_due_on", "status", "due_on"),
        # An office's list, newest first or by date, without sorting the whole street.
        Index("ix_cases_street_id_id", "street_id", "id"),
        Index("ix_cases_street_id_received_on", "street_id", "received_on"),
        # The number lookups of other screens look in both, with "contains".
        trigram_index("cases", "number"),
        trigram_index("cases", "title"),
        search_index("cases"),
        # Statistics (portal.services.statistics): each column counts by the date of its step.
        Index("ix_cases_origin_street_id_received_on", "origin_street_id", "received_on"),
        Index("ix_cases_concluded_on", "concluded_on"),
    )
    __field_labels__ = {
        "origin_committee": lazy_gettext("Committee where it started"),
        "accepted_on": lazy_gettext("Accepted on"),
        "due_on": lazy_gettext("Due by"),
        "concluded_on": lazy_gettext("Concluded on"),
        "settled_level": lazy_gettext("Level where it was settled"),
        "refusal_reason": lazy_gettext("Reason for refusal"),
        "referred_to": lazy_gettext("Party referred to"),
        "failure_routes": lazy_gettext("Routes the parties were told about"),
        "transferred_to": lazy_gettext("Transferred to"),
        "archived_on": lazy_gettext("Archived on"),
        "archived_by": lazy_gettext("Filed by"),
        "retention": lazy_gettext("Retention period"),
    }
    __technical__ = frozenset({"search_terms"})

    # Assigned on acceptance, per committee per year (see portal.services.cases).
    number: Mapped[str | None] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    dispute_type_id: Mapped[int] = mapped_column(ForeignKey("dispute_types.id"), nullable=False, index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("case_sources.id"), nullable=False, index=True)
    start_level: Mapped[str] = enum_column(CommitteeLevel, default=CommitteeLevel.COMMUNITY)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False, index=True)
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    facts: Mapped[str] = mapped_column(Text, nullable=False, default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = enum_column(CaseStatus, default=CaseStatus.REGISTERED, index=True)

    # Lifecycle facts, written only by portal.services.cases (the state machine).
    origin_committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    # The street where it started, kept when escalation takes it to the district: statistics
    # count a case for the street (and committee) that received it.
    origin_street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"))
    accepted_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    settled_level: Mapped[str | None] = enum_column(CommitteeLevel, nullable=True)
    refusal_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    referred_to: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # RemedyRoute codes separated by commas.
    failure_routes: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    transferred_to_id: Mapped[int | None] = mapped_column(ForeignKey("partner_bodies.id"), index=True)
    archived_on: Mapped[date | None] = mapped_column(Date)
    # 立卷人: the person who compiled the dossier, as printed on its cover.
    archived_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    retention: Mapped[str | None] = enum_column(Retention, nullable=True)
    # What the search box finds the case by (its number, title and parties): written by
    # portal.services.search after each flush, indexed on PostgreSQL (search_index).
    search_terms: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="", deferred=True)

    dispute_type = relationship("DisputeType")
    source = relationship("CaseSource")
    committee = relationship("Committee", foreign_keys=[committee_id])
    origin_committee = relationship("Committee", foreign_keys=[origin_committee_id])
    origin_street = relationship("Street", foreign_keys=[origin_street_id])
    transferred_to = relationship("PartnerBody")
    street = relationship("Street", foreign_keys=[street_id])
    community = relationship("Community")
    mediators = relationship("Mediator", secondary=case_mediators, order_by="Mediator.name")
    parties: Mapped[list["CaseParty"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.id"
    )
    # What happened after intake (portal.models.case_records).
    events = relationship(
        "CaseEvent", back_populates="case", cascade="all, delete-orphan",
        order_by="(CaseEvent.created_at, CaseEvent.id)",
    )
    sessions = relationship(
        "MediationSession", back_populates="case", cascade="all, delete-orphan",
        order_by="MediationSession.starts_at",
    )
    agreement = relationship("CaseAgreement", back_populates="case", cascade="all, delete-orphan", uselist=False)
    confirmation = relationship(
        "JudicialConfirmation", back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    follow_ups = relationship("FollowUp", back_populates="case", cascade="all, delete-orphan", order_by="FollowUp.due_on")
    attachments = relationship(
        "CaseAttachment", back_populates="case", cascade="all, delete-orphan",
        order_by="(CaseAttachment.kind, CaseAttachment.id)",
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        # The case belongs to its committee's street (and community, when the committee has one).
        committee = related(self, "committee")
        if committee is not None:
            self.street = related(committee, "street")
            if committee.community_id is not None:
                # Through the relationship: a form that left "community" empty has set it to
                # None, and at flush the relationship would win over a bare foreign key.
                self.community = related(committee, "community")
            # Where it started is fixed when it is first saved (tiered resolution figures).
            if self.origin_committee_id is None and self.origin_committee is None:
                self.origin_committee = committee
                self.start_level = committee.level
                self.origin_street = self.street

    @property
    def failure_route_list(self):
        return [code for code in (self.failure_routes or "").split(",") if code]

    def __str__(self):
        return self.number or self.title


class PartyRole(LabelledEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"
    OTHER = "other"

    @classmethod
    def __labels__(cls):
        return {
            cls.APPLICANT: lazy_gettext("Applicant"),
            cls.RESPONDENT: lazy_gettext("Respondent"),
            cls.OTHER: lazy_gettext("Other party"),
        }


class PartyKind(LabelledEnum):
    PERSON = "person"
    ORGANISATION = "organisation"

    @classmethod
    def __labels__(cls):
        return {cls.PERSON: lazy_gettext("Person"), cls.ORGANISATION: lazy_gettext("Organisation")}


class CaseParty(RecordMixin, db.Model):
    __tablename__ = "case_parties"
    __label__ = lazy_gettext("Party")
    __audit_parent__ = "case_id"
    __table_args__ = (
        enum_check("role", PartyRole),
        enum_check("kind", PartyKind),
        enum_check("sex", Sex),
    )
    __personal__ = frozenset({"name", "id_number", "phone", "address", "representative", "birth_date"})
    __field_labels__ = {
        "name": lazy_gettext("Name or organisation"),
        "id_number": lazy_gettext("ID number / credit code"),
        "ethnicity": lazy_gettext("Ethnic group"),
        "birth_date": lazy_gettext("Date of birth"),
        "occupation": lazy_gettext("Occupation or post"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = enum_column(PartyRole, default=PartyRole.APPLICANT)
    kind: Mapped[str] = enum_column(PartyKind, default=PartyKind.PERSON)
    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    sex: Mapped[str | None] = enum_column(Sex, nullable=True)
    # A person's details the agreement names (law art. 29); the age is counted from the date of
    # birth, or from the ID number when no date is given.
    ethnicity_id: Mapped[int | None] = mapped_column(ForeignKey("ethnicities.id"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    occupation: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    # Resident ID number for a person, unified social credit code for an organisation.
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # Legal representative or agent of an organisation.
    representative: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    case: Mapped[Case] = relationship(back_populates="parties")
    ethnicity = relationship("Ethnicity")
