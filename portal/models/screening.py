"""Dispute screening and early warning (矛盾纠纷排查预警), down to the grid.

- ``Reporter`` (信息員): a person attached to one or more grids of one street, who reports what
  they see; an account of role ``reporter`` may be linked to them.
- ``ScreeningTheme``: a special screening campaign set by the district (before a holiday or a
  sensitive date), with its period.
- ``ScreeningRound`` (排查): who screened which grids or communities of a street, when, how many
  households and units they visited, and what they found (leads) or that they found nothing.
- ``Lead`` (線索): a dispute or risk found, not yet a case: where, who, what kind, how serious
  (red / orange / yellow), who follows it and by when it must be dealt with. It ends resolved on
  the spot, turned into a case, handed to a partner body, or closed as no longer a risk; it is
  never deleted. ``LeadEvent`` keeps what happened to it.
- ``PreventionRecord``: a case or lead that kept a dispute from escalating (民轉刑, a suicide, a
  group petition, a group fight), the source of the monthly prevention figures.

The rules live in ``portal.services.screening``.
"""
from datetime import date, datetime

from flask_babel import lazy_gettext
from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related
from portal.models.cases import PartyKind, PartyRole
from portal.models.mediators import Sex


class ReporterKind(LabelledEnum):
    """Who the reporter is besides: the seed's reporters are often mediators or grid workers."""

    MEDIATOR = "mediator"
    GRID_WORKER = "grid_worker"
    VOLUNTEER = "volunteer"
    OTHER = "other"

    @classmethod
    def __labels__(cls):
        return {
            cls.MEDIATOR: lazy_gettext("Mediator"),
            cls.GRID_WORKER: lazy_gettext("Grid worker"),
            cls.VOLUNTEER: lazy_gettext("Volunteer"),
            cls.OTHER: lazy_gettext("Other"),
        }


reporter_grids = Table(
    "grid_reporter_grids",
    db.metadata,
    Column("reporter_id", ForeignKey("grid_reporters.id", ondelete="CASCADE"), primary_key=True),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Reporter(RecordMixin, db.Model):
    """網格信息員: reports disputes and risks found in their own grids, all in one street."""

    __tablename__ = "grid_reporters"
    __label__ = lazy_gettext("Grid reporter")
    __table_args__ = (enum_check("kind", ReporterKind),)
    __personal__ = frozenset({"phone"})
    __field_labels__ = {
        "name": lazy_gettext("Full name"),
        "kind": lazy_gettext("Also serves as"),
        "user": lazy_gettext("Sign-in account"),
        "active": lazy_gettext("Reporting"),
        "grids": lazy_gettext("Grids"),
    }

    name: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    kind: Mapped[str] = enum_column(ReporterKind, default=ReporterKind.OTHER)
    # The street of the reporter's grids (derived from them on save).
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"), index=True)
    # The account of role "reporter" this person signs in with; one account, one reporter.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    street = relationship("Street")
    mediator = relationship("Mediator")
    user = relationship("User")
    grids = relationship(
        "Grid", secondary=reporter_grids, order_by="Grid.code",
        backref=backref("reporters", order_by="Reporter.name"),
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        grids = list(self.grids)
        if grids:
            community = related(grids[0], "community")
            if community is not None:
                self.street_id = community.street_id


class ScreeningTheme(RecordMixin, db.Model):
    """A special screening campaign the district sets (before a holiday, a sensitive date, an event)."""

    __tablename__ = "screening_themes"
    __label__ = lazy_gettext("Special screening theme")
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period_order"),)
    __field_labels__ = {
        "name": lazy_gettext("Theme"),
        "starts_on": lazy_gettext("From"),
        "ends_on": lazy_gettext("To"),
        "description": lazy_gettext("What to look for"),
    }

    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)


class RoundKind(LabelledEnum):
    ROUTINE = "routine"
    SPECIAL = "special"

    @classmethod
    def __labels__(cls):
        return {cls.ROUTINE: lazy_gettext("Routine monthly screening"), cls.SPECIAL: lazy_gettext("Special screening")}


round_grids = Table(
    "screening_round_grids",
    db.metadata,
    Column("round_id", ForeignKey("screening_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE"), primary_key=True, index=True),
)

round_communities = Table(
    "screening_round_communities",
    db.metadata,
    Column("round_id", ForeignKey("screening_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ScreeningRound(RecordMixin, db.Model):
    """排查: one round of screening in a street (routine monthly, or special under a theme)."""

    __tablename__ = "screening_rounds"
    __label__ = lazy_gettext("Screening round")
    __table_args__ = (
        enum_check("kind", RoundKind),
        CheckConstraint("(kind = 'special') = (theme_id IS NOT NULL)", name="theme_for_special"),
        CheckConstraint("ended_on IS NULL OR ended_on >= held_on", name="date_order"),
        CheckConstraint("households_visited >= 0 AND units_visited >= 0", name="visits_not_negative"),
        Index("ix_screening_rounds_street_id_held_on", "street_id", "held_on"),
    )
    __field_labels__ = {
        "kind": lazy_gettext("Kind of round"),
        "theme": lazy_gettext("Special screening theme"),
        "committee": lazy_gettext("Committee that screened"),
        "held_on": lazy_gettext("Held on"),
        "ended_on": lazy_gettext("Ended on"),
        "screeners": lazy_gettext("Who screened"),
        "grids": lazy_gettext("Grids screened"),
        "communities": lazy_gettext("Communities / villages screened"),
        "households_visited": lazy_gettext("Households visited"),
        "units_visited": lazy_gettext("Units visited"),
        "found_none": lazy_gettext("Nothing found"),
        "leads": lazy_gettext("Leads found"),
    }

    kind: Mapped[str] = enum_column(RoundKind, default=RoundKind.ROUTINE)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("screening_themes.id"), index=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    ended_on: Mapped[date | None] = mapped_column(Date)
    screeners: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    households_visited: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    units_visited: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Said explicitly: a round with no leads is otherwise "findings not recorded yet".
    found_none: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    theme = relationship("ScreeningTheme")
    street = relationship("Street")
    committee = relationship("Committee")
    grids = relationship("Grid", secondary=round_grids, order_by="Grid.code")
    communities = relationship("Community", secondary=round_communities, order_by="Community.code")
    leads: Mapped[list["Lead"]] = relationship(back_populates="round", order_by="Lead.id")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __str__(self):
        # No translated words: this text is also stored as the audit summary.
        theme = related(self, "theme")
        street = related(self, "street")
        parts = [str(street) if street else "", self.held_on.isoformat() if self.held_on else "", str(theme or "")]
        return " ".join(part for part in parts if part) or f"#{self.id}"


class RiskLevel(LabelledEnum):
    """The 紅橙黃 rating: how soon and at which tier a lead must be dealt with."""

    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"

    @classmethod
    def __labels__(cls):
        return {cls.RED: lazy_gettext("Red"), cls.ORANGE: lazy_gettext("Orange"), cls.YELLOW: lazy_gettext("Yellow")}

    @property
    def meaning(self):
        return {
            RiskLevel.RED: lazy_gettext(
                "May turn into violence, a group incident or a petition: report to the district at once."),
            RiskLevel.ORANGE: lazy_gettext("Handle the same day at street level."),
            RiskLevel.YELLOW: lazy_gettext("The grid or community resolves it."),
        }[self]

    @property
    def rank(self):
        """Higher is more serious."""
        return {RiskLevel.YELLOW: 1, RiskLevel.ORANGE: 2, RiskLevel.RED: 3}[self]


class LeadStatus(LabelledEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    CONVERTED = "converted"
    HANDED_OVER = "handed_over"
    CLOSED = "closed"

    @classmethod
    def __labels__(cls):
        return {
            cls.OPEN: lazy_gettext("Being followed"),
            cls.RESOLVED: lazy_gettext("Resolved on the spot"),
            cls.CONVERTED: lazy_gettext("Turned into a case"),
            cls.HANDED_OVER: lazy_gettext("Handed to a partner body"),
            cls.CLOSED: lazy_gettext("Closed: no longer a risk"),
        }


class Lead(RecordMixin, db.Model):
    """矛盾糾紛線索: a dispute or risk found in a grid, not yet a case."""

    __tablename__ = "screening_leads"
    __label__ = lazy_gettext("Dispute lead")
    __table_args__ = (
        enum_check("level", RiskLevel),
        enum_check("status", LeadStatus),
        CheckConstraint("people_involved >= 1", name="people_at_least_one"),
        CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name="closed_when_ended"),
        # The early-warning board and the deadline sweep: open leads by deadline.
        Index("ix_screening_leads_status_due_at", "status", "due_at"),
        Index("ix_screening_leads_street_id_reported_at", "street_id", "reported_at"),
        # The district's list, newest first; the figures by month found.
        Index("ix_screening_leads_reported_at", "reported_at"),
        Index("ix_screening_leads_found_on", "found_on"),
    )
    __field_labels__ = {
        "grid": lazy_gettext("Grid"),
        "round": lazy_gettext("Screening round"),
        "reporter": lazy_gettext("Reported by"),
        "found_on": lazy_gettext("Found on"),
        "reported_at": lazy_gettext("Reported at"),
        "dispute_type": lazy_gettext("Kind of dispute"),
        "level": lazy_gettext("Risk level"),
        "description": lazy_gettext("What was found"),
        "people_involved": lazy_gettext("People involved"),
        "follower": lazy_gettext("Followed by"),
        "follower_phone": lazy_gettext("Follower's phone"),
        "due_at": lazy_gettext("Respond by"),
        "deadline_missed_at": lazy_gettext("Deadline missed"),
        "closed_at": lazy_gettext("Ended at"),
        "outcome_note": lazy_gettext("What was done"),
        "handed_to": lazy_gettext("Handed to"),
        "case": lazy_gettext("Case"),
    }

    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), nullable=False, index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), nullable=False, index=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("screening_rounds.id"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("grid_reporters.id"), index=True)
    found_on: Mapped[date] = mapped_column(Date, nullable=False)
    # When the lead reached the portal: its response deadline runs from here.
    reported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    dispute_type_id: Mapped[int] = mapped_column(ForeignKey("dispute_types.id"), nullable=False, index=True)
    level: Mapped[str] = enum_column(RiskLevel, default=RiskLevel.YELLOW, index=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    people_involved: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    follower: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    follower_phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    due_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    # The deadline whose passing has been written to the lead's events (one event per deadline).
    deadline_missed_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = enum_column(LeadStatus, default=LeadStatus.OPEN, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    handed_to_id: Mapped[int | None] = mapped_column(ForeignKey("partner_bodies.id"), index=True)
    # The case it was turned into (the case page links back through this column).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), unique=True)

    grid = relationship("Grid")
    community = relationship("Community")
    street = relationship("Street")
    round: Mapped["ScreeningRound | None"] = relationship(back_populates="leads")
    reporter = relationship("Reporter")
    dispute_type = relationship("DisputeType")
    handed_to = relationship("PartnerBody")
    case = relationship("Case")
    parties: Mapped[list["LeadParty"]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="LeadParty.id"
    )
    photos: Mapped[list["LeadPhoto"]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="LeadPhoto.id"
    )
    events: Mapped[list["LeadEvent"]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="(LeadEvent.occurred_at, LeadEvent.id)"
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        # A lead lies in its grid's community and street, whatever the form sent.
        grid = related(self, "grid")
        if grid is not None:
            community = related(grid, "community")
            self.community_id = grid.community_id
            if community is not None:
                self.street_id = community.street_id

    @property
    def is_open(self):
        return self.status == LeadStatus.OPEN

    @property
    def risk(self):
        return RiskLevel(self.level)

    def __str__(self):
        # No translated words: this text is also stored as the audit summary.
        text = " ".join((self.description or "").split())
        return f"#{self.id} {text[:40]}" if self.id else text[:40]


class LeadParty(RecordMixin, db.Model):
    """Someone involved in a lead; copied to the case when the lead becomes one."""

    __tablename__ = "screening_lead_parties"
    __label__ = lazy_gettext("Party")
    __audit_parent__ = "lead_id"
    __table_args__ = (enum_check("role", PartyRole), enum_check("kind", PartyKind), enum_check("sex", Sex))
    __personal__ = frozenset({"name", "id_number", "phone", "address"})
    __field_labels__ = {
        "name": lazy_gettext("Name or organisation"),
        "id_number": lazy_gettext("ID number / credit code"),
    }

    lead_id: Mapped[int] = mapped_column(ForeignKey("screening_leads.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = enum_column(PartyRole, default=PartyRole.APPLICANT)
    kind: Mapped[str] = enum_column(PartyKind, default=PartyKind.PERSON)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    sex: Mapped[str | None] = enum_column(Sex, nullable=True)
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    lead: Mapped[Lead] = relationship(back_populates="parties")

    @classmethod
    def street_scope(cls, street_id):
        return cls.lead.has(Lead.street_id == street_id)


class LeadPhoto(RecordMixin, db.Model):
    """A photo taken where the lead was found; the file is kept outside static (services.screening.photos)."""

    __tablename__ = "screening_lead_photos"
    __label__ = lazy_gettext("Photo")
    __audit_parent__ = "lead_id"

    lead_id: Mapped[int] = mapped_column(ForeignKey("screening_leads.id", ondelete="CASCADE"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(60), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)

    lead: Mapped[Lead] = relationship(back_populates="photos")

    @classmethod
    def street_scope(cls, street_id):
        return cls.lead.has(Lead.street_id == street_id)

    def __str__(self):
        return self.filename


class LeadEventKind(LabelledEnum):
    REPORTED = "reported"
    LEVEL_RAISED = "level_raised"
    LEVEL_LOWERED = "level_lowered"
    DEADLINE_MISSED = "deadline_missed"
    RESOLVED = "resolved"
    CONVERTED = "converted"
    HANDED_OVER = "handed_over"
    CLOSED = "closed"

    @classmethod
    def __labels__(cls):
        return {
            cls.REPORTED: lazy_gettext("Reported"),
            cls.LEVEL_RAISED: lazy_gettext("Risk level raised"),
            cls.LEVEL_LOWERED: lazy_gettext("Risk level lowered"),
            cls.DEADLINE_MISSED: lazy_gettext("Response deadline missed"),
            cls.RESOLVED: lazy_gettext("Resolved on the spot"),
            cls.CONVERTED: lazy_gettext("Turned into a case"),
            cls.HANDED_OVER: lazy_gettext("Handed to a partner body"),
            cls.CLOSED: lazy_gettext("Closed: no longer a risk"),
        }


class LeadEvent(RecordMixin, db.Model):
    """One thing that happened to a lead; written only by portal.services.screening."""

    __tablename__ = "screening_lead_events"
    __label__ = lazy_gettext("Lead event")
    __audit_parent__ = "lead_id"
    __table_args__ = (
        enum_check("kind", LeadEventKind),
        enum_check("from_level", RiskLevel),
        enum_check("to_level", RiskLevel),
    )
    __field_labels__ = {
        "kind": lazy_gettext("What happened"),
        "occurred_at": lazy_gettext("When"),
        "from_level": lazy_gettext("Level before"),
        "to_level": lazy_gettext("Level after"),
        "note": lazy_gettext("Note"),
    }

    lead_id: Mapped[int] = mapped_column(ForeignKey("screening_leads.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = enum_column(LeadEventKind)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    from_level: Mapped[str | None] = enum_column(RiskLevel, nullable=True)
    to_level: Mapped[str | None] = enum_column(RiskLevel, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    lead: Mapped[Lead] = relationship(back_populates="events")

    @classmethod
    def street_scope(cls, street_id):
        return cls.lead.has(Lead.street_id == street_id)

    def __str__(self):
        return str(LeadEventKind.label_of(self.kind))


class PreventionKind(LabelledEnum):
    """The four prevention figures of the monthly report."""

    CRIMINAL = "criminal"
    SUICIDE = "suicide"
    GROUP_PETITION = "group_petition"
    GROUP_FIGHT = "group_fight"

    @classmethod
    def __labels__(cls):
        return {
            cls.CRIMINAL: lazy_gettext("Kept from turning into a criminal case"),
            cls.SUICIDE: lazy_gettext("Suicide prevented"),
            cls.GROUP_PETITION: lazy_gettext("Group petition prevented"),
            cls.GROUP_FIGHT: lazy_gettext("Group fight prevented"),
        }


class PreventionRecord(RecordMixin, db.Model):
    """A case or a lead marked as having prevented an escalation, with the persons involved."""

    __tablename__ = "prevention_records"
    __label__ = lazy_gettext("Prevention record")
    __table_args__ = (
        enum_check("kind", PreventionKind),
        CheckConstraint("(case_id IS NULL) <> (lead_id IS NULL)", name="case_or_lead"),
        CheckConstraint("persons >= 1", name="persons_at_least_one"),
        UniqueConstraint("kind", "case_id"),
        UniqueConstraint("kind", "lead_id"),
        Index("ix_prevention_records_street_id_prevented_on", "street_id", "prevented_on"),
    )
    __field_labels__ = {
        "kind": lazy_gettext("What was prevented"),
        "prevented_on": lazy_gettext("Prevented on"),
        "persons": lazy_gettext("Persons involved"),
        "description": lazy_gettext("How"),
        "lead": lazy_gettext("Dispute lead"),
        "case": lazy_gettext("Case"),
    }

    kind: Mapped[str] = enum_column(PreventionKind)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("screening_leads.id"), index=True)
    # The street the prevented dispute belongs to (from the lead, else the case).
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    prevented_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    persons: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    case = relationship("Case")
    lead = relationship("Lead")
    street = relationship("Street")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        lead = related(self, "lead")
        case = related(self, "case")
        if lead is not None:
            self.street_id = lead.street_id
        elif case is not None:
            community = related(case, "community")
            self.street_id = case.street_id or (community.street_id if community is not None else None)

    def __str__(self):
        return f"{self.kind} {self.prevented_on.isoformat() if self.prevented_on else ''}".strip()
