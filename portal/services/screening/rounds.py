"""What a screening round must satisfy: its theme (special rounds only, held within the theme's
period), its dates, the grids and communities it covered (in its own street), and its findings:
leads, or "nothing found" said explicitly."""
from flask_babel import lazy_gettext as _l

from portal import timeutil
from portal.extensions import db
from portal.models import RoundKind
from portal.models.base import related
from portal.services.screening import ScreeningRuleError


def check_round(round_, *, today=None):
    today = today or timeutil.today()
    with db.session.no_autoflush:
        _check_theme(round_)
        _check_dates(round_, today)
        _check_places(round_)
        if round_.found_none and round_.id is not None and round_.leads:
            raise ScreeningRuleError(
                _l("Leads were recorded for this round, so it cannot be marked as having found nothing."))
        if not (round_.screeners or "").strip():
            raise ScreeningRuleError(_l("Say who screened."))


def _check_theme(round_):
    theme = related(round_, "theme")
    if round_.kind == RoundKind.SPECIAL:
        if theme is None:
            raise ScreeningRuleError(_l("A special screening needs the theme the district set."))
        if round_.held_on is not None and not theme.starts_on <= round_.held_on <= theme.ends_on:
            raise ScreeningRuleError(
                _l("The theme “%(theme)s” runs from %(start)s to %(end)s; this round was held outside it."),
                theme=theme.name, start=theme.starts_on, end=theme.ends_on,
            )
    else:
        round_.theme = None  # a routine round has no theme, whatever the form sent


def _check_dates(round_, today):
    for value in (round_.held_on, round_.ended_on):
        if value is not None and value > today:
            raise ScreeningRuleError(_l("The date %(date)s is in the future."), date=value)
    if round_.ended_on is not None and round_.held_on is not None and round_.ended_on < round_.held_on:
        raise ScreeningRuleError(_l("A round cannot end before it was held."))


def _check_places(round_):
    street_id = round_.street_id if round_.street_id is not None else getattr(related(round_, "street"), "id", None)
    grids, communities = list(round_.grids), list(round_.communities)
    if not grids and not communities:
        raise ScreeningRuleError(_l("Choose the grids or communities that were screened."))
    outside = [grid.name for grid in grids if related(grid, "community").street_id != street_id]
    outside += [community.name for community in communities if community.street_id != street_id]
    if outside:
        raise ScreeningRuleError(_l("Not in the round's street: %(places)s."), places="、".join(outside))
    committee = related(round_, "committee")
    if committee is not None and committee.street_id not in (None, street_id):
        raise ScreeningRuleError(_l("%(committee)s is a committee of another street."), committee=committee.name)
