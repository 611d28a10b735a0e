"""Inspections of judicial offices and the annual target assessment (检查与年度目标管理考核).

- ``ChecklistTemplate`` / ``ChecklistItem``: the district's checklists, items named in three
  languages, grouped, weighted (a template's weights sum to 100), optionally linked to the
  record list an item checks.
- ``Inspection``: an office (and optionally a pilot unit in its street) inspected on a day,
  announced or not, by accounts and named people, against one template; one ``InspectionFinding``
  per item (meets / partly / fails, note, photo), a conclusion.
- ``Rectification`` (整改): a failed finding's item to put right by a deadline; the office answers,
  the district accepts or reopens it.
- ``DossierCheck``: a dossier (archived case) drawn at random for the inspection's spot check,
  with the result per required document. ``Inspection.draw_seed`` makes the draw repeatable.
- ``AssessmentScheme`` / ``AssessmentIndicator`` / ``AssessmentScore`` / ``AssessmentComment``:
  a year's scheme, its indicators (computed from the portal's records or judged by hand), the
  scores judged by hand, the offices' comments; a final scheme keeps its scorecards frozen.

The rules live in ``portal.services.inspections``.
"""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Integer, Numeric, String, Table, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.audit import JSONType
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column, related
from portal.models.lookups import NamedInThreeLanguages, fill_traditional


class ItemGroup(LabelledEnum):
    ORGANISATION = "organisation"
    MEDIATORS = "mediators"
    TRAINING = "training"
    FACILITIES = "facilities"
    DOSSIERS = "dossiers"
    STATISTICS = "statistics"
    RULES_POSTED = "rules_posted"

    @classmethod
    def __labels__(cls):
        return {
            cls.ORGANISATION: lazy_gettext("Organisation"),
            cls.MEDIATORS: lazy_gettext("Mediator team"),
            cls.TRAINING: lazy_gettext("Training"),
            cls.FACILITIES: lazy_gettext("Facilities (three in place)"),
            cls.DOSSIERS: lazy_gettext("Case documents and dossiers"),
            cls.STATISTICS: lazy_gettext("Statistics and reporting"),
            cls.RULES_POSTED: lazy_gettext("Rules posted publicly"),
        }


class RecordList(LabelledEnum):
    """The record lists an item may link to (the screen's endpoint)."""

    COMMITTEES = "committees"
    MEDIATORS = "mediators"
    TRAINING_SESSIONS = "training_sessions"
    TRAINING_COMPLIANCE = "training_compliance"
    FACILITIES = "facilities"
    THREE_IN_PLACE = "office_checklist"
    CASES = "cases"
    MONTHLY_REPORTS = "monthly_reports"
    SCREENING_ROUNDS = "screening_rounds"
    CONTENT = "content_entries"

    @classmethod
    def __labels__(cls):
        return {
            cls.COMMITTEES: lazy_gettext("Mediation committees"),
            cls.MEDIATORS: lazy_gettext("Mediators"),
            cls.TRAINING_SESSIONS: lazy_gettext("Training sessions"),
            cls.TRAINING_COMPLIANCE: lazy_gettext("Training compliance"),
            cls.FACILITIES: lazy_gettext("Facilities"),
            cls.THREE_IN_PLACE: lazy_gettext("Three in place"),
            cls.CASES: lazy_gettext("Dispute cases"),
            cls.MONTHLY_REPORTS: lazy_gettext("Monthly reports"),
            cls.SCREENING_ROUNDS: lazy_gettext("Screening rounds"),
            cls.CONTENT: lazy_gettext("Content entries"),
        }


class ChecklistTemplate(RecordMixin, db.Model):
    __tablename__ = "checklist_templates"
    __label__ = lazy_gettext("Checklist template")
    __field_labels__ = {
        "name": lazy_gettext("Checklist"),
        "description": lazy_gettext("What it is for"),
        "is_active": lazy_gettext("In use"),
        "items": lazy_gettext("Checklist items"),
    }

    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="template", order_by="(ChecklistItem.sort_order, ChecklistItem.id)",
        cascade="all, delete-orphan",
    )

    @property
    def total_weight(self):
        return sum(item.weight or 0 for item in self.items)


class ChecklistItem(NamedInThreeLanguages, RecordMixin, db.Model):
    __tablename__ = "checklist_items"
    __label__ = lazy_gettext("Checklist item")
    __audit_parent__ = "template_id"
    __table_args__ = (
        enum_check("grouping", ItemGroup),
        enum_check("record_list", RecordList),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
    )
    __field_labels__ = {
        "name": lazy_gettext("Item (Simplified Chinese)"),
        "name_zh_hant": lazy_gettext("Item (Traditional Chinese)"),
        "name_en": lazy_gettext("Item (English)"),
        "grouping": lazy_gettext("Group"),
        "weight": lazy_gettext("Weight"),
        "record_list": lazy_gettext("Records it checks"),
        "template": lazy_gettext("Checklist template"),
    }

    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id", ondelete="CASCADE"),
                                             nullable=False, index=True)
    grouping: Mapped[str] = enum_column(ItemGroup, default=ItemGroup.ORGANISATION)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    name_zh_hant: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    name_en: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    weight: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    record_list: Mapped[str | None] = enum_column(RecordList, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")

    def __before_save__(self):
        fill_traditional(self)


inspection_inspectors = Table(
    "inspection_inspectors",
    db.metadata,
    Column("inspection_id", ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Inspection(RecordMixin, db.Model):
    """检查: one visit to a judicial office (and optionally a pilot unit of its street)."""

    __tablename__ = "inspections"
    __label__ = lazy_gettext("Inspection")
    __field_labels__ = {
        "judicial_office": lazy_gettext("Office inspected"),
        "committee": lazy_gettext("Pilot unit inspected"),
        "inspected_on": lazy_gettext("Inspected on"),
        "announced": lazy_gettext("Announced in advance"),
        "inspectors": lazy_gettext("Inspectors (accounts)"),
        "other_inspectors": lazy_gettext("Other inspectors"),
        "template": lazy_gettext("Checklist"),
        "conclusion": lazy_gettext("Overall conclusion"),
        "findings": lazy_gettext("Findings"),
        "draw_seed": lazy_gettext("Draw number"),
    }

    judicial_office_id: Mapped[int] = mapped_column(ForeignKey("judicial_offices.id"), nullable=False, index=True)
    # The office's street (derived on save): what a street office sees of inspections.
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    announced: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    other_inspectors: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id"), nullable=False, index=True)
    conclusion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The seed of the dossier spot check's random draw (None until drawn): the same seed, the same draw.
    draw_seed: Mapped[int | None] = mapped_column(Integer)
    drawn_at: Mapped[datetime | None] = mapped_column(DateTime)

    judicial_office = relationship("JudicialOffice")
    street = relationship("Street")
    committee = relationship("Committee")
    template = relationship("ChecklistTemplate")
    inspectors = relationship("User", secondary=inspection_inspectors, order_by="User.display_name")
    findings: Mapped[list["InspectionFinding"]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionFinding.id")
    dossier_checks: Mapped[list["DossierCheck"]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="DossierCheck.position")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __before_save__(self):
        office = related(self, "judicial_office")
        if office is not None:
            self.street_id = office.street_id

    def __str__(self):
        office = related(self, "judicial_office")
        day = self.inspected_on.isoformat() if self.inspected_on else ""
        return " ".join(part for part in (str(office or ""), day) if part) or f"#{self.id}"


class FindingResult(LabelledEnum):
    MEETS = "meets"
    PARTLY = "partly"
    FAILS = "fails"

    @classmethod
    def __labels__(cls):
        return {
            cls.MEETS: lazy_gettext("Meets the standard"),
            cls.PARTLY: lazy_gettext("Partly meets"),
            cls.FAILS: lazy_gettext("Fails"),
        }

    @property
    def credit(self):
        """The share of the item's weight a result earns."""
        return {FindingResult.MEETS: Decimal(1), FindingResult.PARTLY: Decimal("0.5"), FindingResult.FAILS: Decimal(0)}[self]


class InspectionFinding(RecordMixin, db.Model):
    __tablename__ = "inspection_findings"
    __label__ = lazy_gettext("Inspection finding")
    __audit_parent__ = "inspection_id"
    __technical__ = frozenset({"photo_key", "photo_type"})
    __table_args__ = (
        enum_check("result", FindingResult),
        UniqueConstraint("inspection_id", "item_id"),
    )
    __field_labels__ = {
        "item": lazy_gettext("Checklist item"),
        "result": lazy_gettext("Result"),
        "note": lazy_gettext("Note"),
        "photo_name": lazy_gettext("Photo or scan"),
    }

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_items.id"), nullable=False, index=True)
    result: Mapped[str | None] = enum_column(FindingResult, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    photo_key: Mapped[str | None] = mapped_column(String(200))
    photo_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    photo_type: Mapped[str] = mapped_column(String(100), nullable=False, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="findings")
    item = relationship("ChecklistItem")
    rectification: Mapped["Rectification | None"] = relationship(back_populates="finding", uselist=False)


class RectificationStatus(LabelledEnum):
    OPEN = "open"
    ANSWERED = "answered"
    ACCEPTED = "accepted"
    REOPENED = "reopened"

    @classmethod
    def __labels__(cls):
        return {
            cls.OPEN: lazy_gettext("Waiting for the office"),
            cls.ANSWERED: lazy_gettext("Answered, awaiting the district"),
            cls.ACCEPTED: lazy_gettext("Accepted by the district"),
            cls.REOPENED: lazy_gettext("Reopened by the district"),
        }


class Rectification(RecordMixin, db.Model):
    """整改: what a failed finding asks the office to put right, by when, and how it ended."""

    __tablename__ = "rectifications"
    __label__ = lazy_gettext("Rectification item")
    __technical__ = frozenset({"evidence_key", "evidence_type"})
    __table_args__ = (enum_check("status", RectificationStatus),)
    __field_labels__ = {
        "inspection": lazy_gettext("Inspection"),
        "finding": lazy_gettext("Finding"),
        "street": lazy_gettext("Responsible office"),
        "requirement": lazy_gettext("What to put right"),
        "due_on": lazy_gettext("Deadline"),
        "status": lazy_gettext("Status"),
        "answer": lazy_gettext("What the office did"),
        "answered_at": lazy_gettext("Answered at"),
        "evidence_name": lazy_gettext("Evidence"),
        "decision_note": lazy_gettext("District's note"),
        "decided_at": lazy_gettext("Decided at"),
        "done_on_time": lazy_gettext("Done on time"),
    }

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("inspection_findings.id", ondelete="CASCADE"),
                                            nullable=False, unique=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    requirement: Mapped[str] = mapped_column(Text, nullable=False, default="")
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    status: Mapped[str] = enum_column(RectificationStatus, default=RectificationStatus.OPEN, index=True)
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(Integer)
    evidence_key: Mapped[str | None] = mapped_column(String(200))
    evidence_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    evidence_type: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    decision_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(Integer)
    # Set on acceptance: the office's (last) answer came by the deadline.
    done_on_time: Mapped[bool | None] = mapped_column(Boolean)

    inspection = relationship("Inspection")
    finding: Mapped[InspectionFinding] = relationship(back_populates="rectification")
    street = relationship("Street")

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    def __str__(self):
        finding = related(self, "finding")
        item = related(finding, "item") if finding is not None else None
        return str(item.name if item is not None else f"#{self.id}")


class DossierCheck(RecordMixin, db.Model):
    """One dossier drawn for an inspection's spot check, and what the inspector found in it."""

    __tablename__ = "inspection_dossier_checks"
    __label__ = lazy_gettext("Dossier spot check")
    __audit_parent__ = "inspection_id"
    __table_args__ = (UniqueConstraint("inspection_id", "case_id"),)
    __field_labels__ = {
        "case": lazy_gettext("Case"),
        "results": lazy_gettext("Documents"),
        "note": lazy_gettext("Note"),
        "complete": lazy_gettext("Complete and correct"),
    }

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # {document kind: "ok" | "missing" | "incorrect"} for each required kind; empty until checked.
    results: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)
    # None until checked; then whether every required document was present and correct.
    complete: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="dossier_checks")
    case = relationship("Case")


# --- the annual assessment ----------------------------------------------------------------------

class SchemeStatus(LabelledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    FINAL = "final"

    @classmethod
    def __labels__(cls):
        return {
            cls.DRAFT: lazy_gettext("Draft (live figures)"),
            cls.PUBLISHED: lazy_gettext("Published to the offices"),
            cls.FINAL: lazy_gettext("Final (frozen)"),
        }


class AssessmentScheme(RecordMixin, db.Model):
    __tablename__ = "assessment_schemes"
    __label__ = lazy_gettext("Assessment scheme")
    __table_args__ = (enum_check("status", SchemeStatus),)
    __technical__ = frozenset({"frozen"})
    __field_labels__ = {
        "year": lazy_gettext("Year"),
        "name": lazy_gettext("Scheme"),
        "status": lazy_gettext("Status"),
        "comments_until": lazy_gettext("Offices may comment until"),
        "published_at": lazy_gettext("Published at"),
        "finalised_at": lazy_gettext("Signed off at"),
        "indicators": lazy_gettext("Indicators"),
    }

    year: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    status: Mapped[str] = enum_column(SchemeStatus, default=SchemeStatus.DRAFT)
    comments_until: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalised_by_id: Mapped[int | None] = mapped_column(Integer)
    # The scorecards as signed off (final only): never recomputed again.
    frozen: Mapped[list | None] = mapped_column(JSONType)

    indicators: Mapped[list["AssessmentIndicator"]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan",
        order_by="(AssessmentIndicator.sort_order, AssessmentIndicator.id)",
    )

    @property
    def total_weight(self):
        return sum(indicator.weight or 0 for indicator in self.indicators)


class IndicatorSource(LabelledEnum):
    TRAINING = "training"
    THREE_IN_PLACE = "three_in_place"
    REPORTS_ON_TIME = "reports_on_time"
    SUCCESS_RATE = "success_rate"
    AT_START = "at_start"
    OVERDUE_CASES = "overdue_cases"
    DOSSIERS = "dossiers"
    RECTIFICATIONS = "rectifications"
    SCREENING = "screening"
    INSPECTIONS = "inspections"
    MANUAL = "manual"

    @classmethod
    def __labels__(cls):
        return {
            cls.TRAINING: lazy_gettext("Training compliance rate"),
            cls.THREE_IN_PLACE: lazy_gettext("Three-in-place completeness"),
            cls.REPORTS_ON_TIME: lazy_gettext("Monthly reports on time"),
            cls.SUCCESS_RATE: lazy_gettext("Case success rate"),
            cls.AT_START: lazy_gettext("Share settled at the starting level"),
            cls.OVERDUE_CASES: lazy_gettext("Overdue cases"),
            cls.DOSSIERS: lazy_gettext("Dossier spot-check results"),
            cls.RECTIFICATIONS: lazy_gettext("Rectifications done on time"),
            cls.SCREENING: lazy_gettext("Monthly screening rounds held"),
            cls.INSPECTIONS: lazy_gettext("Inspection results"),
            cls.MANUAL: lazy_gettext("Judged by the inspectors"),
        }


class ScoringRule(LabelledEnum):
    RATE = "rate"            # a percentage: full marks at the target, in proportion below it
    DEDUCT = "deduct"        # a count: full marks at none, less a deduction per unit, not below zero
    MANUAL = "manual"        # a score entered with a reason

    @classmethod
    def __labels__(cls):
        return {
            cls.RATE: lazy_gettext("In proportion to the rate, full marks at the target"),
            cls.DEDUCT: lazy_gettext("Full marks less a deduction for each one"),
            cls.MANUAL: lazy_gettext("Entered by hand with a reason"),
        }


class AssessmentIndicator(NamedInThreeLanguages, RecordMixin, db.Model):
    __tablename__ = "assessment_indicators"
    __label__ = lazy_gettext("Assessment indicator")
    __audit_parent__ = "scheme_id"
    __table_args__ = (
        enum_check("source", IndicatorSource),
        enum_check("rule", ScoringRule),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
    )
    __field_labels__ = {
        "name": lazy_gettext("Indicator (Simplified Chinese)"),
        "name_zh_hant": lazy_gettext("Indicator (Traditional Chinese)"),
        "name_en": lazy_gettext("Indicator (English)"),
        "source": lazy_gettext("Source"),
        "rule": lazy_gettext("Scoring rule"),
        "weight": lazy_gettext("Weight"),
        "target": lazy_gettext("Target or deduction"),
    }

    scheme_id: Mapped[int] = mapped_column(ForeignKey("assessment_schemes.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_zh_hant: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    name_en: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    source: Mapped[str | None] = enum_column(IndicatorSource, nullable=True)
    rule: Mapped[str] = enum_column(ScoringRule, default=ScoringRule.RATE)
    weight: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # RATE: the percentage that earns full marks; DEDUCT: the points taken off per unit.
    target: Mapped[Decimal] = mapped_column(Numeric(7, 2), nullable=False, default=Decimal(100))
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    scheme: Mapped[AssessmentScheme] = relationship(back_populates="indicators")

    def __before_save__(self):
        fill_traditional(self)


class AssessmentScore(RecordMixin, db.Model):
    """A score the district judges by hand for one office and indicator, with the reason."""

    __tablename__ = "assessment_scores"
    __label__ = lazy_gettext("Assessment score")
    __table_args__ = (UniqueConstraint("indicator_id", "street_id"),)

    indicator_id: Mapped[int] = mapped_column(ForeignKey("assessment_indicators.id", ondelete="CASCADE"),
                                              nullable=False, index=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    score: Mapped[Decimal] = mapped_column(Numeric(7, 2), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    indicator = relationship("AssessmentIndicator")
    street = relationship("Street")


class AssessmentComment(RecordMixin, db.Model):
    """What an office says about its published scorecard, within the comment window."""

    __tablename__ = "assessment_comments"
    __label__ = lazy_gettext("Assessment comment")
    __audit_parent__ = "scheme_id"

    scheme_id: Mapped[int] = mapped_column(ForeignKey("assessment_schemes.id", ondelete="CASCADE"), nullable=False, index=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    street = relationship("Street")
