"""What every upload needs, whoever keeps it: the type told by the bytes, a safe display name,
reading no more than the limit, and storing, serving and removing files in the file store
(:mod:`portal.storage`: a folder outside static, or S3-compatible object storage).

Each area decides what it accepts and how large (case documents, training materials, content
files); none trusts a file's name or the browser's claimed type.
"""
import io
import logging
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass

from portal import storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileType:
    kind: str               # pdf, jpeg, png, gif, webp, docx, xlsx, pptx, ole (legacy Office)
    content_type: str | None  # None for "ole": the file's extension says which Office type
    extensions: tuple       # extensions such a file may carry, the usual one first


TYPES = {
    "pdf": FileType("pdf", "application/pdf", ("pdf",)),
    "jpeg": FileType("jpeg", "image/jpeg", ("jpg", "jpeg")),
    "png": FileType("png", "image/png", ("png",)),
    "gif": FileType("gif", "image/gif", ("gif",)),
    "webp": FileType("webp", "image/webp", ("webp",)),
    "docx": FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xlsx": FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "pptx": FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)),
    "ole": FileType("ole", None, ("doc", "xls", "ppt")),
}
OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint"}

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
_OOXML_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))


def detect(data, accepted=None):
    """The FileType of ``data`` judged by its bytes (among ``accepted`` kinds, if given), or None."""
    kind = _kind_of(data)
    if kind is None or (accepted is not None and kind not in accepted):
        return None
    return TYPES[kind]


def _kind_of(data):
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            return next((kind for part, kind in _OOXML_PARTS if part in names), None)
    return None


class FileError(Exception):
    """An upload refused; ``code`` says why: empty, too_large or type (areas may add their own)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def check(data, accepted, max_bytes):
    """The FileType of ``data`` if it is a file to keep: not empty, at most ``max_bytes`` long
    (read with :func:`read_limited`, a larger file arrives one byte too long) and of one of the
    ``accepted`` kinds by its bytes. Raises FileError otherwise."""
    if not data:
        raise FileError("empty")
    if len(data) > max_bytes:
        raise FileError("too_large")
    file_type = detect(data, accepted)
    if file_type is None:
        raise FileError("type")
    return file_type


def save(area, data, extension):
    """Store ``data`` in ``area`` of the file store under a new name nobody can guess; returns
    the name. The name holds the whole file or nothing; raises storage.StorageUnavailable when
    the store cannot take it (then nothing was kept)."""
    name = f"{secrets.token_hex(16)}.{extension}"
    storage.put(storage.key(area, name), data)
    return name


def discard(area, stored_names):
    """Remove stored files of ``area`` (their records are gone, or the save that made them failed)."""
    for name in stored_names:
        if not name or os.path.basename(name) != name or name.startswith("."):
            continue  # only ever a plain stored name, never a path
        try:
            storage.delete(storage.key(area, name))
        except storage.StorageError:
            log.warning("could not remove %s/%s from the file store; it is left unused", area, name)


def extension_of(filename):
    _base, dot, ext = (filename or "").rpartition(".")
    return ext.lower() if dot else ""


def display_name(filename, *, default="file", limit=200):
    """A name fit to show and offer on download: no folders, no control characters."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-limit:] or default


def read_limited(stream, limit):
    """Read an upload, stopping one byte past ``limit`` so a huge file is never held whole."""
    return stream.read(limit + 1)


def megabytes(n):
    return f"{n / (1024 * 1024):g}"


def stored_bytes(key):
    """The bytes under ``key`` for a page that serves them: a clear 404 when the file is missing
    from the store, a clear 503 when the store cannot be reached (both logged with the key)."""
    from flask_babel import gettext
    from werkzeug.exceptions import NotFound

    try:
        return storage.read(key)
    except storage.FileMissing:
        log.error("stored file missing: %s", key)
        refused = NotFound()
        refused.portal_message = gettext("The file is missing from the file store. Please tell the district office, "
                                 "quoting the reference below.")
    except storage.StorageUnavailable:
        log.exception("file store unavailable while reading %s", key)
        refused = store_unavailable()
    raise refused  # the error page shows ``portal_message``


def store_unavailable():
    """The 503 a page answers when the file store cannot be reached (the error page shows ``portal_message``)."""
    from flask_babel import gettext
    from werkzeug.exceptions import ServiceUnavailable

    refused = ServiceUnavailable()
    refused.portal_message = gettext("The file store cannot be reached just now. Please try again in a few minutes.")
    return refused


def send_private(key, content_type, name, *, as_attachment=True):
    """A stored upload for a user who may see it: never cached, never sniffed."""
    from flask import send_file

    data = stored_bytes(key)
    response = send_file(io.BytesIO(data), mimetype=content_type, download_name=name, as_attachment=as_attachment,
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
