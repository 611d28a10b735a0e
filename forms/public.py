"""Forms of the public site: the online application and the status check."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from forms.base import BaseForm
from forms.validators import IdNumber, IdNumberOrCreditCode, Phone
from portal.models.cases import PartyKind

# Size limits of the free-text answers (characters).
FACTS_MAX = 2000
REQUESTS_MAX = 1000


class ChoiceField(SelectField):
    """A drop-down whose empty first option ("please choose") submits nothing: data is None.

    Leaves the "required" message to DataRequired instead of adding "Not a valid choice".
    """

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0] == "":
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.data is None:
            return
        super().pre_validate(form)


class ApplicationForm(BaseForm):
    applicant_name = StringField(_l("Your name"), [DataRequired(), Length(max=40)],
                                 render_kw={"autocomplete": "name"})
    applicant_id_number = StringField(_l("Your ID number"), [DataRequired(), IdNumber()],
                                      render_kw={"autocomplete": "off", "inputmode": "text", "maxlength": 18})
    applicant_phone = StringField(
        _l("Your phone number"), [DataRequired(), Length(max=30), Phone(service_numbers=False)],
        description=_l("The office calls you on this number; you also need it to check your application."),
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    applicant_address = StringField(_l("Your address"), [Optional(), Length(max=200)],
                                    render_kw={"autocomplete": "street-address"})

    respondent_kind = SelectField(_l("The other party is"), choices=PartyKind.choices, default=PartyKind.PERSON)
    respondent_name = StringField(_l("Name of the person or organisation"), [DataRequired(), Length(max=100)])
    respondent_id_number = StringField(
        _l("Their ID number or credit code"), [Optional(), IdNumberOrCreditCode(kind_field="respondent_kind")],
        description=_l("If you know it."), render_kw={"autocomplete": "off", "maxlength": 18},
    )
    respondent_phone = StringField(_l("Their phone number"), [Optional(), Length(max=30), Phone(service_numbers=False)],
                                   render_kw={"autocomplete": "off", "inputmode": "tel"})
    respondent_address = StringField(_l("Their address"), [Optional(), Length(max=200)],
                                     render_kw={"autocomplete": "off"})

    community = ChoiceField(
        _l("Community or village where the dispute arose"), [DataRequired()], coerce=int,
        description=_l("The mediation committee of this community (or of its street) receives your application."),
    )
    dispute_type = ChoiceField(_l("Kind of dispute"), [DataRequired()], coerce=int)
    facts = TextAreaField(
        _l("What happened"), [DataRequired(), Length(max=FACTS_MAX)],
        description=_l("The main facts of the dispute, in up to %(n)s characters.", n=FACTS_MAX), render_kw={"rows": 6},
    )
    requests = TextAreaField(
        _l("What you are asking for"), [DataRequired(), Length(max=REQUESTS_MAX)],
        description=_l("For example: compensation for the water damage, or a stop to the noise at night."),
        render_kw={"rows": 3},
    )
    amount = DecimalField(
        _l("Amount involved (yuan)"), [Optional(), NumberRange(min=0, max=999_999_999_999)], places=2,
        description=_l("If the dispute is about money."), render_kw={"inputmode": "decimal"},
    )
    consent = BooleanField(
        _l("I have read the rights and duties of the parties, agree to mediation under these rules, and confirm the details are true."),
        [DataRequired(message=_l("Please confirm that you agree before submitting."))],
    )
    # Honeypot: hidden from people, filled in by bots that fill in every field.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})


class TrackForm(BaseForm):
    code = StringField(
        _l("Tracking code"), [DataRequired(), Length(max=20)],
        description=_l("The code shown after you applied, for example 7K3PQ-9XD4M."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    phone = StringField(_l("Phone number you applied with"), [DataRequired(), Length(max=30), Phone(service_numbers=False)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
