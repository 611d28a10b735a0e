"""The three-tier figure of the goal 小纠纷不出社区(村)、一般纠纷不出街道、大纠纷不出区.

Counted over the cases that reached an outcome in the period (settled, failed or transferred, by
the date concluded; refused cases were never mediated and do not count), for the street where
each started, in one GROUP BY:

- kept in the community: of the cases that started with a community/village committee or a grid
  group, those settled by one of them;
- kept in the street: of the cases that started with the street committee or were escalated to
  it, those settled by the street committee (or a unit committee under it);
- left the district: of all of them, those transferred to a body outside the district's
  mediation network (a court, by default: ``PORTAL_STATS_LEFT_DISTRICT_KINDS``).

Escalation only ever moves a case up to the parent committee, so the committee that concluded a
case is the highest level it reached.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import Case, Committee, CommitteeLevel, PartnerBody, PartnerKind
from portal.services.statistics.columns import TIER_LEVELS
from portal.services.statistics.facts import Filters, month_key, month_of, tune_session
from portal.services.statistics.figures import rate

L = CommitteeLevel
COMMUNITY_START = (L.COMMUNITY, L.GRID)
BELOW_STREET = (L.COMMUNITY, L.GRID, L.OTHER_UNIT)
AT_OR_ABOVE_STREET = (L.STREET, L.DISTRICT)

TIERS = (
    ("community", _l("Kept in the community / village"),
     _l("Of the cases that started with a community or village committee or a grid group and reached "
        "an outcome in the period, the share settled there without leaving the community.")),
    ("street", _l("Kept in the street"),
     _l("Of the cases that started with the street committee or were escalated to it and reached an "
        "outcome in the period, the share settled at street level.")),
    ("left", _l("Left the district"),
     _l("Of all cases that reached an outcome in the period (settled, failed or transferred; refused "
        "cases aside), the share transferred to %(bodies)s.")),
)


def left_district_kinds():
    return tuple(current_app.config.get("PORTAL_STATS_LEFT_DISTRICT_KINDS", ("court",)))


def definitions():
    """[(key, name, definition)] with the bodies that count as outside the district named."""
    kinds = left_district_kinds()
    names = [k.label for k in db.session.scalars(select(PartnerKind).where(PartnerKind.code.in_(kinds)))]
    bodies = "、".join(names) if names else gettext("a body outside the district")
    return [(key, name, str(text) % {"bodies": bodies} if key == "left" else text) for key, name, text in TIERS]


@dataclass
class TierCounts:
    community_base: int = 0
    community_kept: int = 0
    street_base: int = 0
    street_kept: int = 0
    concluded: int = 0
    left_district: int = 0
    settled_at_start: int = 0   # settled by a committee of the level where the case started

    @property
    def community_share(self):
        return rate(self.community_kept, self.community_base)

    @property
    def street_share(self):
        return rate(self.street_kept, self.street_base)

    @property
    def left_share(self):
        return rate(self.left_district, self.concluded)

    @property
    def at_start_share(self):
        """Of the cases that reached an outcome, the share settled at the level where they started."""
        return rate(self.settled_at_start, self.concluded)

    def share(self, key):
        return {"community": self.community_share, "street": self.street_share, "left": self.left_share}[key]

    def counts(self, key):
        """(numerator, denominator) of a tier."""
        return {
            "community": (self.community_kept, self.community_base),
            "street": (self.street_kept, self.street_base),
            "left": (self.left_district, self.concluded),
        }[key]

    def __add__(self, other):
        return TierCounts(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))

    def as_dict(self):
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def _sum(condition):
    return func.sum(case((condition, 1), else_=0))


def tier_counts(start, end, *, by_street=False, by_month=False, filters=Filters()):
    """{(street id?, month?): TierCounts} for cases concluded between ``start`` and ``end``."""
    tune_session()
    current = aliased(Committee)
    started_in_community = Case.start_level.in_(COMMUNITY_START)
    reached_street = or_(
        Case.start_level == L.STREET,
        and_(Case.start_level.in_(BELOW_STREET), current.level.in_(AT_OR_ABOVE_STREET)),
    )
    kept_in_street = Case.settled_level.in_(TIER_LEVELS["street"])
    keys = ([Case.origin_street_id.label("street")] if by_street else []) + (
        [month_key(Case.concluded_on)] if by_month else []
    )
    query = (
        select(
            *keys,
            _sum(started_in_community),
            _sum(and_(started_in_community, Case.settled_level.in_(TIER_LEVELS["community"]))),
            _sum(reached_street),
            _sum(and_(reached_street, kept_in_street)),
            func.count(),
            _sum(PartnerKind.code.in_(left_district_kinds())),
            _sum(Case.settled_level == Case.start_level),
        )
        .select_from(Case)
        .join(current, current.id == Case.committee_id)
        .outerjoin(PartnerBody, PartnerBody.id == Case.transferred_to_id)
        .outerjoin(PartnerKind, PartnerKind.id == PartnerBody.kind_id)
        .where(Case.concluded_on >= start, Case.concluded_on <= end,
               or_(Case.accepted_on.isnot(None), Case.transferred_to_id.isnot(None)), *filters.conditions())
        .group_by(*keys)
    )
    found = {}
    for row in db.session.execute(query):
        key = tuple(month_of(k) if by_month and i == len(keys) - 1 else k for i, k in enumerate(row[:len(keys)]))
        found[key] = TierCounts(*(int(v or 0) for v in row[len(keys):]))
    return found


def district_total(counts):
    total = TierCounts()
    for value in counts.values():
        total = total + value
    return total
