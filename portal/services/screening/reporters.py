"""Grid reporters: which reporter an account is, the grids they report in, and the leads they may
follow (their own, in grids that are still theirs)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.models import Grid, Lead, Reporter, Role
from portal.models.base import related
from portal.models.screening import reporter_grids
from portal.services.screening import ScreeningRuleError


def reporter_of(user):
    """The active reporter record linked to ``user`` (an account of role reporter), or None."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.REPORTER:
        return None
    return db.session.scalar(select(Reporter).where(Reporter.user_id == user.id, Reporter.active.is_(True)))


def own_grid_ids(reporter):
    return select(reporter_grids.c.grid_id).where(reporter_grids.c.reporter_id == reporter.id)


def own_leads(reporter):
    """A select of the reporter's own leads in their own grids, newest first."""
    return (
        select(Lead)
        .where(Lead.reporter_id == reporter.id, Lead.grid_id.in_(own_grid_ids(reporter)))
        .order_by(Lead.reported_at.desc(), Lead.id.desc())
    )


def own_lead(reporter, lead_id):
    if lead_id is None:
        return None
    return db.session.scalar(own_leads(reporter).where(Lead.id == lead_id))


def own_grid(reporter, grid_id):
    """One of the reporter's grids by id, or None (another street's, or no longer theirs)."""
    if grid_id is None:
        return None
    return db.session.scalar(select(Grid).where(Grid.id == grid_id, Grid.id.in_(own_grid_ids(reporter))))


def check_reporter(reporter):
    """A reporter works in at least one grid, all in one street; their account is a reporter's."""
    with db.session.no_autoflush:
        grids = list(reporter.grids)
        if not grids:
            raise ScreeningRuleError(_l("Choose at least one grid."))
        streets = {related(grid, "community").street_id for grid in grids}
        if len(streets) > 1:
            raise ScreeningRuleError(_l("A reporter's grids must all lie in one street."))
        user = related(reporter, "user")
        if user is not None and user.role != Role.REPORTER:
            raise ScreeningRuleError(_l("Only an account of the role “%(role)s” can be linked to a reporter."),
                                     role=Role.REPORTER.label)
        mediator = related(reporter, "mediator")
        if mediator is not None and mediator.street_id is not None and mediator.street_id not in streets:
            raise ScreeningRuleError(_l("%(mediator)s is a mediator of another street."), mediator=mediator.name)
