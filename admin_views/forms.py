"""Form base classes for Flask-Admin: Flask-WTF CSRF and locale-correct WTForms messages."""
from flask_admin.form import BaseForm as FlaskAdminBaseForm
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from forms.base import TranslatedMeta


class AdminForm(FlaskAdminBaseForm):
    """Top-level admin forms (create, edit, delete, actions): CSRF on."""

    class Meta(TranslatedMeta, FlaskForm.Meta):
        pass


class InlineForm(FlaskAdminBaseForm):
    """Inline rows (parties, attendance, equipment): the parent form carries the CSRF token."""

    class Meta(TranslatedMeta):
        csrf = False


class EnumSelectField(SelectField):
    """A drop-down of an enum's translated labels; an empty choice stores NULL."""

    def __init__(self, label=None, enum_cls=None, nullable=False, **kwargs):
        choices = list(enum_cls.choices())
        if nullable:
            choices = [("", "—"), *choices]
        kwargs.setdefault("validators", [Optional()] if nullable else [InputRequired()])
        super().__init__(label, choices=choices, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data == "":
            self.data = None

    def pre_validate(self, form):
        if self.data is None and any(value == "" for value, _label in self.choices):
            return
        super().pre_validate(form)
