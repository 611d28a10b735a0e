"""人民調解員."""
from datetime import date

from flask_babel import lazy_gettext
from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, search_index


class Sex(LabelledEnum):
    MALE = "male"
    FEMALE = "female"

    @classmethod
    def __labels__(cls):
        return {cls.MALE: lazy_gettext("Male"), cls.FEMALE: lazy_gettext("Female")}


class Employment(LabelledEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"

    @classmethod
    def __labels__(cls):
        return {cls.FULL_TIME: lazy_gettext("Full-time"), cls.PART_TIME: lazy_gettext("Part-time")}


class MediatorStatus(LabelledEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"

    @classmethod
    def __labels__(cls):
        return {
            cls.ACTIVE: lazy_gettext("Active"),
            cls.SUSPENDED: lazy_gettext("Suspended"),
            cls.LEFT: lazy_gettext("Left"),
        }


class Mediator(RecordMixin, db.Model):
    __tablename__ = "mediators"
    __label__ = lazy_gettext("Mediator")
    __table_args__ = (
        enum_check("sex", Sex),
        enum_check("employment", Employment),
        enum_check("status", MediatorStatus),
        search_index("mediators"),
    )
    __personal__ = frozenset({"id_number", "mobile", "landline", "address", "birth_date"})
    __field_labels__ = {"name": lazy_gettext("Full name")}
    __technical__ = frozenset({"search_terms"})

    name: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    # Pinyin of the name, full and initials (張三 → "zhangsan", "zs"), for quick search.
    name_pinyin: Mapped[str] = mapped_column(String(160), nullable=False, default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(40), nullable=False, default="", index=True)
    sex: Mapped[str] = enum_column(Sex)
    ethnicity_id: Mapped[int | None] = mapped_column(ForeignKey("ethnicities.id"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    political_status_id: Mapped[int | None] = mapped_column(ForeignKey("political_statuses.id"))
    education_id: Mapped[int | None] = mapped_column(ForeignKey("education_levels.id"))
    occupation: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    employer: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    mobile: Mapped[str | None] = mapped_column(String(20), index=True)
    landline: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # The street whose judicial office manages the mediator; null for district-level mediators.
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    employment: Mapped[str] = enum_column(Employment, default=Employment.PART_TIME, index=True)
    grade_id: Mapped[int | None] = mapped_column(ForeignKey("mediator_grades.id"))
    speciality: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    joined_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = enum_column(MediatorStatus, default=MediatorStatus.ACTIVE, index=True)

    # Backgrounds the seed plan asks to recruit.
    is_retired_cadre: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_npc_deputy: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_cppcc_member: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_lawyer: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_judge_instructor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Name, pinyin, employer and hashed ID number and mobile: see portal.services.search.
    search_terms: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="", deferred=True)

    ethnicity = relationship("Ethnicity")
    political_status = relationship("PoliticalStatus")
    education = relationship("EducationLevel")
    grade = relationship("MediatorGrade")
    street = relationship("Street")
    memberships = relationship(
        "CommitteeMembership", back_populates="mediator", cascade="all, delete-orphan",
        order_by="CommitteeMembership.id",
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        from portal.services.pinyin import full_pinyin, initials

        self.name_pinyin = full_pinyin(self.name)
        self.name_initials = initials(self.name)
