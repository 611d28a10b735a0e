"""Figures a monthly report needs that are not case records: disputes screened and the four
prevention figures (cases and persons each).

Until a module keeps records of them, the office types them into its report. A module that does
(the screening and early-warning records of a later release) registers a *provider*; from then
on the report takes those figures from the records, the form shows them read-only, and every
submitted version says which source each figure came from::

    from portal.services.statistics import office_figures

    office_figures.register_provider(
        "screening", _l("Screening records"), ("screened",),
        lambda street_id, start, end: {"screened": count_screened(street_id, start, end)},
    )
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.models.statistics import OFFICE_FIGURE_FIELDS

TYPED = "typed"
TYPED_LABEL = _l("Entered by the office")


@dataclass(frozen=True)
class Provider:
    key: str
    label: object               # a lazy string naming the records, shown on the report
    figures: tuple              # the OFFICE_FIGURE_FIELDS it supplies
    provide: object             # (street_id, start, end) -> {figure: int}


_PROVIDERS = {}


def register_provider(key, label, figures, provide):
    unknown = set(figures) - set(OFFICE_FIGURE_FIELDS)
    if unknown:
        raise ValueError(f"not office figures: {sorted(unknown)}")
    _PROVIDERS[key] = Provider(key, label, tuple(figures), provide)


def unregister_provider(key):
    _PROVIDERS.pop(key, None)


def source_label(source):
    """The name of a figure's source as stored in a version (``typed`` or a provider's key)."""
    if source == TYPED or not source:
        return TYPED_LABEL
    provider = _PROVIDERS.get(source)
    return provider.label if provider is not None else source


@dataclass
class OfficeValues:
    values: dict     # figure -> int
    sources: dict    # figure -> TYPED or a provider key

    def from_records(self, figure):
        return self.sources.get(figure, TYPED) != TYPED


def office_values(report, start, end):
    """The office figures of ``report`` for its month: from records where a provider supplies
    them, else as typed on the report."""
    values = {name: getattr(report, name) or 0 for name in OFFICE_FIGURE_FIELDS}
    sources = dict.fromkeys(OFFICE_FIGURE_FIELDS, TYPED)
    for provider in _PROVIDERS.values():
        supplied = provider.provide(report.street_id, start, end) or {}
        for figure in provider.figures:
            if figure in supplied and supplied[figure] is not None:
                values[figure] = int(supplied[figure])
                sources[figure] = provider.key
    return OfficeValues(values, sources)
