"""The standard columns of the statistics, their units and headings, and the one statement of
the rules that decide in which period a case is counted.

A column is read from raw *measures* (portal.services.statistics.facts): a measure is one kind
of step counted by the date it happened ("received", "settled_at:street"…). A column sums the
measures it names; a name ending in ``:`` takes every measure that starts with it.
"""
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from portal.models.organisation import CommitteeLevel


class Unit(StrEnum):
    CASES = "cases"
    PERSONS = "persons"
    YUAN = "yuan"
    PERCENT = "percent"


UNIT_LABELS = {
    Unit.CASES: _l("cases"),
    Unit.PERSONS: _l("persons"),
    Unit.YUAN: _l("yuan"),
    Unit.PERCENT: _l("%"),
}

# Headings over the columns (the upper row of the two-level header).
GROUPS = {
    "office": _l("Screening"),
    "intake": _l("Received in the period"),
    "conclusion": _l("Concluded in the period"),
    "levels": _l("Where it was settled"),
    "follow": _l("Performance and follow-up"),
    "end": _l("At the end of the period"),
    "prevention": _l("Prevention (entered by the office)"),
    "sources": _l("Received, by source"),
    "escalations": _l("Escalated, to which level"),
    "transfers": _l("Transferred, to which body"),
    "settled_levels": _l("Settled, by committee level"),
}

# The rules, stated once; every page with figures shows them.
COUNTING_RULES = _l(
    "A case counts in a period when the step a column names took place in it: received (the date "
    "received), accepted (the date accepted), refused, settled, failed or transferred (the date it "
    "was concluded), escalated (the date of its first escalation; for each level, the escalation to "
    "that level), performed and followed up (the date of the first follow-up visit that found it so), "
    "judicially confirmed (the date of the court's decision). Parties, many-party cases, amounts and "
    "sources follow the date received. Open and overdue cases are counted on the last day of the "
    "period, or today while it runs. A case counts at most once in each column of a period, for the "
    "street and committee where it started, even after escalation."
)


@dataclass(frozen=True)
class Column:
    key: str
    label: object          # a lazy string
    unit: Unit
    group: str
    measures: tuple = ()   # raw measures summed; empty for derived or office figures
    description: object = ""

    @property
    def group_label(self):
        return GROUPS[self.group]

    @property
    def unit_label(self):
        return UNIT_LABELS[self.unit]

    @property
    def is_office(self):
        return self.group in ("office", "prevention")


SETTLED = ("settled_at:",)
TRANSFERRED = ("transferred_to:",)

# Three tiers of the goal 小纠纷不出社区(村)、一般纠纷不出街道、大纠纷不出区: the levels of committee
# that settle within each tier.
TIER_LEVELS = {
    "community": (CommitteeLevel.COMMUNITY, CommitteeLevel.GRID),
    "street": (CommitteeLevel.STREET, CommitteeLevel.OTHER_UNIT),
    "district": (CommitteeLevel.DISTRICT, CommitteeLevel.INDUSTRY),
}


def _tier(tier):
    return tuple(f"settled_at:{level.value}" for level in TIER_LEVELS[tier])


OFFICE_COLUMNS = (
    Column("screened", _l("Disputes screened"), Unit.CASES, "office"),
)

PREVENTION_COLUMNS = (
    Column("criminal_cases", _l("Kept from turning criminal"), Unit.CASES, "prevention"),
    Column("criminal_persons", _l("Kept from turning criminal"), Unit.PERSONS, "prevention"),
    Column("suicide_cases", _l("Suicides prevented"), Unit.CASES, "prevention"),
    Column("suicide_persons", _l("Suicides prevented"), Unit.PERSONS, "prevention"),
    Column("petition_cases", _l("Group petitions prevented"), Unit.CASES, "prevention"),
    Column("petition_persons", _l("Group petitions prevented"), Unit.PERSONS, "prevention"),
    Column("fight_cases", _l("Group fights prevented"), Unit.CASES, "prevention"),
    Column("fight_persons", _l("Group fights prevented"), Unit.PERSONS, "prevention"),
)

# The case figures every grouping gives, in the order of the official table.
CASE_COLUMNS = (
    Column("received", _l("Received"), Unit.CASES, "intake", ("received",)),
    Column("accepted", _l("Accepted"), Unit.CASES, "intake", ("accepted",)),
    Column("refused", _l("Refused"), Unit.CASES, "intake", ("refused",)),
    Column("parties", _l("Parties"), Unit.PERSONS, "intake", ("parties",)),
    Column("many_parties", _l("Many-party cases"), Unit.CASES, "intake", ("many_parties",)),
    Column("amount", _l("Amount involved"), Unit.YUAN, "intake", ("amount",)),
    Column("settled", _l("Settled"), Unit.CASES, "conclusion", SETTLED),
    Column("settled_written", _l("of which written agreement"), Unit.CASES, "conclusion", ("agreement:written",)),
    Column("settled_oral", _l("of which oral agreement"), Unit.CASES, "conclusion", ("agreement:oral",)),
    Column("failed", _l("Failed"), Unit.CASES, "conclusion", ("failed",)),
    Column("transferred", _l("Transferred"), Unit.CASES, "conclusion", TRANSFERRED),
    Column("success_rate", _l("Success rate"), Unit.PERCENT, "conclusion",
           description=_l("Settled ÷ (settled + failed)")),
    Column("tier_community", _l("In the community / village"), Unit.CASES, "levels", _tier("community")),
    Column("tier_street", _l("In the street"), Unit.CASES, "levels", _tier("street")),
    Column("tier_district", _l("In the district"), Unit.CASES, "levels", _tier("district")),
    Column("escalated", _l("Escalated"), Unit.CASES, "levels", ("escalated",)),
    Column("performed", _l("Agreements performed"), Unit.CASES, "follow", ("performed",)),
    Column("confirmed", _l("Judicially confirmed"), Unit.CASES, "follow", ("confirmed",)),
    Column("followed_up", _l("Followed up"), Unit.CASES, "follow", ("followed_up",)),
    Column("open", _l("Still open"), Unit.CASES, "end", ("open",)),
    Column("overdue", _l("Overdue"), Unit.CASES, "end", ("overdue",)),
)

# Columns a monthly report adds to the case figures, entered by the office.
REPORT_COLUMNS = OFFICE_COLUMNS + CASE_COLUMNS + PREVENTION_COLUMNS

COLUMNS_BY_KEY = {column.key: column for column in REPORT_COLUMNS}


def breakdown_columns(sources, partner_kinds):
    """The breakdowns: received by source, escalated and settled by level, transferred by body.

    ``sources`` and ``partner_kinds`` are the lookup rows to give a column each.
    """
    columns = [Column(f"source:{s.code}", s.label, Unit.CASES, "sources", (f"source:{s.code}",)) for s in sources]
    for level in (CommitteeLevel.COMMUNITY, CommitteeLevel.STREET, CommitteeLevel.DISTRICT):
        columns.append(Column(f"escalated_to:{level.value}", level.label, Unit.CASES, "escalations",
                              (f"escalated_to:{level.value}",)))
    columns += [Column(f"transferred_to:{k.code}", k.label, Unit.CASES, "transfers", (f"transferred_to:{k.code}",))
                for k in partner_kinds]
    for level in CommitteeLevel:
        columns.append(Column(f"settled_at:{level.value}", level.label, Unit.CASES, "settled_levels",
                              (f"settled_at:{level.value}",)))
    return columns


def many_parties_threshold():
    """A case with at least this many parties is a many-party (群體性) case (a setting)."""
    if has_app_context():
        return int(current_app.config.get("PORTAL_STATS_MANY_PARTIES", 5))
    return 5


def header_groups(columns):
    """[(group label, span)] for the upper header row, consecutive columns of a group merged."""
    spans = []
    for column in columns:
        if spans and spans[-1][0] == column.group:
            spans[-1][1] += 1
        else:
            spans.append([column.group, 1])
    return [(GROUPS[group], span) for group, span in spans]
