"""The monthly report's disputes screened and prevention figures, from the screening records.

Registered with the statistics' office figures at import: a month with screening records
(rounds, leads or prevention records) takes these figures from them, read-only on the report
form, and each submitted version says so; a month without (before the office kept them here)
keeps the figures the office typed.
"""
from flask_babel import lazy_gettext as _l

from portal.models.screening import PreventionKind
from portal.services.screening.figures import monthly_report_figures
from portal.services.statistics import office_figures

# Report field prefix of each prevention figure (…_cases, …_persons).
PREFIX = {
    PreventionKind.CRIMINAL: "criminal",
    PreventionKind.SUICIDE: "suicide",
    PreventionKind.GROUP_PETITION: "petition",
    PreventionKind.GROUP_FIGHT: "fight",
}
FIGURES = ("screened", *(f"{prefix}_{what}" for prefix in PREFIX.values() for what in ("cases", "persons")))


def report_figures(street_id, start, end):
    figures = monthly_report_figures(start.year, start.month, street_id)
    if not figures.has_records:
        return {}
    found = {"screened": figures.screened}
    for kind, prefix in PREFIX.items():
        found[f"{prefix}_cases"] = figures.prevention[kind].cases
        found[f"{prefix}_persons"] = figures.prevention[kind].persons
    return found


office_figures.register_provider("screening", _l("Screening records"), FIGURES, report_figures)
