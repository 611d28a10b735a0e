"""Jinja globals shared by admin and site templates."""
from flask_login import current_user

from portal.i18n import format_value
from portal.models.base import enum_of
from portal.services import identity
from portal.services.access import sees_personal_data
from portal.services.privacy import case_label, case_title, record_place


def label_of(obj, field):
    """The translated label of an enum-like field (``label_of(party, 'role')``)."""
    value = getattr(obj, field, None)
    enum_cls = enum_of(type(obj), field)
    return enum_cls.label_of(value) if enum_cls is not None else ("" if value is None else value)


def personal(obj, field):
    """A personal field in full for the office, masked for everyone else."""
    value = getattr(obj, field, None)
    if value is None or value == "":
        return ""
    if sees_personal_data(current_user):
        return format_value(value)
    if field == "id_number":
        return identity.mask_id_number(value)
    if field in ("phone", "mobile", "landline"):
        return identity.mask_phone(value)
    if field == "name":
        return identity.mask_name(value)
    return "***"


def init_app(app):
    app.jinja_env.globals.update(label_of=label_of, personal=personal, case_title=case_title, case_label=case_label,
                                 record_place=record_place)
