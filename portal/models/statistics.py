"""Monthly statistics reports (統計報表) a judicial office files with the district's leading-group
office, and the frozen versions each submission leaves behind.

The figures themselves are never stored here while a report is being prepared: they come from
the case records (portal.services.statistics). Only what is not a case record is kept on the
report, as typed by the office: disputes screened and the prevention figures. A submission
freezes everything (case figures, office figures and where each came from) into a new
``MonthlyReportVersion``; versions are never changed afterwards, except for the district's
verdict on them.
"""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.audit import JSONType
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column


class ReportStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    CORRECTED = "corrected"  # changed after being returned, not yet submitted again

    @classmethod
    def __labels__(cls):
        return {
            cls.DRAFT: lazy_gettext("Draft"),
            cls.SUBMITTED: lazy_gettext("Submitted, awaiting review"),
            cls.ACCEPTED: lazy_gettext("Accepted by the district"),
            cls.RETURNED: lazy_gettext("Returned for correction"),
            cls.CORRECTED: lazy_gettext("Corrected, not yet resubmitted"),
        }


class VersionOutcome(LabelledEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    RETURNED = "returned"

    @classmethod
    def __labels__(cls):
        return {
            cls.PENDING: lazy_gettext("Awaiting review"),
            cls.ACCEPTED: lazy_gettext("Accepted by the district"),
            cls.RETURNED: lazy_gettext("Returned"),
        }


# The figures an office types into its report (cases and persons for each prevention figure).
OFFICE_FIGURE_FIELDS = (
    "screened",
    "criminal_cases", "criminal_persons",
    "suicide_cases", "suicide_persons",
    "petition_cases", "petition_persons",
    "fight_cases", "fight_persons",
)


def _figure_column():
    return mapped_column(Integer, nullable=False, default=0)


class MonthlyReport(RecordMixin, db.Model):
    """One street's report for one month, whatever its state; its submissions are its versions."""

    __tablename__ = "monthly_reports"
    __label__ = lazy_gettext("Monthly statistics report")
    __table_args__ = (
        UniqueConstraint("street_id", "year", "month"),
        enum_check("status", ReportStatus),
        CheckConstraint("month >= 1 AND month <= 12", name="month_range"),
        CheckConstraint("year >= 2000 AND year <= 2100", name="year_range"),
        CheckConstraint(
            " AND ".join(f"{name} >= 0" for name in OFFICE_FIGURE_FIELDS), name="figures_not_negative"
        ),
    )
    __field_labels__ = {
        "year": lazy_gettext("Year"),
        "month": lazy_gettext("Month"),
        "screened": lazy_gettext("Disputes screened"),
        "criminal_cases": lazy_gettext("Kept from turning criminal: cases"),
        "criminal_persons": lazy_gettext("Kept from turning criminal: persons"),
        "suicide_cases": lazy_gettext("Suicides prevented: cases"),
        "suicide_persons": lazy_gettext("Suicides prevented: persons"),
        "petition_cases": lazy_gettext("Group petitions prevented: cases"),
        "petition_persons": lazy_gettext("Group petitions prevented: persons"),
        "fight_cases": lazy_gettext("Group fights prevented: cases"),
        "fight_persons": lazy_gettext("Group fights prevented: persons"),
        "preparer": lazy_gettext("Prepared by"),
        "preparer_phone": lazy_gettext("Preparer's phone"),
        "first_submitted_at": lazy_gettext("First submitted at"),
        "submitted_at": lazy_gettext("Last submitted at"),
        "reviewed_at": lazy_gettext("Reviewed at"),
        "return_reason": lazy_gettext("Reason for returning"),
    }

    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = enum_column(ReportStatus, default=ReportStatus.DRAFT, index=True)

    screened: Mapped[int] = _figure_column()
    criminal_cases: Mapped[int] = _figure_column()
    criminal_persons: Mapped[int] = _figure_column()
    suicide_cases: Mapped[int] = _figure_column()
    suicide_persons: Mapped[int] = _figure_column()
    petition_cases: Mapped[int] = _figure_column()
    petition_persons: Mapped[int] = _figure_column()
    fight_cases: Mapped[int] = _figure_column()
    fight_persons: Mapped[int] = _figure_column()

    preparer: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    preparer_phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    # Timeliness is judged by the first submission; the last one is what the district reviews.
    first_submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(Integer)
    return_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    street = relationship("Street")
    versions: Mapped[list["MonthlyReportVersion"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="MonthlyReportVersion.number",
    )

    @classmethod
    def street_scope(cls, street_id):
        return cls.street_id == street_id

    @property
    def latest_version(self):
        return self.versions[-1] if self.versions else None

    def __str__(self):
        # No translated words: this text is also stored as the audit summary.
        street = self.street.name if self.street is not None else self.street_id
        return f"{street} {self.year}-{self.month:02d}"


class MonthlyReportVersion(db.Model):
    """What one submission sent, frozen: later changes to cases never touch it.

    Not an audited record of its own: it is written once, by a submission, and only its verdict
    changes afterwards, which the report's own history records (status, reason, reviewer).
    """

    __tablename__ = "monthly_report_versions"
    __label__ = lazy_gettext("Submitted report version")
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        enum_check("outcome", VersionOutcome),
        CheckConstraint("number >= 1", name="number_positive"),
    )
    __field_labels__ = {
        "number": lazy_gettext("Version"),
        "submitted_at": lazy_gettext("Submitted at"),
        "outcome": lazy_gettext("Outcome"),
        "review_note": lazy_gettext("District's note"),
        "reviewed_at": lazy_gettext("Reviewed at"),
        "preparer": lazy_gettext("Prepared by"),
        "figures": lazy_gettext("Figures"),
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("monthly_reports.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(Integer)
    preparer: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # The frozen report: see portal.services.statistics.reports.freeze for its shape.
    figures: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)
    outcome: Mapped[str] = enum_column(VersionOutcome, default=VersionOutcome.PENDING)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(Integer)
    review_note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    report: Mapped[MonthlyReport] = relationship(back_populates="versions")

    @classmethod
    def street_scope(cls, street_id):
        return cls.report.has(MonthlyReport.street_id == street_id)

    def __str__(self):
        return f"v{self.number}"
