"""Messages of WTForms and Flask-Admin that the portal translates itself.

Their own catalogs have gaps (WTForms' Simplified catalog lacks some entries; Flask-Admin's
Traditional one has fuzzy ones), so these ids are listed here for extraction into the portal's
catalogs. ``portal.i18n.FormTranslations`` and the admin domain consult the portal's catalog
first. Nothing calls this module at run time.
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln

WTFORMS = (
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _ln("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1),
    _l("This field is required."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _ln("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1),
    _ln("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1),
    _ln("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid field name '%(other_name)s'."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("The CSRF token is missing."),
    _l("The CSRF token has expired."),
    _l("The CSRF token is invalid."),
    _l("The CSRF session token is missing."),
    _l("The CSRF tokens do not match."),
)

FLASK_ADMIN = (
    # Flask-Admin formats the page-size label before translating it, so each size the portal
    # offers (admin_views.base.PortalModelView.page_size_options) needs its own entry.
    _ln("25 item", "25 items", 25),
    _ln("50 item", "50 items", 50),
    _ln("100 item", "100 items", 100),
    _l("Failed to create record."),
    _l("Failed to save record."),
    _l("Record was successfully deleted."),
    _l("Record was successfully created."),
    _l("Record was successfully saved."),
    _l("Already exists."),
    # Flask-Admin's own Chinese catalogs leave these two untranslated.
    _l("Failed to create record."),
    _l("Failed to save record."),
)
