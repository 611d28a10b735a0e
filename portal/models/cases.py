"""糾紛案件 and its parties. The lifecycle rules live in portal.services.cases."""
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import Column, Date, ForeignKey, Numeric, String, Table, Text, CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related
from portal.models.mediators import Sex
from portal.models.organisation import CommitteeLevel


class CaseStatus(LabelledEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    IN_MEDIATION = "in_mediation"
    SETTLED = "settled"
    FAILED = "failed"
    ESCALATED = "escalated"
    TRANSFERRED = "transferred"
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
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
    )

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

    dispute_type = relationship("DisputeType")
    source = relationship("CaseSource")
    committee = relationship("Committee")
    street = relationship("Street")
    community = relationship("Community")
    mediators = relationship("Mediator", secondary=case_mediators, order_by="Mediator.name")
    parties: Mapped[list["CaseParty"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.id"
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        # The case belongs to its committee's street (and community, when the committee has one).
        committee = related(self, "committee")
        if committee is not None:
            self.street_id = committee.street_id
            if committee.community_id is not None:
                self.community_id = committee.community_id

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
    __personal__ = frozenset({"id_number", "phone", "address"})
    __field_labels__ = {
        "name": lazy_gettext("Name or organisation"),
        "id_number": lazy_gettext("ID number / credit code"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = enum_column(PartyRole, default=PartyRole.APPLICANT)
    kind: Mapped[str] = enum_column(PartyKind, default=PartyKind.PERSON)
    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    sex: Mapped[str | None] = enum_column(Sex, nullable=True)
    # Resident ID number for a person, unified social credit code for an organisation.
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # Legal representative or agent of an organisation.
    representative: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    case: Mapped[Case] = relationship(back_populates="parties")
