"""All offices' scorecards as an XLSX workbook: the ranking with each indicator's score, then
every value with its formula's parts (numbers stay numbers, for those who compute with them)."""
from decimal import Decimal

from flask_babel import gettext

from portal.models import IndicatorSource
from portal.services.xlsx_report import workbook_bytes


def _number(text):
    return Decimal(text) if text not in (None, "") else None


def scorecards_xlsx(scheme, cards):
    names = [line.name for line in cards[0].lines] if cards else []
    ranking = [[card.rank, card.office, _number(card.total),
                *(_number(line.score) for line in card.lines)] for card in sorted(cards, key=lambda c: c.rank or 0)]
    details = []
    for card in cards:
        for line in card.lines:
            details.append([card.office, line.name, IndicatorSource.label_of(line.source), line.weight,
                            _number(line.raw), _number(line.part), _number(line.whole), _number(line.score),
                            line.reason])
    return workbook_bytes([
        (gettext("Ranking %(year)s", year=scheme.year),
         [gettext("Rank"), gettext("Judicial office"), gettext("Total"), *names], ranking),
        (gettext("Indicators"),
         [gettext("Judicial office"), gettext("Indicator"), gettext("Source"), gettext("Weight"), gettext("Value"),
          gettext("Numerator"), gettext("Denominator"), gettext("Score"), gettext("Reason")], details),
    ])
