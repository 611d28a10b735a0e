"""Photos sent with a lead: JPEG, PNG or WebP by their bytes, at most
``PORTAL_LEAD_PHOTO_MAX_BYTES``, kept in the file store (area ``leads``) under names nobody can guess
and served only through views that check who may see the lead. Like case documents, files stay
when their record goes (the history can restore it); only a file whose record was never saved is
removed (:func:`discard`)."""
import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import storage
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


STORE_DOWN = _l("The file store cannot be reached just now, so the photo was not kept. Please try again in a "
                "few minutes.")


def key_of(photo):
    """Where the photo's bytes are in the file store."""
    return storage.key(FOLDER, photo.stored_name)


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
    try:
        stored_name = files.save(FOLDER, data, file_type.extensions[0])
    except storage.StorageUnavailable:
        current_app.logger.exception("file store unavailable while keeping a lead's photo")
        raise ScreeningRuleError(STORE_DOWN) from None
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
    files.discard(FOLDER, stored_names)
