"""Photos sent with a lead: JPEG, PNG or WebP by their bytes, at most
``PORTAL_LEAD_PHOTO_MAX_BYTES``, kept under ``PORTAL_UPLOAD_DIR``/leads with names nobody can guess
and served only through views that check who may see the lead. Like case documents, files stay
when their record goes (the history can restore it); only a file whose record was never saved is
removed (:func:`discard`)."""
import hashlib
import os

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models import LeadPhoto
from portal.services import files
from portal.services.screening import ScreeningRuleError

ACCEPTED = ("jpeg", "png", "webp")
FOLDER = "leads"

REFUSALS = {
    "empty": _l("The photo is empty."),
    "too_large": _l("The photo is too large: at most %(size)s MB."),
    "type": _l("Only JPEG, PNG and WebP photos can be sent; this file is none of them."),
}


def max_bytes():
    return int(current_app.config["PORTAL_LEAD_PHOTO_MAX_BYTES"])


def limit_megabytes():
    return files.megabytes(max_bytes())


def folder():
    return files.upload_folder(current_app, FOLDER)


def path_of(photo):
    return os.path.join(folder(), photo.stored_name)


def read_limited(stream):
    return files.read_limited(stream, max_bytes())


def check(data):
    """The FileType of an acceptable photo; raises ScreeningRuleError with the reason otherwise."""
    try:
        return files.check(data, ACCEPTED, max_bytes())
    except files.FileError as refused:
        params = {"size": limit_megabytes()} if refused.code == "too_large" else {}
        raise ScreeningRuleError(REFUSALS[refused.code], **params) from None


def store(lead, data, *, filename):
    """Check ``data`` and keep it as a photo of ``lead``. Flushes, does not commit: if the
    caller's commit fails it must :func:`discard` the stored name."""
    file_type = check(data)
    stored_name = files.save(folder(), data, file_type.extensions[0])
    photo = LeadPhoto(
        lead=lead, filename=files.display_name(filename, default="photo"), stored_name=stored_name,
        content_type=file_type.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(photo)
    try:
        db.session.flush()
    except Exception:
        discard([stored_name])
        raise
    return photo


def discard(stored_names):
    files.discard(folder(), stored_names)
