"""Linkage recorded on a case: liaison judges' reviews of agreements (法官審核) and transfers or
entrustments to partner bodies with their receipt and feedback (移交/委託). Rules, and the
figures the statistics read (counted in SQL). Nothing here commits."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.extensions import db
from portal.models.cases import Case, CaseStatus
from portal.models.linkage import CaseReferral, JudgeReview, ReferralKind, ReferralResult, ReviewOutcome, ReviewStage
from portal.services.cases import CaseRuleError, _date
from portal.services.timeline import TimelineEvent, timeline_source

S = CaseStatus
REVIEW_STATUSES = frozenset({S.IN_MEDIATION, S.SETTLED, S.ARCHIVED})


# --- judge reviews ------------------------------------------------------------------------------------

def review_refusal(case):
    """Why no judge review can be recorded on ``case`` now, or None."""
    if case.status not in REVIEW_STATUSES:
        return CaseRuleError(_l("A liaison judge reviews the agreement of a case in mediation (the draft) or settled."))
    return None


def check_review(review, case):
    refusal = review_refusal(case)
    if refusal is not None:
        raise refusal
    agreement = case.agreement
    sent = _date(review.sent_on, not_before=case.received_on, not_before_what=_l("the date the case was received"))
    if review.stage == ReviewStage.AFTER_SIGNING:
        if agreement is None:
            raise CaseRuleError(_l("The agreement is not signed yet: record the review as one of the draft."))
        _date(sent, not_before=agreement.signed_on, not_before_what=_l("the date the agreement took effect"))
    elif agreement is not None and sent > agreement.signed_on:
        raise CaseRuleError(_l("A review of the draft is sent before the agreement is signed (%(date)s)."),
                            date=agreement.signed_on)
    if review.outcome == ReviewOutcome.PENDING:
        if review.reviewed_on is not None:
            raise CaseRuleError(_l("Choose the judge's outcome, or leave the review date empty while it is awaited."))
    else:
        if review.reviewed_on is None:
            raise CaseRuleError(_l("Give the date the judge reviewed the agreement."))
        _date(review.reviewed_on, not_before=sent, not_before_what=_l("the date it was sent for review"))
    if review.liaison_point is not None and not review.judge_name:
        review.judge_name = review.liaison_point.judge_name


# --- transfers and entrustments ---------------------------------------------------------------------------

def record_referral(case, *, partner, kind, on, matter=""):
    """The letter of a transfer step (``portal.services.cases.transfer``)."""
    referral = CaseReferral(case=case, partner=partner, kind=ReferralKind(kind or ReferralKind.TRANSFER),
                            sent_on=on, matter=(matter or "").strip())
    db.session.add(referral)
    return referral


def check_referral(referral, case):
    sent = _date(referral.sent_on, not_before=case.received_on, not_before_what=_l("the date the case was received"))
    if referral.receipt_on is not None:
        _date(referral.receipt_on, not_before=sent, not_before_what=_l("the date the letter was sent"))
    if referral.feedback_on is not None:
        _date(referral.feedback_on, not_before=sent, not_before_what=_l("the date the letter was sent"))
    elif referral.result not in (None, ReferralResult.IN_HAND):
        raise CaseRuleError(_l("Give the date the body's feedback arrived, or leave the result as still being handled."))


def went_to(case):
    """The body a case went to, to name to the public (a partner body or a higher committee), or None."""
    if case.status in (S.TRANSFERRED, S.ARCHIVED) and case.transferred_to is not None:
        return case.transferred_to.name
    if case.status == S.ESCALATED and case.committee is not None:
        return case.committee.name
    return None


# --- figures for the statistics ------------------------------------------------------------------------------

def review_counts(scope=None, start=None, end=None):
    """{outcome: number of reviews} of the cases in ``scope`` (a SQL condition on Case), sent in [start, end]."""
    query = select(JudgeReview.outcome, func.count()).join(Case, Case.id == JudgeReview.case_id)
    query = _between(_scoped(query, scope), JudgeReview.sent_on, start, end)
    counts = dict(db.session.execute(query.group_by(JudgeReview.outcome)).all())
    return {outcome: counts.get(outcome.value, 0) for outcome in ReviewOutcome}


def referral_counts(scope=None, start=None, end=None):
    """{(kind, result): number of letters} of the cases in ``scope``, sent in [start, end]."""
    query = select(CaseReferral.kind, CaseReferral.result, func.count()).join(Case, Case.id == CaseReferral.case_id)
    query = _between(_scoped(query, scope), CaseReferral.sent_on, start, end)
    rows = db.session.execute(query.group_by(CaseReferral.kind, CaseReferral.result)).all()
    return {(kind, result): n for kind, result, n in rows}


def _scoped(query, scope):
    return query.where(scope) if scope is not None else query


def _between(query, column, start, end):
    if start is not None:
        query = query.where(column >= start)
    if end is not None:
        query = query.where(column <= end)
    return query


# --- on the case's timeline ---------------------------------------------------------------------------

@timeline_source
def judge_reviews(case):
    for review in case.judge_reviews:
        yield TimelineEvent(on=review.sent_on, kind="review_sent", record=review, order=55,
                            title=_l("Agreement sent to judge %(judge)s for review", judge=review.judge_name or "—"),
                            recorded_at=review.created_at, recorded_by=review.created_by)
        if review.reviewed_on is not None and review.outcome != ReviewOutcome.PENDING:
            yield TimelineEvent(on=review.reviewed_on, kind="review", record=review, order=56,
                                title=_l("Judge's review: %(outcome)s", outcome=ReviewOutcome.label_of(review.outcome)),
                                note=review.comments, recorded_at=review.updated_at, recorded_by=review.updated_by)


@timeline_source
def referral_answers(case):
    # The letter itself is the transfer step; what the body sent back follows it.
    for referral in case.referrals:
        if referral.receipt_on is not None:
            yield TimelineEvent(on=referral.receipt_on, kind="referral_receipt", record=referral, order=90,
                                title=_l("Receipt returned by %(body)s", body=str(referral.partner)),
                                recorded_at=referral.updated_at, recorded_by=referral.updated_by)
        if referral.feedback_on is not None:
            yield TimelineEvent(on=referral.feedback_on, kind="referral_feedback", record=referral, order=91,
                                title=_l("Feedback from %(body)s: %(result)s", body=str(referral.partner),
                                         result=ReferralResult.label_of(referral.result)),
                                note=referral.handling, recorded_at=referral.updated_at, recorded_by=referral.updated_by)
