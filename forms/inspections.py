"""Forms of the inspection area: the findings of an inspection (fields per item are read by the
view), the dossier draw and check, photos and evidence, and the steps on a rectification item.

Forms that change a record carry its version, so a form filled in on a page that is out of date
is refused rather than applied over someone else's change.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forms.base import BaseForm
from portal.services.inspections.spot_check import MAX_DRAW
from portal.services.inspections.rectifications import TEXT_MAX


class VersionedForm(BaseForm):
    record_version = HiddenField()


class FindingsForm(VersionedForm):
    """The results and notes come as ``result-<finding id>`` and ``note-<finding id>``."""

    conclusion = TextAreaField(_l("Overall conclusion"), validators=[Optional(), Length(max=10_000)])


class DrawForm(VersionedForm):
    count = IntegerField(_l("How many dossiers to draw"), default=5,
                         validators=[InputRequired(), NumberRange(min=1, max=MAX_DRAW)])


class DossierForm(VersionedForm):
    """The result per document comes as ``doc-<kind>``."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class UploadForm(BaseForm):
    file = FileField(_l("Photo or scan"))


class AnswerForm(VersionedForm):
    answer = TextAreaField(_l("What the office did"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    evidence = FileField(_l("Evidence (photo or PDF scan, optional)"))


class AcceptForm(VersionedForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=TEXT_MAX)])


class ReopenForm(VersionedForm):
    note = TextAreaField(_l("What is still missing"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    due_on = DateField(_l("New deadline (optional)"), validators=[Optional()])


class PublishForm(VersionedForm):
    comments_until = DateField(_l("Offices may comment until"), validators=[InputRequired()])


class FinaliseForm(VersionedForm):
    pass


class ScoreForm(BaseForm):
    score = DecimalField(_l("Score"), places=2, validators=[InputRequired(), NumberRange(min=0, max=100)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class CommentForm(BaseForm):
    text = TextAreaField(_l("Your comment on the scorecard"), validators=[DataRequired(), Length(max=5000)])
