"""District → street → community/village → grid."""
from flask_babel import lazy_gettext
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column


class District(RecordMixin, db.Model):
    __tablename__ = "districts"
    __label__ = lazy_gettext("District")

    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)

    streets: Mapped[list["Street"]] = relationship(back_populates="district", order_by="Street.code")


class Street(RecordMixin, db.Model):
    __tablename__ = "streets"
    __label__ = lazy_gettext("Street")

    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    # One of the eight pilot streets (試點街道) of the seed plan.
    is_pilot: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    district: Mapped[District] = relationship(back_populates="streets")
    communities: Mapped[list["Community"]] = relationship(back_populates="street", order_by="Community.code")

    @classmethod
    def street_scope(cls, street_id):
        return cls.id == street_id


class CommunityKind(LabelledEnum):
    COMMUNITY = "community"
    VILLAGE = "village"

    @classmethod
    def __labels__(cls):
        return {cls.COMMUNITY: lazy_gettext("Community"), cls.VILLAGE: lazy_gettext("Village")}


class Community(RecordMixin, db.Model):
    __tablename__ = "communities"
    __label__ = lazy_gettext("Community / village")
    __table_args__ = (enum_check("kind", CommunityKind),)

    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    kind: Mapped[str] = enum_column(CommunityKind, default=CommunityKind.COMMUNITY)

    street: Mapped[Street] = relationship(back_populates="communities")
    grids: Mapped[list["Grid"]] = relationship(back_populates="community", order_by="Grid.code")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id


class Grid(RecordMixin, db.Model):
    __tablename__ = "grids"
    __label__ = lazy_gettext("Grid")
    __table_args__ = (UniqueConstraint("community_id", "code"),)

    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)

    community: Mapped[Community] = relationship(back_populates="grids")
    # ``reporters``: the grid's information reporters (信息員), from portal.models.screening.

    @classmethod
    def street_scope(cls, street_id):
        return cls.community.has(Community.street_id == street_id)
