"""Judicial offices, mediation committees and their members, partner bodies, liaison points."""
from datetime import date

from flask_babel import lazy_gettext
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related


class JudicialOffice(RecordMixin, db.Model):
    """司法所: one per street, the bureau's grass-roots arm."""

    __tablename__ = "judicial_offices"
    __label__ = lazy_gettext("Judicial office")

    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    opening_hours: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    head_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    street = relationship("Street")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id


class CommitteeLevel(LabelledEnum):
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    GRID = "grid"
    INDUSTRY = "industry"
    OTHER_UNIT = "other_unit"

    @classmethod
    def __labels__(cls):
        return {
            cls.DISTRICT: lazy_gettext("District level"),
            cls.STREET: lazy_gettext("Street level"),
            cls.COMMUNITY: lazy_gettext("Community / village level"),
            cls.GRID: lazy_gettext("Grid mediation group"),
            cls.INDUSTRY: lazy_gettext("Industry / professional"),
            cls.OTHER_UNIT: lazy_gettext("Other unit (site, market, institution)"),
        }


# Where an escalated case goes: the next tier of the three-level network.
ESCALATION_TARGET_LEVEL = {
    CommitteeLevel.GRID: CommitteeLevel.COMMUNITY,
    CommitteeLevel.COMMUNITY: CommitteeLevel.STREET,
    CommitteeLevel.OTHER_UNIT: CommitteeLevel.STREET,
    CommitteeLevel.INDUSTRY: CommitteeLevel.DISTRICT,
    CommitteeLevel.STREET: CommitteeLevel.DISTRICT,
}


class Committee(RecordMixin, db.Model):
    """人民調解委員會 (or a grid mediation group)."""

    __tablename__ = "committees"
    __label__ = lazy_gettext("Mediation committee")
    __table_args__ = (
        UniqueConstraint("street_id", "name"),
        enum_check("level", CommitteeLevel),
        # Case numbers carry the short name: two committees sharing one would number alike.
        Index("uq_committees_short_name", "short_name", unique=True,
              sqlite_where=text("short_name <> ''"), postgresql_where=text("short_name <> ''")),
    )

    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    # The committee's code in the district's register (登记编号): how ledgers and imports name it.
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    # Short name used in case numbers, e.g. 东 in （2026）东调字第0007号.
    short_name: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    level: Mapped[str] = enum_column(CommitteeLevel, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    # Null only for district-level committees.
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    opening_hours: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    established_on: Mapped[date | None] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date)
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    parent: Mapped["Committee | None"] = relationship(remote_side="Committee.id")
    street = relationship("Street")
    community = relationship("Community")
    grid = relationship("Grid")
    memberships: Mapped[list["CommitteeMembership"]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="CommitteeMembership.id"
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        # A grid group lies in its grid's community, a community committee in its street.
        grid = related(self, "grid")
        if grid is not None:
            self.community_id = grid.community_id
        community = related(self, "community")
        if community is not None:
            self.street_id = community.street_id


class Post(LabelledEnum):
    DIRECTOR = "director"
    DEPUTY = "deputy"
    MEMBER = "member"
    MEDIATOR = "mediator"

    @classmethod
    def __labels__(cls):
        return {
            cls.DIRECTOR: lazy_gettext("Director"),
            cls.DEPUTY: lazy_gettext("Deputy director"),
            cls.MEMBER: lazy_gettext("Committee member"),
            cls.MEDIATOR: lazy_gettext("Mediator"),
        }


class Selection(LabelledEnum):
    ELECTED = "elected"
    HIRED = "hired"

    @classmethod
    def __labels__(cls):
        return {cls.ELECTED: lazy_gettext("Elected"), cls.HIRED: lazy_gettext("Hired")}


class CommitteeMembership(RecordMixin, db.Model):
    __tablename__ = "committee_memberships"
    __label__ = lazy_gettext("Committee membership")
    __audit_parent__ = "committee_id"
    __table_args__ = (
        UniqueConstraint("committee_id", "mediator_id"),
        enum_check("post", Post),
        enum_check("selection", Selection),
        CheckConstraint("term_end IS NULL OR term_start IS NULL OR term_end > term_start", name="term_order"),
    )

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), nullable=False, index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"), nullable=False, index=True)
    post: Mapped[str] = enum_column(Post, default=Post.MEDIATOR)
    selection: Mapped[str] = enum_column(Selection, default=Selection.ELECTED)
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)

    committee: Mapped[Committee] = relationship(back_populates="memberships")
    mediator = relationship("Mediator", back_populates="memberships")

    def __str__(self):
        # No translated words: this text is also stored as the audit summary.
        return f"{related(self, 'committee')} · {related(self, 'mediator')}"


class PartnerBody(RecordMixin, db.Model):
    """A body the committees link up with (court, police station, petition office, …)."""

    __tablename__ = "partner_bodies"
    __label__ = lazy_gettext("Partner body")

    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("partner_kinds.id"), nullable=False, index=True)
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    contact_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    kind = relationship("PartnerKind")
    street = relationship("Street")


class JudgeLiaisonPoint(RecordMixin, db.Model):
    """法官聯系點 of the court's "judges in the community" programme."""

    __tablename__ = "judge_liaison_points"
    __label__ = lazy_gettext("Judge liaison point")

    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    court_id: Mapped[int | None] = mapped_column(ForeignKey("partner_bodies.id"), index=True)
    judge_name: Mapped[str] = mapped_column(String(40), nullable=False)
    judge_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    opening_hours: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    # The liaison judge acts as mediation instructor (調解指導員) for the street.
    judge_is_instructor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    street = relationship("Street")
    community = relationship("Community")
    court = relationship("PartnerBody")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id
