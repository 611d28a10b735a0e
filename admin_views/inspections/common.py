"""What the inspection screens share: rule errors as form errors, choices, the version check,
and files served only to those who may see the record."""
from flask import abort, flash, redirect
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
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


def take_step(lock, record_id, apply, *, back, done, version=None, stale=stale_message):
    """Lock the record, ``apply(record)`` and commit, then go ``back`` saying ``done``.

    Refused (nothing saved, a message instead of an error page) when the form was filled in on an
    older version of the record (``version``), when a rule refuses, or when another request changed
    the record at the very same moment (SQLite gives the second writer a stale version, PostgreSQL a
    lock it waited for). ``apply`` returning False means it said why itself."""
    try:
        record = lock(record_id)
        if record is None:
            abort(404)
        if version is not None and version != str(record.version):
            db.session.rollback()
            flash(stale(), "error")
            return redirect(back)
        if apply(record) is False:
            db.session.rollback()
            return redirect(back)
        db.session.commit()
    except InspectionRuleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    except (StaleDataError, IntegrityError, OperationalError):
        db.session.rollback()
        flash(stale(), "error")
        return redirect(back)
    flash(done, "success")
    return redirect(back)


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
