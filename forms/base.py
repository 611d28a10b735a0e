"""Base form: Flask-WTF CSRF, and WTForms' own messages in the current locale."""
from flask_wtf import FlaskForm

from portal.i18n import form_translations


class TranslatedMeta:
    def get_translations(self, form):
        return form_translations


class BaseForm(FlaskForm):
    class Meta(TranslatedMeta, FlaskForm.Meta):
        pass
