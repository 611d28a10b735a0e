"""Screens for the linkage recorded on a case: judge reviews of agreements and the transfer or
entrustment letters with their receipt and feedback. Opened from the case page, like its other
records (admin_views.case_records); listed under Cases for the office and the statistics."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from admin_views.case_records import CaseRecordView
from forms.validators import After
from portal.extensions import db
from portal.models import JudgeLiaisonPoint
from portal.models.linkage import CaseReferral, JudgeReview
from portal.services import linkage
from portal.services.access import Action


def liaison_points(case):
    """Every judge liaison point, those of the case's street first."""
    from sqlalchemy import case as when

    first = when((JudgeLiaisonPoint.street_id == case.street_id, 0), else_=1)
    return db.session.query(JudgeLiaisonPoint).order_by(first, JudgeLiaisonPoint.name)


class JudgeReviewView(CaseRecordView):
    case_tab = "documents"
    in_menu = True
    column_list = ("sent_on", "case", "stage", "judge_name", "liaison_point", "reviewed_on", "outcome")
    column_details_list = (
        "case", "stage", "liaison_point", "judge_name", "sent_on", "reviewed_on", "outcome", "comments",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = column_list
    column_sortable_list = ("sent_on", "reviewed_on")
    column_default_sort = ("sent_on", True)
    form_columns = ("stage", "liaison_point", "judge_name", "sent_on", "reviewed_on", "outcome", "comments")
    form_args = {
        "reviewed_on": {"validators": [After("sent_on", allow_equal=True)]},
        "judge_name": {"description": _l("Left empty, the liaison judge of the point.")},
    }

    def __init__(self, model, **kwargs):
        self.column_filters = ("outcome", "stage", "sent_on", "reviewed_on", "judge_name")
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(joinedload(JudgeReview.case), joinedload(JudgeReview.liaison_point))

    def limit_choices(self, form, case):
        form.liaison_point.query = liaison_points(case)

    kind_refusal = staticmethod(linkage.review_refusal)

    def check_record(self, record, case):
        linkage.check_review(record, case)


class CaseReferralView(CaseRecordView):
    case_tab = "documents"
    # Made by the transfer step; the office records the receipt and the body's feedback.
    disabled_actions = frozenset({Action.CREATE, Action.DELETE})
    in_menu = True
    column_list = ("sent_on", "case", "kind", "partner", "receipt_on", "feedback_on", "result")
    column_details_list = (
        "case", "kind", "partner", "sent_on", "matter", "receipt_on", "receipt_by", "feedback_on", "handling",
        "result", "notes", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = column_list
    column_sortable_list = ("sent_on", "receipt_on", "feedback_on")
    column_default_sort = ("sent_on", True)
    form_columns = ("sent_on", "matter", "receipt_on", "receipt_by", "feedback_on", "handling", "result", "notes")
    form_args = {
        "receipt_on": {"validators": [After("sent_on", allow_equal=True)]},
        "feedback_on": {"validators": [After("sent_on", allow_equal=True)]},
    }

    def __init__(self, model, **kwargs):
        self.column_filters = ("kind", "result", "sent_on", "feedback_on")
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(joinedload(CaseReferral.case), joinedload(CaseReferral.partner))

    def check_record(self, record, case):
        linkage.check_referral(record, case)


VIEWS = (
    (JudgeReviewView, JudgeReview, "judge_reviews"),
    (CaseReferralView, CaseReferral, "case_referrals"),
)
