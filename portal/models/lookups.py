"""Editable reference lists (基礎數據): each a table of its own so foreign keys stay honest.

A lookup carries its name in all three locales; the Traditional name is derived from the
Simplified one with OpenCC when left empty.
"""
from flask_babel import get_locale, lazy_gettext
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.base import RecordMixin


class LookupMixin(RecordMixin):
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)  # Simplified Chinese
    name_zh_hant: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    name_en: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    def label_for(self, locale):
        locale = str(locale or "")
        if locale.startswith("zh_Hant") and self.name_zh_hant:
            return self.name_zh_hant
        if locale == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def label(self):
        try:
            return self.label_for(get_locale())
        except RuntimeError:  # outside a request
            return self.name

    def __str__(self):
        return self.label


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
