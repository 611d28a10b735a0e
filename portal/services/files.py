"""What every upload needs, whoever keeps it: the type told by the bytes, a safe display name,
the folder outside static, reading no more than the limit, and storing and removing files.

Each area decides what it accepts and how large (case documents, training materials, content
files); none trusts a file's name or the browser's claimed type.
"""
import io
import os
import secrets
import tempfile
import unicodedata
import zipfile
from contextlib import suppress
from dataclasses import dataclass


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


def save(folder, data, extension):
    """Store ``data`` in ``folder`` under a new name nobody can guess; returns the name.

    The bytes go to a temporary file in the same folder that is then renamed, so the stored
    name never holds half a file, whatever happens while writing.
    """
    name = f"{secrets.token_hex(16)}.{extension}"
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.replace(partial, os.path.join(folder, name))
    except BaseException:
        with suppress(FileNotFoundError):
            os.remove(partial)
        raise
    return name


def discard(folder, stored_names):
    """Remove stored files of ``folder`` (their records are gone, or the save that made them failed)."""
    for name in stored_names:
        if not name or os.path.basename(name) != name or name.startswith("."):
            continue  # only ever a plain stored name, never a path
        with suppress(FileNotFoundError):
            os.remove(os.path.join(folder, name))


def extension_of(filename):
    _base, dot, ext = (filename or "").rpartition(".")
    return ext.lower() if dot else ""


def display_name(filename, *, default="file", limit=200):
    """A name fit to show and offer on download: no folders, no control characters."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-limit:] or default


def upload_folder(app, area):
    """``PORTAL_UPLOAD_DIR``/``area`` (default under the instance folder), created if missing."""
    root = app.config.get("PORTAL_UPLOAD_DIR") or os.path.join(app.instance_path, "uploads")
    path = os.path.join(root, area)
    os.makedirs(path, exist_ok=True)
    return path


def read_limited(stream, limit):
    """Read an upload, stopping one byte past ``limit`` so a huge file is never held whole."""
    return stream.read(limit + 1)


def megabytes(n):
    return f"{n / (1024 * 1024):g}"


def send_private(path, content_type, name, *, as_attachment=True):
    """A stored upload for a user who may see it: never cached, never sniffed; 404 if the file is gone."""
    from flask import abort, send_file

    if not os.path.isfile(path):
        abort(404)
    response = send_file(path, mimetype=content_type, download_name=name, as_attachment=as_attachment, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
