"""Images and documents attached to content entries.

The type of a file is read from its first bytes, never trusted from its name or the browser:
only common images and PDF are kept (no SVG or HTML, which could carry script). Bytes are
kept once per SHA-256 in the file store under ``content/<sha256>`` (a ``content_blobs`` row
records each), and never removed: a restored entry or reverted revision finds its files.
"""
import hashlib

from flask import current_app

from portal import storage
from portal.extensions import db
from portal.models.content import ContentBlob, ContentEntry, ContentFile, FieldKind
from portal.services import files
from portal.services.content import ContentError, entry_values, is_visible

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Common images and PDF only: no SVG or HTML, which could carry script.
ACCEPTED = ("png", "jpeg", "gif", "webp", "pdf")


def max_bytes():
    return current_app.config.get("PORTAL_CONTENT_FILE_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(payload):
    """(mime type, extension) of ``payload``, or None when it is not an accepted kind."""
    file_type = files.detect(payload, ACCEPTED)
    return (file_type.content_type, "." + file_type.extensions[0]) if file_type else None


def clean_name(filename, extension):
    """A display name without folders or control characters, ending in the real extension."""
    name = files.display_name(filename)
    stem, _dot, _ext = name.rpartition(".") if "." in name else (name, "", "")
    return (stem or name)[:150] + extension


def problem(payload):
    """Why ``payload`` cannot be kept, as a ContentError; None when it can."""
    if not payload:
        return ContentError("file_empty")
    if len(payload) > max_bytes():
        return ContentError("file_too_large", limit=files.megabytes(max_bytes()))
    if sniff(payload) is None:
        return ContentError("file_type")
    return None


def store(entry, filename, payload):
    """Keep ``payload`` as a file of ``entry``; raises ContentError when too large or not allowed."""
    error = problem(payload)
    if error is not None:
        raise error
    mime, extension = sniff(payload)
    digest = hashlib.sha256(payload).hexdigest()
    try:
        # Written even when the blob is known: the same bytes under the same key, and a file
        # lost from the store comes back with its next upload.
        storage.put(blob_key(digest), payload)
    except storage.StorageUnavailable:
        current_app.logger.exception("file store unavailable while storing a content file")
        raise ContentError("file_store_down") from None
    if db.session.get(ContentBlob, digest) is None:
        db.session.add(ContentBlob(sha256=digest, size=len(payload)))
    stored = ContentFile(entry_id=entry.id, name=clean_name(filename, extension), mime=mime, size=len(payload), sha256=digest)
    db.session.add(stored)
    db.session.flush()
    return stored


def referenced_file_ids(entry):
    values = entry_values(entry, None)
    return {values[f.key] for f in entry.content_type.fields if f.kind == FieldKind.FILE and values[f.key]}


def file_of_entry(entry, file_id):
    """The file ``file_id`` if ``entry`` currently uses it (old uploads stay private)."""
    if file_id not in referenced_file_ids(entry):
        return None
    stored = db.session.get(ContentFile, file_id)
    return stored if stored is not None and stored.entry_id == entry.id else None


def public_file(file_id):
    """The file if a visible entry uses it now; None for anything a reader may not see."""
    stored = db.session.get(ContentFile, file_id)
    if stored is None:
        return None
    entry = db.session.get(ContentEntry, stored.entry_id)
    if entry is None or not is_visible(entry) or file_id not in referenced_file_ids(entry):
        return None
    return stored


AREA = "content"


def blob_key(digest):
    return storage.key(AREA, digest)


def key_of(stored):
    """Where a content file's bytes are in the file store."""
    return blob_key(stored.sha256)


def payload_of(stored):
    """The file's bytes. Raises storage.FileMissing or storage.StorageUnavailable."""
    return storage.read(key_of(stored))
