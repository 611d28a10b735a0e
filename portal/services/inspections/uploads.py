"""Photos and scans of inspections: a finding's photo, a rectification's evidence. JPEG, PNG,
WebP or PDF by their bytes, at most ``PORTAL_INSPECTION_FILE_MAX_BYTES``, kept in the file store
(area ``inspections``) under names nobody can guess, served only through views that check who
may see the record."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import storage
from portal.services import files
from portal.services.inspections import InspectionRuleError

ACCEPTED = ("jpeg", "png", "webp", "pdf")
FOLDER = "inspections"
DEFAULT_MAX = 10 * 1024 * 1024

REFUSALS = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large: at most %(size)s MB."),
    "type": _l("Only photos (JPEG, PNG, WebP) and PDF scans can be kept; this file is none of them."),
}
STORE_DOWN = _l("The file store cannot be reached just now, so the file was not kept. Please try again in a few minutes.")


def max_bytes():
    return int(current_app.config.get("PORTAL_INSPECTION_FILE_MAX_BYTES", DEFAULT_MAX))


def read_limited(stream):
    return files.read_limited(stream, max_bytes())


def store(data, filename):
    """Check and keep ``data``: (stored key, display name, content type)."""
    try:
        file_type = files.check(data, ACCEPTED, max_bytes())
    except files.FileError as refused:
        params = {"size": files.megabytes(max_bytes())} if refused.code == "too_large" else {}
        raise InspectionRuleError(REFUSALS[refused.code], **params) from None
    try:
        stored_name = files.save(FOLDER, data, file_type.extensions[0])
    except storage.StorageUnavailable:
        current_app.logger.exception("file store unavailable while keeping an inspection file")
        raise InspectionRuleError(STORE_DOWN) from None
    return stored_name, files.display_name(filename, default="scan"), file_type.content_type


def key_of(stored_name):
    return storage.key(FOLDER, stored_name)


def discard(stored_names):
    files.discard(FOLDER, [name for name in stored_names if name])
