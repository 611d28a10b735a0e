"""Files attached to a training session (handouts, slides, sign-in sheets).

Files are kept in the file store (:mod:`portal.storage`) under ``training/``, never under static: they are served only through the admin, to users who may see the
session. The type is decided by the file's content, not its name or the browser's claim, and
must agree with the file name's extension. The size is limited by
``PORTAL_TRAINING_MATERIAL_MAX_BYTES``.
"""
import hashlib

from flask import current_app

from portal import storage
from portal.extensions import db
from portal.models import TrainingMaterial
from portal.services import files

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FOLDER = "training"

# Handouts, slides and sign-in sheets.
ACCEPTED = ("pdf", "docx", "xlsx", "pptx", "ole", "jpeg", "png")
ALLOWED_EXTENSIONS = tuple(ext for kind in ACCEPTED for ext in files.TYPES[kind].extensions)


# An upload refused; ``code`` is one of empty, too_large, type (files.check), mismatch or store_down.
MaterialError = files.FileError


def max_bytes():
    return int(current_app.config.get("PORTAL_TRAINING_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES))


def key_of(material):
    """Where the material's bytes are in the file store."""
    return storage.key(FOLDER, material.stored_name)


def read(material):
    """The material's bytes. Raises storage.FileMissing or storage.StorageUnavailable."""
    return storage.read(key_of(material))


def clean_name(filename):
    return files.display_name(filename)


def check(filename, data):
    """(extension, content type) for an acceptable file; raises MaterialError otherwise."""
    file_type = files.check(data, ACCEPTED, max_bytes())
    ext = files.extension_of(filename)
    if ext not in file_type.extensions:
        raise MaterialError("mismatch")
    return ext, file_type.content_type or files.OLE_TYPES[ext]


def read_limited(stream):
    return files.read_limited(stream, max_bytes())


def attach(session, filename, data, description=""):
    """Store ``data`` and record it on ``session``; returns the material. Flushes, does not commit.

    If the caller's commit fails it must call :func:`discard` with the material.
    """
    ext, content_type = check(filename, data)
    try:
        stored_name = files.save(FOLDER, data, ext)
    except storage.StorageUnavailable:
        current_app.logger.exception("file store unavailable while attaching a training material")
        raise MaterialError("store_down") from None
    material = TrainingMaterial(
        session=session, original_name=clean_name(filename), stored_name=stored_name,
        content_type=content_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
        description=(description or "").strip()[:200],
    )
    db.session.add(material)
    try:
        db.session.flush()
    except Exception:
        discard([stored_name])
        raise
    return material


def discard(stored_names):
    """Remove stored files (after their records are gone, or when a save failed)."""
    files.discard(FOLDER, stored_names)
