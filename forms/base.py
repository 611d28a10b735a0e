"""Base form: Flask-WTF CSRF, and WTForms' own messages in the current locale."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

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


class TranslatedMeta:
    """Meta for every form in the portal: WTForms' messages in the reader's language, and
    text fields normalised (see normalise_text) before the field's own filters."""

    def get_translations(self, form):
        return form_translations

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, (StringField, TextAreaField)):
            options = {**options, "filters": [normalise_text, *unbound_field.kwargs.get("filters", ())]}
        return super().bind_field(form, unbound_field, options)


class BaseForm(FlaskForm):
    class Meta(TranslatedMeta, FlaskForm.Meta):
        pass
