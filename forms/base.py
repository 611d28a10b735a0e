"""Base form: Flask-WTF CSRF, and WTForms' own messages in the current locale."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from portal.i18n import form_translations


def normalise_newlines(value):
    """Browsers send textarea line breaks as CRLF; stored text uses LF, so an untouched field
    re-saved is not a change (and the history does not fill with phantom edits)."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class TranslatedMeta:
    """Meta for every form in the portal: WTForms' messages in the reader's language, and
    text fields' line breaks normalised."""

    def get_translations(self, form):
        return form_translations

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, (StringField, TextAreaField)):
            options = {**options, "filters": [*unbound_field.kwargs.get("filters", ()), normalise_newlines]}
        return super().bind_field(form, unbound_field, options)


class BaseForm(FlaskForm):
    class Meta(TranslatedMeta, FlaskForm.Meta):
        pass
