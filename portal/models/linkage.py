"""Linkage with partner bodies (銜接) recorded on a case: a liaison judge's review of the
agreement (法官審核), and a transfer or entrustment to a partner body with its receipt and
feedback (移交/委託). The rules live in ``portal.services.linkage``."""
from datetime import date

from flask_babel import lazy_gettext
from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column
from portal.models.case_records import CaseChildMixin


class ReviewStage(LabelledEnum):
    BEFORE_SIGNING = "before_signing"
    AFTER_SIGNING = "after_signing"

    @classmethod
    def __labels__(cls):
        return {
            cls.BEFORE_SIGNING: lazy_gettext("Before signing (draft agreement)"),
            cls.AFTER_SIGNING: lazy_gettext("After signing"),
        }


class ReviewOutcome(LabelledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REVISE = "revise"
    REJECTED = "rejected"

    @classmethod
    def __labels__(cls):
        return {
            cls.PENDING: lazy_gettext("Awaiting the judge's review"),
            cls.APPROVED: lazy_gettext("Approved"),
            cls.REVISE: lazy_gettext("Changes advised"),
            cls.REJECTED: lazy_gettext("Not approved"),
        }


class JudgeReview(CaseChildMixin, RecordMixin, db.Model):
    """法官審核: a liaison judge reviews the (draft or signed) agreement of a case."""

    __tablename__ = "judge_reviews"
    __label__ = lazy_gettext("Judge review of the agreement")
    __audit_parent__ = "case_id"
    __table_args__ = (
        enum_check("stage", ReviewStage),
        enum_check("outcome", ReviewOutcome),
        CheckConstraint("reviewed_on IS NULL OR reviewed_on >= sent_on", name="reviewed_after_sent"),
    )
    __field_labels__ = {
        "stage": lazy_gettext("Reviewed"),
        "liaison_point": lazy_gettext("Judge liaison point"),
        "judge_name": lazy_gettext("Judge"),
        "sent_on": lazy_gettext("Sent for review on"),
        "reviewed_on": lazy_gettext("Reviewed on"),
        "outcome": lazy_gettext("Outcome"),
        "comments": lazy_gettext("Judge's comments"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    stage: Mapped[str] = enum_column(ReviewStage, default=ReviewStage.AFTER_SIGNING)
    liaison_point_id: Mapped[int] = mapped_column(ForeignKey("judge_liaison_points.id"), nullable=False, index=True)
    # The judge of the point when the review was asked for (a point's judge changes over time).
    judge_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    sent_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = enum_column(ReviewOutcome, default=ReviewOutcome.PENDING, index=True)
    comments: Mapped[str] = mapped_column(Text, nullable=False, default="")

    case = relationship(
        "Case", backref=backref("judge_reviews", cascade="all, delete-orphan", order_by="(JudgeReview.sent_on, JudgeReview.id)")
    )
    liaison_point = relationship("JudgeLiaisonPoint")

    def __before_save__(self):
        from portal.models.base import related

        point = related(self, "liaison_point")
        if point is not None and not self.judge_name:
            self.judge_name = point.judge_name

    def __str__(self):
        return f"{self.judge_name} · {ReviewOutcome.label_of(self.outcome)}"


class ReferralKind(LabelledEnum):
    TRANSFER = "transfer"
    ENTRUST = "entrust"

    @classmethod
    def __labels__(cls):
        return {
            cls.TRANSFER: lazy_gettext("Transfer (the body takes the matter over)"),
            cls.ENTRUST: lazy_gettext("Entrustment (the body handles it on the committee's behalf)"),
        }


class ReferralResult(LabelledEnum):
    IN_HAND = "in_hand"
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    RETURNED = "returned"

    @classmethod
    def __labels__(cls):
        return {
            cls.IN_HAND: lazy_gettext("Still being handled"),
            cls.RESOLVED: lazy_gettext("Resolved"),
            cls.UNRESOLVED: lazy_gettext("Not resolved"),
            cls.RETURNED: lazy_gettext("Returned to the committee"),
        }


class CaseReferral(CaseChildMixin, RecordMixin, db.Model):
    """移交/委託: the letter to a partner body, its receipt (回執) and the body's feedback."""

    __tablename__ = "case_referrals"
    __label__ = lazy_gettext("Transfer or entrustment")
    __audit_parent__ = "case_id"
    __table_args__ = (
        enum_check("kind", ReferralKind),
        enum_check("result", ReferralResult),
        CheckConstraint("receipt_on IS NULL OR receipt_on >= sent_on", name="receipt_after_sent"),
        CheckConstraint("feedback_on IS NULL OR feedback_on >= sent_on", name="feedback_after_sent"),
    )
    __field_labels__ = {
        "kind": lazy_gettext("Kind"),
        "partner": lazy_gettext("Partner body"),
        "sent_on": lazy_gettext("Letter sent on"),
        "matter": lazy_gettext("Matter handed over"),
        "receipt_on": lazy_gettext("Receipt returned on"),
        "receipt_by": lazy_gettext("Receipt signed by"),
        "feedback_on": lazy_gettext("Feedback received on"),
        "handling": lazy_gettext("How the body handled it"),
        "result": lazy_gettext("Result"),
        "notes": lazy_gettext("Notes"),
    }

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = enum_column(ReferralKind, default=ReferralKind.TRANSFER)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner_bodies.id"), nullable=False, index=True)
    sent_on: Mapped[date] = mapped_column(Date, nullable=False)
    matter: Mapped[str] = mapped_column(Text, nullable=False, default="")
    receipt_on: Mapped[date | None] = mapped_column(Date)
    receipt_by: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    feedback_on: Mapped[date | None] = mapped_column(Date)
    handling: Mapped[str] = mapped_column(Text, nullable=False, default="")
    result: Mapped[str] = enum_column(ReferralResult, default=ReferralResult.IN_HAND, index=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    case = relationship(
        "Case", backref=backref("referrals", cascade="all, delete-orphan", order_by="(CaseReferral.sent_on, CaseReferral.id)")
    )
    partner = relationship("PartnerBody")

    def __str__(self):
        return f"{ReferralKind.label_of(self.kind)} · {self.partner}"
