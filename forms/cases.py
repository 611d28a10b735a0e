"""The small forms behind each step of a case (accept, refuse, settle…) and the upload form.

Each step form carries the case's version, so a step taken on a page that is out of date is
refused rather than applied over someone else's change. ``values()`` gives what the service
function (portal.services.cases) takes.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileRequired, MultipleFileField
from wtforms import (
    DateField, DecimalField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from forms.base import BaseForm
from forms.validators import After, NotInFuture
from portal import timeutil
from portal.models.case_records import AgreementKind, DocumentKind, Transition
from portal.models.cases import RemedyRoute, Retention
from portal.models.linkage import ReferralKind


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _today():
    return timeutil.today()


class StepForm(BaseForm):
    case_version = HiddenField()
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def values(self):
        return {"note": self.note.data or ""}


class AcceptForm(StepForm):
    on = DateField(_l("Accepted on"), default=_today, validators=[InputRequired(), NotInFuture()])

    def values(self):
        return {**super().values(), "on": self.on.data}


class RefuseForm(StepForm):
    on = DateField(_l("Refused on"), default=_today, validators=[InputRequired(), NotInFuture()])
    reason = TextAreaField(_l("Reason for refusal"), validators=[DataRequired(), Length(max=2000)])
    referred_to = StringField(
        _l("Party referred to"), validators=[DataRequired(), Length(max=200)],
        description=_l("The body or route the party was told to turn to instead."),
    )

    def values(self):
        return {**super().values(), "on": self.on.data, "reason": self.reason.data, "referred_to": self.referred_to.data}


class StartForm(StepForm):
    on = DateField(_l("Started on"), default=_today, validators=[InputRequired(), NotInFuture()])

    def values(self):
        return {**super().values(), "on": self.on.data}


class SettleForm(StepForm):
    signed_on = DateField(_l("Agreement took effect on"), default=_today, validators=[InputRequired(), NotInFuture()])
    kind = SelectField(_l("Agreement kind"), choices=AgreementKind.choices, validators=[InputRequired()])
    facts = TextAreaField(_l("Main facts and matters in dispute"), validators=[Optional(), Length(max=5000)])
    responsibilities = TextAreaField(_l("Each side's responsibility"), validators=[Optional(), Length(max=5000)])
    terms = TextAreaField(_l("Agreed terms"), validators=[DataRequired(), Length(max=5000)])
    performance_method = StringField(_l("How it will be performed"), validators=[Optional(), Length(max=300)])
    performance_place = StringField(_l("Where it will be performed"), validators=[Optional(), Length(max=200)])
    performance_deadline = DateField(
        _l("Performance deadline"), validators=[Optional(), After("signed_on", allow_equal=True)]
    )
    amount = DecimalField(_l("Amount agreed (yuan)"), places=2, validators=[Optional(), NumberRange(min=0)])
    copies = IntegerField(
        _l("Copies"), validators=[Optional(), NumberRange(min=1, max=50)],
        description=_l("One per party plus one kept by the committee; left empty, counted from the parties."),
    )

    def values(self):
        names = ("signed_on", "kind", "facts", "responsibilities", "terms", "performance_method",
                 "performance_place", "performance_deadline", "amount", "copies")
        return {**super().values(), **{name: self[name].data for name in names}}


class FailForm(StepForm):
    on = DateField(_l("Ended on"), default=_today, validators=[InputRequired(), NotInFuture()])
    routes = CheckboxesField(
        _l("Routes the parties were told about"), choices=RemedyRoute.choices, validators=[DataRequired()]
    )

    def values(self):
        return {**super().values(), "on": self.on.data, "routes": self.routes.data}


class EscalateForm(StepForm):
    on = DateField(_l("Escalated on"), default=_today, validators=[InputRequired(), NotInFuture()])
    note = TextAreaField(_l("Why it is escalated"), validators=[DataRequired(), Length(max=2000)])

    def values(self):
        return {**super().values(), "on": self.on.data}


class TransferForm(StepForm):
    on = DateField(_l("Transferred on"), default=_today, validators=[InputRequired(), NotInFuture()])
    partner = SelectField(_l("Transferred to"), coerce=int, validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=ReferralKind.choices, default=ReferralKind.TRANSFER,
                       validators=[InputRequired()])
    matter = TextAreaField(
        _l("Matter handed over"), validators=[Optional(), Length(max=2000)],
        description=_l("Printed in the letter to the body, e.g. why the matter is for it to handle."),
    )

    def values(self):
        from portal.extensions import db
        from portal.models import PartnerBody

        return {**super().values(), "on": self.on.data, "partner": db.session.get(PartnerBody, self.partner.data),
                "kind": self.kind.data, "matter": self.matter.data or ""}


class WithdrawForm(StepForm):
    on = DateField(_l("Withdrawn on"), default=_today, validators=[InputRequired(), NotInFuture()])
    note = TextAreaField(_l("Why the applicant withdrew"), validators=[DataRequired(), Length(max=2000)])

    def values(self):
        return {**super().values(), "on": self.on.data}


class ArchiveForm(StepForm):
    on = DateField(_l("Archived on"), default=_today, validators=[InputRequired(), NotInFuture()])
    retention = SelectField(_l("Retention period"), choices=Retention.choices, validators=[InputRequired()])
    filed_by = StringField(
        _l("Filed by"), validators=[DataRequired(), Length(max=40)],
        description=_l("The person who compiled the dossier, as printed on its cover."),
    )

    def values(self):
        return {**super().values(), "on": self.on.data, "retention": self.retention.data,
                "filed_by": self.filed_by.data}


STEP_FORMS = {
    Transition.ACCEPT: AcceptForm,
    Transition.REFUSE: RefuseForm,
    Transition.START: StartForm,
    Transition.SETTLE: SettleForm,
    Transition.FAIL: FailForm,
    Transition.ESCALATE: EscalateForm,
    Transition.TRANSFER: TransferForm,
    Transition.WITHDRAW: WithdrawForm,
    Transition.ARCHIVE: ArchiveForm,
}


GUESS_KIND = "guess"


def attachment_kind_choices():
    return [(GUESS_KIND, _l("Tell from each file's name")), *DocumentKind.choices()]


class AttachmentForm(BaseForm):
    """One or several scans; each file's kind comes from the ``kinds`` chosen beside it (the
    drop zone's script adds one per file), else from ``kind``."""

    kind = SelectField(_l("Document kind"), choices=attachment_kind_choices, validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)],
                        description=_l("Used when one file is uploaded."))
    file = MultipleFileField(_l("Files (PDF, JPEG or PNG)"), validators=[FileRequired(_l("Choose a file to upload."))])


class RemoveAttachmentForm(BaseForm):
    attachment_id = IntegerField(validators=[InputRequired()])
