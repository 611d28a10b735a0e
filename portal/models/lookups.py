"""Editable reference lists (基礎數據): each a table of its own so foreign keys stay honest.

A lookup carries its name in all three locales; the Traditional name is derived from the
Simplified one with OpenCC when left empty. Other three-language names (content types and
their fields) are read and filled by the same functions here.
"""
from flask_babel import get_locale, lazy_gettext
from sqlalchemy import Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.base import RecordMixin
from portal.services.chinese import to_traditional


def name_in(locale, simplified, traditional, english):
    """A three-language name for ``locale``: its Traditional or English form when written, else
    the Simplified one."""
    locale = str(locale or "")
    if locale.startswith("zh_Hant") and traditional:
        return traditional
    if locale == "en" and english:
        return english
    return simplified


def name_for_reader(simplified, traditional, english):
    """A three-language name in the reader's locale (the Simplified one outside a request)."""
    try:
        return name_in(get_locale(), simplified, traditional, english)
    except RuntimeError:  # outside a request
        return simplified


def fill_traditional(record, simplified="name", traditional="name_zh_hant"):
    """Derive a Traditional name left empty from the Simplified one (OpenCC), on save."""
    if not getattr(record, traditional):
        setattr(record, traditional, to_traditional(getattr(record, simplified)))


class NamedInThreeLanguages:
    """``label_for(locale)`` and ``label`` of a record named by ``name``, ``name_zh_hant`` and ``name_en``."""

    def label_for(self, locale):
        return name_in(locale, self.name, self.name_zh_hant, self.name_en)

    @property
    def label(self):
        return name_for_reader(self.name, self.name_zh_hant, self.name_en)

    def __str__(self):
        return self.label


class LookupMixin(NamedInThreeLanguages, RecordMixin):
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)  # Simplified Chinese
    name_zh_hant: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    name_en: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    @classmethod
    def in_use(cls):
        """The entries offered for new records, in their set order (a select)."""
        return select(cls).where(cls.is_active.is_(True)).order_by(cls.sort_order, cls.id)


class DisputeType(LookupMixin, db.Model):
    __tablename__ = "dispute_types"
    __label__ = lazy_gettext("Dispute type")
    # Marriage, adoption and personal status cannot be judicially confirmed (DOMAIN.md).
    personal_status: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class CaseSource(LookupMixin, db.Model):
    __tablename__ = "case_sources"
    __label__ = lazy_gettext("Case source")


class TrainingKind(LookupMixin, db.Model):
    __tablename__ = "training_kinds"
    __label__ = lazy_gettext("Training kind")


class FacilityKind(LookupMixin, db.Model):
    __tablename__ = "facility_kinds"
    __label__ = lazy_gettext("Facility kind")
    # Rooms of this kind are booked for mediation sessions.
    bookable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class EquipmentKind(LookupMixin, db.Model):
    __tablename__ = "equipment_kinds"
    __label__ = lazy_gettext("Equipment kind")


class PoliticalStatus(LookupMixin, db.Model):
    __tablename__ = "political_statuses"
    __label__ = lazy_gettext("Political status")


class EducationLevel(LookupMixin, db.Model):
    __tablename__ = "education_levels"
    __label__ = lazy_gettext("Education")
    # Street-level committee members need senior secondary or above (DOMAIN.md).
    senior_secondary_or_above: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Ethnicity(LookupMixin, db.Model):
    __tablename__ = "ethnicities"
    __label__ = lazy_gettext("Ethnic group")


class MediatorGrade(LookupMixin, db.Model):
    __tablename__ = "mediator_grades"
    __label__ = lazy_gettext("Mediator grade")


class PartnerKind(LookupMixin, db.Model):
    __tablename__ = "partner_kinds"
    __label__ = lazy_gettext("Partner kind")


LOOKUP_MODELS = (
    DisputeType,
    CaseSource,
    TrainingKind,
    FacilityKind,
    EquipmentKind,
    PoliticalStatus,
    EducationLevel,
    Ethnicity,
    MediatorGrade,
    PartnerKind,
)
