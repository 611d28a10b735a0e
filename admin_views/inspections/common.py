"""What the inspection screens share: rule errors as form errors, choices, the version check,
and files served only to those who may see the record."""
from flask import abort, flash
from flask_babel import gettext
from sqlalchemy import select
from wtforms.validators import ValidationError

from portal.extensions import db
from portal.models import ChecklistTemplate, JudicialOffice, Role, Street, User
from portal.services import files
from portal.services.inspections import InspectionRuleError, uploads



def as_validation_error(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except InspectionRuleError as error:
        raise ValidationError(str(error)) from None


def stale_message():
    return gettext("Someone else changed this record while you were filling in the form. Nothing was saved; "
                   "check it as it is now, then submit again.")


def version_matches(form, record):
    """The form was filled in on the record as it is now; else say so (and nothing is saved)."""
    if form.record_version.data != str(record.version):
        flash(stale_message(), "error")
        return False
    return True


def offices():
    return db.session.scalars(select(JudicialOffice).join(Street, Street.id == JudicialOffice.street_id)
                              .order_by(Street.code)).all()


def inspector_accounts():
    """Accounts that can be named as inspectors: the district office, inspectors and leading-group members."""
    return db.session.scalars(select(User).where(User.active.is_(True), User.role.in_(
        (Role.ADMIN, Role.INSPECTOR, Role.VIEWER))).order_by(User.display_name, User.username)).all()


def usable_templates():
    return db.session.scalars(select(ChecklistTemplate).where(ChecklistTemplate.is_active.is_(True))
                              .order_by(ChecklistTemplate.name)).all()


def read_upload(field):
    """(bytes, filename) of an uploaded file, or (None, "") when none was chosen."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None, ""
    return uploads.read_limited(upload.stream), upload.filename


def send_stored(stored_name, content_type, name):
    if not stored_name:
        abort(404)
    return files.send_private(uploads.key_of(stored_name), content_type, name,
                              as_attachment=content_type == "application/pdf")
