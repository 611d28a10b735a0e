"""Base form: Flask-WTF CSRF, and WTForms' own messages in the current locale."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.core import UnboundField

from forms.limits import with_generic_validators
from portal.i18n import form_translations
from portal.services.inputs import clean_text


def normalise_text(value):
    """Typed text as it is stored: without NUL characters (PostgreSQL refuses text holding one,
    so a stray NUL would fail the whole save) and with LF line breaks (browsers send textarea
    breaks as CRLF; an untouched field re-saved is then not a change, and the history does not
    fill with phantom edits)."""
    value = clean_text(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _validators_of(unbound_field):
    if "validators" in unbound_field.kwargs:
        return list(unbound_field.kwargs["validators"] or [])
    args = unbound_field.args
    return list(args[1]) if len(args) > 1 and isinstance(args[1], (list, tuple)) else []


def _with_validators(unbound_field, validators):
    """A copy of ``unbound_field`` with ``validators`` (given as keyword or second argument)."""
    args, kwargs = list(unbound_field.args), dict(unbound_field.kwargs)
    if "validators" not in kwargs and len(args) > 1 and isinstance(args[1], (list, tuple)):
        args[1] = validators
    else:
        kwargs["validators"] = validators
    return UnboundField(unbound_field.field_class, *args, name=unbound_field.name, **kwargs)


class TranslatedMeta:
    """Meta for every form in the portal: WTForms' messages in the reader's language, and
    text fields normalised (see normalise_text) before the field's own filters."""

    def get_translations(self, form):
        return form_translations

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, (StringField, TextAreaField)):
            options = {**options, "filters": [normalise_text, *unbound_field.kwargs.get("filters", ())]}
        guarded = with_generic_validators(field_class, _validators_of(unbound_field))
        if guarded is not None:
            unbound_field = _with_validators(unbound_field, guarded)
        return super().bind_field(form, unbound_field, options)


class BaseForm(FlaskForm):
    class Meta(TranslatedMeta, FlaskForm.Meta):
        pass
