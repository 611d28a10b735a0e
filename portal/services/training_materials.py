"""Files attached to a training session (handouts, slides, sign-in sheets).

Files are stored under ``PORTAL_UPLOAD_DIR`` (default ``instance/uploads``) in a ``training``
folder, never under static: they are served only through the admin, to users who may see the
session. The type is decided by the file's content, not its name or the browser's claim, and
must agree with the file name's extension. The size is limited by
``PORTAL_TRAINING_MATERIAL_MAX_BYTES``.
"""
import hashlib
import io
import os
import uuid
import zipfile

from flask import current_app

from portal.extensions import db
from portal.models import TrainingMaterial

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FOLDER = "training"

# Kind detected from content -> (extensions it may carry, content type served).
KINDS = {
    "pdf": (("pdf",), "application/pdf"),
    "docx": (("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (("pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "ole": (("doc", "xls", "ppt"), None),  # legacy Office: the extension says which
    "jpeg": (("jpg", "jpeg"), "image/jpeg"),
    "png": (("png",), "image/png"),
}
OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint"}
ALLOWED_EXTENSIONS = tuple(ext for exts, _type in KINDS.values() for ext in exts)

_OOXML_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))


class MaterialError(Exception):
    """An upload refused; ``code`` is one of empty, too_large, type, mismatch."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def max_bytes():
    return int(current_app.config.get("PORTAL_TRAINING_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_root():
    return current_app.config.get("PORTAL_UPLOAD_DIR") or os.path.join(current_app.instance_path, "uploads")


def folder():
    path = os.path.join(upload_root(), FOLDER)
    os.makedirs(path, exist_ok=True)
    return path


def path_of(material):
    return os.path.join(folder(), material.stored_name)


def sniff(data):
    """The kind of file ``data`` holds, judged by its bytes, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            return next((kind for part, kind in _OOXML_PARTS if part in names), None)
    return None


def extension_of(filename):
    _base, dot, ext = (filename or "").rpartition(".")
    return ext.lower() if dot else ""


def clean_name(filename):
    """The name to show and to offer on download: no folders, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-200:] or "file"


def check(filename, data):
    """(extension, content type) for an acceptable file; raises MaterialError otherwise."""
    if not data:
        raise MaterialError("empty")
    if len(data) > max_bytes():
        raise MaterialError("too_large")
    kind = sniff(data)
    if kind is None:
        raise MaterialError("type")
    extensions, content_type = KINDS[kind]
    ext = extension_of(filename)
    if ext not in extensions:
        raise MaterialError("mismatch")
    return ext, content_type or OLE_TYPES[ext]


def read_limited(stream):
    """Read at most one byte more than allowed, so an oversize file is never held whole."""
    return stream.read(max_bytes() + 1)


def attach(session, filename, data, description=""):
    """Store ``data`` and record it on ``session``; returns the material. Flushes, does not commit.

    If the caller's commit fails it must call :func:`discard` with the material.
    """
    ext, content_type = check(filename, data)
    stored_name = f"{uuid.uuid4().hex}.{ext}"
    target = os.path.join(folder(), stored_name)
    partial = target + ".part"
    with open(partial, "wb") as fh:
        fh.write(data)
    os.replace(partial, target)
    material = TrainingMaterial(
        session=session, original_name=clean_name(filename), stored_name=stored_name,
        content_type=content_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
        description=(description or "").strip()[:200],
    )
    db.session.add(material)
    db.session.flush()
    return material


def discard(stored_names):
    """Remove stored files (after their records are gone, or when a save failed)."""
    for name in stored_names:
        if not name or "/" in name or "\\" in name:
            continue
        try:
            os.remove(os.path.join(folder(), name))
        except FileNotFoundError:
            pass
