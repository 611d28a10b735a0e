"""What the screening screens share: choices limited to the user's street, the rule errors shown
as form errors, the level badge and the time left to a deadline."""
from flask import get_template_attribute, has_request_context, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.validators import ValidationError

from portal.extensions import db
from portal.models import Committee, Community, Grid, Lead, Reporter, RiskLevel, ScreeningRound
from portal.services.access import Area, street_limit
from portal.services.screening import ScreeningRuleError

CSS = ("screening.css",)


def extra_css():
    return [url_for("static", filename=name) for name in CSS]


class ScreeningStyles:
    """The screening screens' stylesheet (the risk level colours), on every page they render."""

    @property
    def extra_css(self):
        return extra_css() if has_request_context() else []


def _limit():
    return street_limit(current_user, Area.SCREENING) if current_user.is_authenticated else -1


def _scoped(model, query):
    limit = _limit()
    return query.where(model.street_scope(limit)) if limit is not None else query


def grid_label(grid):
    return f"{grid.community.name} · {grid.name}"


def scoped_grids():
    query = select(Grid).join(Grid.community).options(joinedload(Grid.community)).order_by(Community.code, Grid.code)
    return db.session.scalars(_scoped(Grid, query)).all()


def scoped_communities():
    return db.session.scalars(_scoped(Community, select(Community).order_by(Community.code))).all()


def scoped_committees():
    """Committees of the user's street (the district office: all), for who screened."""
    return db.session.scalars(_scoped(Committee, select(Committee).order_by(Committee.street_id, Committee.name))).all()


def scoped_reporters():
    return db.session.scalars(_scoped(Reporter, select(Reporter).order_by(Reporter.name))).all()


def scoped_rounds():
    query = select(ScreeningRound).order_by(ScreeningRound.held_on.desc(), ScreeningRound.id.desc()).limit(200)
    return db.session.scalars(_scoped(ScreeningRound, query)).all()


def scoped_lead(lead_id):
    try:
        pk = int(lead_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(_scoped(Lead, select(Lead).where(Lead.id == pk)))


def as_validation_error(call, *args, **kwargs):
    """Run a rule of portal.services.screening; its refusal becomes the form's error message."""
    try:
        return call(*args, **kwargs)
    except ScreeningRuleError as error:
        raise ValidationError(str(error)) from None


def refuse_unknown_choices(form, names):
    """An AJAX lookup reads an id the user may not pick (another street's, a staff account for a
    reporter) as "none": refuse it instead of quietly dropping it. True when all are fine."""
    valid = True
    for name in names:
        field = getattr(form, name, None)
        if field is not None and field.data is None and getattr(field, "_formdata", None):
            field.errors = [*field.errors, gettext("Not a valid choice.")]
            valid = False
    return valid


def level_formatter(view, context, model, name):
    badge = get_template_attribute("admin/portal/screening/_macros.html", "level_badge")
    value = getattr(model, name)
    return badge(value, RiskLevel.label_of(value))


def level_text(view, context, model, name):
    return RiskLevel.label_of(getattr(model, name))


def time_left_text(delta):
    """"5 hours left", "2 days left", "overdue by 3 hours"… for a timedelta (negative once past)."""
    if delta is None:
        return ""
    seconds = delta.total_seconds()
    hours = int(abs(seconds) // 3600)
    if seconds < 0:
        if hours >= 48:
            return ngettext("overdue by %(num)d day", "overdue by %(num)d days", hours // 24)
        return ngettext("overdue by %(num)d hour", "overdue by %(num)d hours", max(hours, 1))
    if hours >= 48:
        return ngettext("%(num)d day left", "%(num)d days left", hours // 24)
    if hours < 1:
        return gettext("less than an hour left")
    return ngettext("%(num)d hour left", "%(num)d hours left", hours)
