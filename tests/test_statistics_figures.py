"""The aggregate layer against a district built by hand: every column of every grouping, in
several periods, checked against figures worked out case by case (tests/fixtures/statistics.py),
and the district's totals against numbers written down here."""
from datetime import date
from decimal import Decimal
from itertools import combinations

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseSource, DisputeType
from portal.services.statistics import CASE_COLUMNS, Filters, Period, facts, figures, tiers
from portal.services.statistics.figures import Figures, _snapshot_days
from tests.fixtures.statistics import SPECS, d, expected

DIMS = ("street", "committee", "level", "type", "source")
TODAY = date(2026, 1, 15)  # every period below is over


def _codes(model):
    return {row.id: row.code for row in db.session.scalars(select(model))}


def _normalise(table, group_by, types, sources):
    """{key with lookup codes: Figures} from a FigureTable."""
    found = {}
    for row in table.rows:
        key = list(row.key)
        for index, dim in enumerate(group_by):
            if dim == "type":
                key[index] = types[key[index]]
            elif dim == "source":
                key[index] = sources[key[index]]
        found[tuple(key)] = row.figures
    return found


def _measures_of(figures_):
    columns = [c for c in CASE_COLUMNS if c.measures]
    return {c.key: figures_.value(c) for c in columns}


def _check(app, ids, period, group_by, by_month):
    with app.test_request_context():
        types, sources = _codes(DisputeType), _codes(CaseSource)
        table = figures(period, group_by, by_month=by_month, today=TODAY)
        got = _normalise(table, group_by, types, sources)
        days = _snapshot_days(period, by_month, TODAY)
        wanted = expected(ids, period.start, period.end, group_by, by_month, snapshot_days=days)
        assert set(got) == set(wanted), (group_by, by_month, set(got) ^ set(wanted))
        for key, raw in wanted.items():
            worked_out = _measures_of(Figures(raw))
            assert _measures_of(got[key]) == worked_out, (period, group_by, by_month, key)
            # The breakdowns too: sources, escalation and settlement levels, transfer bodies.
            for measure, value in raw.items():
                assert got[key].measure(measure) == value, (group_by, key, measure)
        # The total row is the sum of the rows, and the same as asking without a grouping.
        alone = figures(period, (), today=TODAY).total
        assert _measures_of(table.total) == _measures_of(alone)
        assert table.total.value("success_rate") == alone.value("success_rate")


def test_every_column_of_every_grouping(app, hand_district):
    periods = [
        Period.between(d(9, 1), d(10, 31)), Period.month(2025, 9), Period.month(2025, 10),
        Period.quarter(2025, 3), Period.year(2025),
    ]
    groupings = [()] + [(dim,) for dim in DIMS] + list(combinations(DIMS, 2))
    with app.app_context():
        for period in periods:
            for group_by in groupings:
                for by_month in (False, True):
                    _check(app, hand_district, period, group_by, by_month)


def test_district_totals_written_down(app, hand_district):
    """September and October 2025, the whole district, counted by hand from SPECS."""
    with app.test_request_context():
        total = figures(Period.between(d(9, 1), d(10, 31)), today=TODAY).total
        assert {c.key: total.value(c) for c in CASE_COLUMNS} == {
            "received": 12,          # c1–c12 (c13, c14 in August, c15 in November)
            "accepted": 10,          # all but c6 (refused) and c11 (registered)
            "refused": 1,            # c6
            "parties": 31,           # 2 each for ten cases, 6 (c3) and 5 (c7)
            "many_parties": 2,       # c3, c7
            "amount": 184300,        # 1000 + 500 + 20000 + 3000 + 8000 + 200 + 1500 + 50000 + 100 + 100000
            "settled": 6,            # c1, c2, c3, c4, c9 and c13 (received in August)
            "settled_written": 4,    # c1, c3, c4, c9
            "settled_oral": 2,       # c2, c13
            "failed": 1,             # c5
            "transferred": 2,        # c7 (court), c12 (police)
            "success_rate": Decimal("85.7"),  # 6 ÷ (6 + 1)
            "tier_community": 3,     # c1, c2, c3 (c3 started in a grid, settled by its community)
            "tier_street": 2,        # c9, c13
            "tier_district": 1,      # c4
            "escalated": 3,          # c3, c4, c10 (c4's second escalation is not a second case)
            "performed": 2,          # c1, c3 (c2 was fully performed only in November)
            "confirmed": 1,          # c1
            "followed_up": 4,        # c1, c2, c3, c13
            "open": 4,               # on 31 October: c8, c10, c11, c14
            "overdue": 2,            # c8 (due 25 Oct), c14 (due 1 Sep)
        }
        assert total.measure("escalated_to:community") == 1   # c3
        assert total.measure("escalated_to:street") == 2      # c4, c10
        assert total.measure("escalated_to:district") == 1    # c4 again, to the next level
        assert total.measure("source:application") == 6     # c1, c4, c7, c8, c10, c11


def test_a_case_counts_once_per_column_however_long_the_period(app, hand_district):
    """Months add up to the year: nothing is counted in two months of the same column."""
    with app.test_request_context():
        year = figures(Period.year(2025), today=TODAY).total
        months = Figures()
        for month in range(1, 13):
            months = months + figures(Period.month(2025, month), today=TODAY).total
        for column in CASE_COLUMNS:
            if column.measures and column.group != "end":
                assert months.value(column) == year.value(column), column.key


def test_three_tiers_by_hand(app, hand_district):
    with app.test_request_context():
        counts = tiers.tier_counts(d(9, 1), d(10, 31), by_street=True)
        a, b = counts[(hand_district.streets["A"],)], counts[(hand_district.streets["B"],)]
        # Street A: started in the community or grid and concluded: c1, c2, c3, c4, c5, c7; kept: c1, c2, c3.
        assert (a.community_kept, a.community_base) == (3, 6)
        # Reached street A's committee and concluded: c4 (went on to the district): not kept.
        assert (a.street_kept, a.street_base) == (0, 1)
        # Of A's concluded cases (refused c6 aside), c7 went to the court.
        assert (a.left_district, a.concluded) == (1, 6)
        # Street B: c9 and c13 started and were settled at street level.
        assert (b.street_kept, b.street_base, b.community_base) == (2, 2, 0)
        assert a.community_share == 50 and b.street_share == 100
        # The industry committee's case (no street) was transferred to the police: not "left the district".
        assert counts[(None,)].left_district == 0
        total = tiers.district_total(counts)
        # Settled at the level where they started: c1, c2 (community), c9, c13 (street), of the nine
        # concluded (c1–c5, c7, c9, c12, c13).
        assert (total.settled_at_start, total.concluded) == (4, 9)


def test_filters_narrow_every_measure(app, hand_district):
    with app.test_request_context():
        types = {code: i for i, code in _codes(DisputeType).items()}
        period = Period.between(d(9, 1), d(10, 31))
        filters = Filters(street_id=hand_district.streets["A"], type_id=types["neighbour"])
        got = figures(period, (), filters, today=TODAY).total
        wanted = expected(hand_district, period.start, period.end, snapshot_days=_snapshot_days(period, False, TODAY),
                          filters={"street": hand_district.streets["A"], "type": "neighbour"})
        assert _measures_of(got) == _measures_of(Figures(wanted.get((), {})))


def test_cases_behind_each_figure_are_the_ones_counted(app, hand_district):
    """The ledger a figure links to lists exactly the cases the figure counts."""
    from portal.services.statistics.ledgers import _case_ids_for

    names = {case_id: key for key, case_id in hand_district.cases.items()}
    period = Period.between(d(9, 1), d(10, 31))
    with app.test_request_context():
        total = figures(period, (), today=TODAY).total
        for column in CASE_COLUMNS:
            if not column.measures or column.key in ("parties", "amount", "open", "overdue"):
                continue
            ids = {names[i] for i in db.session.scalars(_case_ids_for(period, Filters(), column.key))}
            assert len(ids) == total.value(column), (column.key, ids)
        overdue = {names[i] for i in db.session.scalars(facts.snapshot_case_ids(d(10, 31), "overdue"))}
        assert overdue == {"c8", "c14"}


def test_specs_cover_every_kind_of_step():
    kinds = {step[0] for spec in SPECS for step in spec.steps}
    assert kinds == {"accept", "refuse", "escalate", "settle", "fail", "transfer", "follow_up", "confirm"}


def test_an_offices_year_for_other_areas(app, hand_district):
    """What assessment and screening pages ask: an office's year in a handful of figures."""
    from datetime import datetime

    from portal.services.statistics import office_year, reports

    a = hand_district.streets["A"]
    with app.test_request_context():
        for month, day in ((9, 3), (10, 8)):  # September on time, October late; no other month filed
            report = reports.obtain(a, 2025, month)
            reports.save(report, values={}, preparer="王")
            reports.submit(report, at=datetime(2025, month + 1, day, 10, 0))
        db.session.commit()
        year = office_year(a, 2025, today=TODAY)
    # Street A in 2025: settled c1, c2, c3, c4, c15; failed c5 → 5 ÷ 6.
    assert (year.settled, year.failed, year.success_rate) == (5, 1, Decimal("83.3"))
    # Concluded c1–c5, c7 and c15; settled where they started: c1, c2, c15.
    assert (year.settled_at_start, year.concluded) == (3, 7)
    assert (year.reports_due, year.reports_on_time, year.reports_late, year.reports_missing) == (12, 1, 1, 10)
    assert year.overdue == 1  # c8, still open at the end of 2025


def test_one_aggregate_rolled_up_equals_asking_each_table(app, hand_district):
    """The annual report and the dashboard sum one detailed aggregate into several tables."""
    from portal.services.statistics.facts import MONTH
    from portal.services.statistics.figures import rollup

    period = Period.year(2025)
    with app.test_request_context():
        detail = figures(period, ("street", "type"), by_month=True, today=TODAY)
        for keep, dims, by_month in (((MONTH,), (), True), (("street",), ("street",), False),
                                     (("type",), ("type",), False), (("street", MONTH), ("street",), True)):
            rolled = {row.key: _measures_of(row.figures) for row in rollup(detail, keep).rows}
            direct = {row.key: _measures_of(row.figures) for row in figures(period, dims, by_month=by_month, today=TODAY).rows}
            assert rolled == direct, keep
