"""Validators with translated messages, over the pure checks in portal.services.identity."""
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from portal.services import identity


def _invalid(message):
    """A ValidationError with the message translated now: Flask-Admin shows only plain-string errors."""
    return ValidationError(str(message))


ID_MESSAGES = {
    "format": _l("An ID number has 18 characters: 17 digits and a final digit or X."),
    "birth_date": _l("The birth date inside this ID number is not a real date."),
    "check_digit": _l("This ID number's check digit is wrong; please check each digit."),
}


class IdNumber:
    """A mainland resident ID number with a valid check digit; empty passes (use DataRequired)."""

    def __call__(self, form, field):
        if not field.data:
            return
        field.data = identity.normalise_id_number(field.data)
        problem = identity.id_number_problem(field.data)
        if problem:
            raise _invalid(ID_MESSAGES[problem])


class IdNumberOrCreditCode:
    """A person's ID number, or an organisation's unified social credit code."""

    def __init__(self, kind_field="kind"):
        self.kind_field = kind_field

    def __call__(self, form, field):
        if not field.data:
            return
        field.data = identity.normalise_id_number(field.data)
        kind = form[self.kind_field].data if self.kind_field in form else "person"
        if kind == "organisation":
            if not identity.is_valid_credit_code(field.data):
                raise _invalid(_l("This is not a valid unified social credit code."))
            return
        problem = identity.id_number_problem(field.data)
        if problem:
            raise _invalid(ID_MESSAGES[problem])


class Mobile:
    def __call__(self, form, field):
        if field.data:
            field.data = identity.normalise_phone(field.data)
            if not identity.is_valid_mobile(field.data):
                raise _invalid(_l("A mobile number has 11 digits and starts with 13–19."))


class Landline:
    def __call__(self, form, field):
        if field.data:
            field.data = identity.normalise_phone(field.data)
            if not identity.is_valid_landline(field.data):
                raise _invalid(_l("Enter a landline such as 010-64012345."))


class Phone:
    """Mobile, landline or a public service number such as 12348; ``service_numbers=False`` for a
    number a person answers (an applicant's), where a service number is not one."""

    def __init__(self, *, service_numbers=True):
        self.service_numbers = service_numbers

    def __call__(self, form, field):
        if not field.data:
            return
        field.data = identity.normalise_phone(field.data)
        personal = identity.is_valid_mobile(field.data) or identity.is_valid_landline(field.data)
        if not (personal or (self.service_numbers and identity.is_valid_phone(field.data))):
            raise _invalid(_l("Enter a mobile (13812345678) or landline (010-64012345) number."))


class After:
    """This date/time must be later than another field's (``end`` after ``start``)."""

    def __init__(self, other, *, allow_equal=False, message=None):
        self.other = other
        self.allow_equal = allow_equal
        self.message = message

    def __call__(self, form, field):
        other = form[self.other].data if self.other in form else None
        if field.data is None or other is None:
            return
        if field.data < other or (field.data == other and not self.allow_equal):
            raise _invalid(self.message or _l("This must be later than %(field)s.", field=form[self.other].label.text))


class NotInFuture:
    def __call__(self, form, field):
        from portal import timeutil

        if field.data and field.data > timeutil.today():
            raise _invalid(_l("This date cannot be in the future."))
