"""Forms of the screening area: the steps on a lead's page, and the reporter's quick report.

Each step form carries the lead's version, so a step taken on a page that is out of date is
refused rather than applied over someone else's change.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forms.base import BaseForm
from portal.models import RiskLevel
from portal.services.screening.leads import MAX_DESCRIPTION


class LeadStepForm(BaseForm):
    lead_version = HiddenField()
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def values(self):
        return {"note": self.note.data or ""}


class LevelForm(LeadStepForm):
    level = SelectField(_l("New risk level"), choices=RiskLevel.choices, validators=[InputRequired()])
    note = TextAreaField(_l("Why the level changes"), validators=[DataRequired(), Length(max=2000)])

    def values(self):
        return {**super().values(), "level": self.level.data}


class ResolveForm(LeadStepForm):
    note = TextAreaField(_l("How it was resolved"), validators=[DataRequired(), Length(max=2000)])


class CloseForm(LeadStepForm):
    note = TextAreaField(_l("Why it is no longer a risk"), validators=[DataRequired(), Length(max=2000)])


class HandOverForm(LeadStepForm):
    partner = SelectField(_l("Handed to"), coerce=int, validators=[InputRequired()])

    def values(self):
        from portal.extensions import db
        from portal.models import PartnerBody

        return {**super().values(), "partner": db.session.get(PartnerBody, self.partner.data)}


class ConvertForm(LeadStepForm):
    committee = SelectField(_l("Committee that takes the case"), coerce=int, validators=[InputRequired()])

    def values(self):
        from portal.extensions import db
        from portal.models import Committee

        return {"committee": db.session.get(Committee, self.committee.data)}


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"))


class FieldReportForm(BaseForm):
    """A reporter's quick report from a phone: where, what kind, how serious, what, a photo."""

    grid = SelectField(_l("Grid"), coerce=int, validators=[InputRequired()])
    dispute_type = SelectField(_l("Kind of dispute"), coerce=int, validators=[InputRequired()])
    level = RadioField(_l("Risk level"), choices=RiskLevel.choices, default=RiskLevel.YELLOW.value,
                       validators=[InputRequired()])
    description = TextAreaField(_l("What did you find?"), validators=[DataRequired(), Length(max=MAX_DESCRIPTION)])
    people_involved = IntegerField(_l("People involved"), default=1,
                                   validators=[InputRequired(), NumberRange(min=1, max=100_000)])
    photo = FileField(_l("Photo (optional)"))
