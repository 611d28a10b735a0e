"""The annual target assessment (年度目标管理考核): each office's scorecard for a year's scheme.

Computed indicators take their raw value from the portal's own figures, for every office at once:
the statistics layer's grouped aggregates (case success rate, share settled at the starting level,
overdue cases, monthly reports on time), the training compliance report, the three-in-place
checklists, and grouped SQL over inspections, dossier checks, rectifications and screening rounds.
Each value comes with its formula (numerator and denominator) and the list of records behind it.
An indicator with nothing to measure for an office (no dossier drawn that year…) is left out of its
total, and the rest scaled to 100.

    draft (live figures) ──publish──▶ published (offices comment until a day) ──finalise──▶ final

A final scheme keeps its scorecards frozen (``AssessmentScheme.frozen``): they never change again,
even when the records do.
"""
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, distinct, func, select

from portal import timeutil
from portal.extensions import db
from portal.models import (
    AssessmentComment, AssessmentScheme, AssessmentScore, DossierCheck, IndicatorSource,
    Inspection, JudicialOffice, Rectification, RectificationStatus, RoundKind, SchemeStatus, ScoringRule,
    ScreeningRound, Street,
)
from portal.services.inspections import InspectionRuleError, visits
from portal.services.inspections import lock as lock_row
from portal.services.statistics import Filters, Period, figures, reports, tiers
from portal.services.statistics.facts import month_key

FULL = Decimal(100)
ZERO = Decimal(0)
TWO = Decimal("0.01")
COMMENT_MAX = 5000
REASON_MAX = 2000
S = IndicatorSource


@dataclass
class Raw:
    """An indicator's raw value for one office: a percentage (``part`` of ``whole``) or a count."""

    value: Decimal | None
    part: int | Decimal | None = None
    whole: int | Decimal | None = None


# --- the raw values, every office at once ------------------------------------------------------------

def _share(part, whole):
    if not whole:
        return Raw(None, part or 0, whole or 0)
    return Raw((Decimal(part) * FULL / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), part, whole)


def _as_of(year, today):
    return min(date(year, 12, 31), today)


def _training(year, street_ids, today):
    from portal.services import training

    report = training.compliance_report(year, training.mediator_filter())
    codes = dict(db.session.execute(select(Street.code, Street.id).where(Street.id.in_(street_ids))).all())
    counts = {street_id: [0, 0] for street_id in street_ids}
    for row in report.rows:
        street_id = codes.get(row.street_code)
        if street_id in counts:
            counts[street_id][1] += 1
            counts[street_id][0] += not row.falls_short
    return {street_id: _share(*counts[street_id]) for street_id in street_ids}


def _three_in_place(year, street_ids, today):
    from portal.services import facilities

    offices = db.session.scalars(select(JudicialOffice).where(JudicialOffice.street_id.in_(street_ids))).all()
    found = {street_id: _share(0, 0) for street_id in street_ids}
    for checklist in facilities.office_checklists(offices, year):
        ok = sum(1 for item in checklist.items if item.ok)
        found[checklist.office.street_id] = _share(ok, len(checklist.items))
    return found


def _reports_on_time(year, street_ids, today):
    months = [(year, m) for m in range(1, 13) if reports.due_date(year, m) < today]
    grid = reports.status_grid(street_ids, months, today) if months else {}
    found = {}
    for street_id in street_ids:
        states = grid.get(street_id, {}).values()
        found[street_id] = _share(sum(1 for s in states if s.code == "on_time"), len(months))
    return found


def _case_table(year, today):
    return figures(Period.year(year), ("street",), Filters(), today=_as_of(year, today), with_breakdowns=False)


def _success_rate(year, street_ids, today, cache):
    table = cache.setdefault("cases", _case_table(year, today))
    found = {}
    for street_id in street_ids:
        row = table.row(street_id)
        settled, failed = row.value("settled"), row.value("failed")
        found[street_id] = _share(settled, settled + failed)
    return found


def _overdue(year, street_ids, today, cache):
    table = cache.setdefault("cases", _case_table(year, today))
    return {street_id: Raw(Decimal(table.row(street_id).value("overdue"))) for street_id in street_ids}


def _at_start(year, street_ids, today):
    period = Period.year(year)
    counts = tiers.tier_counts(period.start, period.end, by_street=True)
    found = {}
    for street_id in street_ids:
        row = counts.get((street_id,))
        found[street_id] = _share(row.settled_at_start, row.concluded) if row is not None else _share(0, 0)
    return found


def _in_year(column, year):
    return and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


def _dossiers(year, street_ids, today):
    rows = db.session.execute(
        select(Inspection.street_id, func.sum(case((DossierCheck.complete.is_(True), 1), else_=0)),
               func.count(DossierCheck.complete))
        .join(Inspection, Inspection.id == DossierCheck.inspection_id)
        .where(Inspection.street_id.in_(street_ids), _in_year(Inspection.inspected_on, year))
        .group_by(Inspection.street_id)
    ).all()
    found = {street_id: _share(0, 0) for street_id in street_ids}
    for street_id, complete, checked in rows:
        found[street_id] = _share(int(complete or 0), int(checked or 0))
    return found


def _rectifications(year, street_ids, today):
    """Of the items whose deadline fell in the year and has passed (or that were accepted), the
    share accepted with an answer given by the deadline."""
    due = and_(_in_year(Rectification.due_on, year),
               (Rectification.due_on < today) | (Rectification.status == RectificationStatus.ACCEPTED))
    rows = db.session.execute(
        select(Rectification.street_id,
               func.sum(case((and_(Rectification.status == RectificationStatus.ACCEPTED,
                                   Rectification.done_on_time.is_(True)), 1), else_=0)),
               func.count())
        .where(Rectification.street_id.in_(street_ids), due)
        .group_by(Rectification.street_id)
    ).all()
    found = {street_id: _share(0, 0) for street_id in street_ids}
    for street_id, on_time, total in rows:
        found[street_id] = _share(int(on_time or 0), int(total or 0))
    return found


def _screening(year, street_ids, today):
    """Months of the year (so far) in which the street held a routine screening round."""
    months = 12 if year < today.year else (today.month if year == today.year else 0)
    rows = db.session.execute(
        select(ScreeningRound.street_id, func.count(distinct(month_key(ScreeningRound.held_on))))
        .where(ScreeningRound.street_id.in_(street_ids), ScreeningRound.kind == RoundKind.ROUTINE,
               _in_year(ScreeningRound.held_on, year))
        .group_by(ScreeningRound.street_id)
    ).all()
    held = dict(rows)
    return {street_id: _share(min(int(held.get(street_id, 0)), months), months) for street_id in street_ids}


def _inspections(year, street_ids, today):
    """The average score of the year's inspections of the office (those with every item recorded)."""
    ids = dict(db.session.execute(
        select(Inspection.id, Inspection.street_id)
        .where(Inspection.street_id.in_(street_ids), _in_year(Inspection.inspected_on, year))
    ).all())
    scored = {}
    for inspection_id, (score, _recorded, _total) in visits.scores(ids).items():
        if score is not None:
            scored.setdefault(ids[inspection_id], []).append(score)
    found = {}
    for street_id in street_ids:
        values = scored.get(street_id, [])
        found[street_id] = Raw((sum(values) / len(values)).quantize(Decimal("0.1")) if values else None,
                               sum(values) if values else 0, len(values))
    return found


COMPUTE = {
    S.TRAINING: _training, S.THREE_IN_PLACE: _three_in_place, S.REPORTS_ON_TIME: _reports_on_time,
    S.AT_START: _at_start, S.DOSSIERS: _dossiers, S.RECTIFICATIONS: _rectifications, S.SCREENING: _screening,
    S.INSPECTIONS: _inspections,
}
WITH_CASES = {S.SUCCESS_RATE: _success_rate, S.OVERDUE_CASES: _overdue}

# How each source's value is formed, shown beside it.
FORMULAS = {
    S.TRAINING: _l("Active mediators meeting the year's training hours (and pre-service training) ÷ active mediators"),
    S.THREE_IN_PLACE: _l("Three-in-place items in place (funds, rooms, equipment) ÷ items required"),
    S.REPORTS_ON_TIME: _l("Monthly reports submitted by the deadline ÷ reports due so far"),
    S.SUCCESS_RATE: _l("Cases settled ÷ (settled + failed), by the committee where each case started"),
    S.AT_START: _l("Cases settled at the level where they started ÷ cases that reached an outcome"),
    S.OVERDUE_CASES: _l("Cases past their time limit on the last day of the year (or today)"),
    S.DOSSIERS: _l("Dossiers drawn in the year's inspections found complete and correct ÷ dossiers checked"),
    S.RECTIFICATIONS: _l("Rectification items accepted and answered by their deadline ÷ items due in the year"),
    S.SCREENING: _l("Months with a routine screening round ÷ months of the year so far"),
    S.INSPECTIONS: _l("Average score of the year's inspections (each out of 100)"),
    S.MANUAL: _l("Judged by the inspectors"),
}


def raw_values(year, street_ids, sources, today=None):
    """{source: {street id: Raw}} for the computed ``sources``."""
    today = today or timeutil.today()
    cache = {}
    found = {}
    for source in sources:
        if source in COMPUTE:
            found[source] = COMPUTE[source](year, street_ids, today)
        elif source in WITH_CASES:
            found[source] = WITH_CASES[source](year, street_ids, today, cache)
    return found


# --- scoring --------------------------------------------------------------------------------------------

def score_of(indicator, raw, manual=None):
    """(score, applies): an indicator's score for a raw value (or the manual score); (None, False)
    when there is nothing to measure (no dossier drawn, no inspection that year…)."""
    weight = Decimal(indicator.weight)
    if indicator.rule == ScoringRule.MANUAL or indicator.source == S.MANUAL:
        return (manual.score if manual is not None else None), manual is not None
    if raw is None or raw.value is None:
        return None, False  # nothing to measure this year: left out, the rest scaled to 100
    target = Decimal(indicator.target or 0)
    if indicator.rule == ScoringRule.DEDUCT:
        return max(weight - target * raw.value, ZERO).quantize(TWO), True
    if target <= 0:
        return weight, True
    return (weight * min(raw.value / target, Decimal(1))).quantize(TWO), True


@dataclass
class Line:
    indicator_id: int
    name: str
    source: str
    rule: str
    weight: int
    target: str
    raw: str | None
    part: str | None
    whole: str | None
    score: str | None
    applies: bool
    reason: str = ""


@dataclass
class Card:
    street_id: int
    office: str
    lines: list = field(default_factory=list)
    total: str = "0"
    rank: int | None = None
    complete: bool = True   # every manual score entered

    def as_dict(self):
        return asdict(self)


def _text(value):
    return None if value is None else str(value)


def scorecards(scheme, today=None):
    """Every office's Card for ``scheme``, ranked (the frozen cards once final)."""
    if scheme.status == SchemeStatus.FINAL and scheme.frozen is not None:
        # Frozen figures, named in the reader's language (a final scheme's indicators never change).
        labels = {indicator.id: indicator.label for indicator in scheme.indicators}
        return [Card(**{**card, "lines": [Line(**{**line, "name": labels.get(line["indicator_id"], line["name"])})
                                          for line in card["lines"]]}) for card in scheme.frozen]
    offices = db.session.execute(
        select(JudicialOffice.street_id, JudicialOffice.name).join(Street, Street.id == JudicialOffice.street_id)
        .order_by(Street.code)).all()
    street_ids = [street_id for street_id, _name in offices]
    indicators = list(scheme.indicators)
    raws = raw_values(scheme.year, street_ids, {i.source for i in indicators}, today)
    manual = {(s.indicator_id, s.street_id): s for s in db.session.scalars(
        select(AssessmentScore).where(AssessmentScore.indicator_id.in_([i.id for i in indicators])))}
    cards = []
    for street_id, office_name in offices:
        card = Card(street_id=street_id, office=office_name)
        total = counted = ZERO
        for indicator in indicators:
            raw = raws.get(indicator.source, {}).get(street_id)
            given = manual.get((indicator.id, street_id))
            score, applies = score_of(indicator, raw, given)
            if indicator.source == S.MANUAL and given is None:
                card.complete = False
            if applies or indicator.source == S.MANUAL:
                total += score or ZERO
                counted += Decimal(indicator.weight)
            card.lines.append(Line(
                indicator_id=indicator.id, name=str(indicator.label), source=indicator.source or "", rule=indicator.rule,
                weight=indicator.weight, target=str(indicator.target), raw=_text(raw.value) if raw else None,
                part=_text(raw.part) if raw else None, whole=_text(raw.whole) if raw else None,
                score=_text(score), applies=applies, reason=given.reason if given is not None else "",
            ))
        # Indicators with nothing to measure for this office are left out and the rest scaled to 100,
        # so an office is neither rewarded nor marked down for what did not happen to it.
        card.total = str((total * FULL / counted if counted else ZERO).quantize(TWO))
        cards.append(card)
    rank(cards)
    return cards


def rank(cards):
    """Competition ranking by total (1, 2, 2, 4…); ties keep the street order."""
    ordered = sorted(cards, key=lambda c: -Decimal(c.total))
    previous, position = None, 0
    for index, card in enumerate(ordered, start=1):
        if card.total != previous:
            position, previous = index, card.total
        card.rank = position


# --- the scheme and its states ------------------------------------------------------------------------

def check_scheme(scheme):
    indicators = list(scheme.indicators)
    if not indicators:
        raise InspectionRuleError(_l("A scheme needs at least one indicator."))
    for indicator in indicators:
        if not indicator.source:
            raise InspectionRuleError(_l("The indicator “%(name)s” has no source: choose what it is computed from, or "
                                         "that the inspectors judge it."), name=indicator.name)
        if (indicator.source == S.MANUAL) != (indicator.rule == ScoringRule.MANUAL):
            raise InspectionRuleError(_l("The indicator “%(name)s”: an indicator judged by the inspectors is scored by "
                                         "hand, and only such an indicator."), name=indicator.name)
        if indicator.rule == ScoringRule.RATE and (indicator.target is None or not 0 < indicator.target <= 100):
            raise InspectionRuleError(_l("The indicator “%(name)s”: the target rate must be above 0 and at most 100."),
                                      name=indicator.name)
        if indicator.rule == ScoringRule.DEDUCT and (indicator.target is None or not 0 < indicator.target <= 100):
            raise InspectionRuleError(_l("The indicator “%(name)s”: the deduction per case must be above 0 and at "
                                         "most 100."), name=indicator.name)
    total = sum(indicator.weight or 0 for indicator in indicators)
    if total != 100:
        raise InspectionRuleError(_l("The indicators' weights add up to %(total)s; they must add up to 100."), total=total)


def edit_refusal(scheme):
    if scheme.status != SchemeStatus.DRAFT:
        return _l("Only a draft scheme can be changed; this one is “%(status)s”.") % {
            "status": SchemeStatus.label_of(scheme.status)}
    return None


def lock(scheme_id):
    return lock_row(AssessmentScheme, scheme_id)


def publish(scheme, *, comments_until, at=None):
    if scheme.status != SchemeStatus.DRAFT:
        raise InspectionRuleError(_l("Only a draft scheme can be published; this one is “%(status)s”."),
                                  status=SchemeStatus.label_of(scheme.status))
    check_scheme(scheme)
    if comments_until is None or comments_until < timeutil.today():
        raise InspectionRuleError(_l("Give the last day the offices may comment: today or later."))
    scheme.status = SchemeStatus.PUBLISHED
    scheme.comments_until = comments_until
    scheme.published_at = at or timeutil.now()
    db.session.flush()


def finalise(scheme, *, user_id=None, at=None, today=None):
    """Sign off: the scorecards as they stand are frozen into the scheme for good."""
    if scheme.status != SchemeStatus.PUBLISHED:
        raise InspectionRuleError(_l("Only a published scheme can be signed off; this one is “%(status)s”."),
                                  status=SchemeStatus.label_of(scheme.status))
    cards = scorecards(scheme, today)
    missing = [card.office for card in cards if not card.complete]
    if missing:
        raise InspectionRuleError(_l("Scores judged by hand are still missing for: %(offices)s."),
                                  offices="、".join(missing))
    scheme.frozen = [card.as_dict() for card in cards]
    scheme.status = SchemeStatus.FINAL
    scheme.finalised_at = at or timeutil.now()
    scheme.finalised_by_id = user_id
    db.session.flush()


def set_score(scheme, indicator, street_id, score, reason):
    """Enter (or change) the score the inspectors judged, with the reason."""
    if scheme.status == SchemeStatus.FINAL:
        raise InspectionRuleError(_l("The scheme is final: its scores never change again."))
    if indicator.scheme_id != scheme.id or indicator.source != S.MANUAL:
        raise InspectionRuleError(_l("Only an indicator judged by the inspectors is scored by hand."))
    if score is None or not ZERO <= score <= Decimal(indicator.weight):
        raise InspectionRuleError(_l("The score must be between 0 and %(weight)s."), weight=indicator.weight)
    reason = (reason or "").strip()
    if not reason:
        raise InspectionRuleError(_l("Give the reason for the score."))
    if len(reason) > REASON_MAX:
        raise InspectionRuleError(_l("At most %(n)s characters."), n=REASON_MAX)
    given = db.session.scalar(select(AssessmentScore).where(AssessmentScore.indicator_id == indicator.id,
                                                            AssessmentScore.street_id == street_id))
    if given is None:
        given = AssessmentScore(indicator_id=indicator.id, street_id=street_id, score=score, reason=reason)
        db.session.add(given)
    else:
        given.score, given.reason = score, reason
    db.session.flush()
    return given


def may_comment(scheme, today=None):
    today = today or timeutil.today()
    return scheme.status == SchemeStatus.PUBLISHED and scheme.comments_until is not None and today <= scheme.comments_until


def comment(scheme, street_id, text):
    if not may_comment(scheme):
        raise InspectionRuleError(_l("Comments on this scorecard are closed."))
    text = (text or "").strip()
    if not text:
        raise InspectionRuleError(_l("Write the comment."))
    if len(text) > COMMENT_MAX:
        raise InspectionRuleError(_l("At most %(n)s characters."), n=COMMENT_MAX)
    made = AssessmentComment(scheme_id=scheme.id, street_id=street_id, text=text)
    db.session.add(made)
    db.session.flush()
    return made


def comments(scheme, street_id=None):
    query = select(AssessmentComment).where(AssessmentComment.scheme_id == scheme.id)
    if street_id is not None:
        query = query.where(AssessmentComment.street_id == street_id)
    return db.session.scalars(query.order_by(AssessmentComment.created_at, AssessmentComment.id)).all()


def indicator_of(scheme, indicator_id):
    return next((i for i in scheme.indicators if i.id == indicator_id), None)


def scheme_for(year):
    return db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == year))


def schemes():
    return db.session.scalars(select(AssessmentScheme).order_by(AssessmentScheme.year.desc())).all()

