"""Scanned documents of a case: checked by content, limited in size, stored outside the static
folder under names nobody can guess, and read back only through a view that checks access.

Files are never deleted with their record: the district office can restore a deleted record
from the history, and its file must still be there.
"""
import hashlib
import os
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models.case_records import CaseAttachment, DocumentKind
from portal.services.cases import CaseRuleError

# What the first bytes of a file must be, per accepted type. The file name and the browser's
# claimed type are not trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
EXTENSIONS = {content_type: ext for _magic, content_type, ext in SIGNATURES}


def sniff(head):
    """The content type the bytes are, among the accepted ones, or None."""
    for magic, content_type, _ext in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def upload_dir():
    configured = current_app.config.get("PORTAL_UPLOAD_DIR")
    return configured or os.path.join(current_app.instance_path, "uploads")


def path_of(attachment):
    return os.path.join(upload_dir(), "cases", attachment.stored_name)


def max_bytes():
    return current_app.config["PORTAL_UPLOAD_MAX_BYTES"]


def store(case, data, *, filename, kind, title=""):
    """Check ``data`` (bytes) and keep it as a document of ``case``. Flushes, does not commit."""
    if not data:
        raise CaseRuleError(_l("The file is empty."))
    if len(data) > max_bytes():
        raise CaseRuleError(
            _l("The file is too large: at most %(size)s MB."), size=limit_megabytes()
        )
    content_type = sniff(data[:16])
    if content_type is None:
        raise CaseRuleError(_l("Only PDF, JPEG and PNG files can be attached; this file is none of them."))
    stored_name = f"{case.id}-{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"
    folder = os.path.join(upload_dir(), "cases")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, stored_name), "xb") as fh:
        fh.write(data)
    attachment = CaseAttachment(
        case=case, kind=DocumentKind(kind), title=(title or "").strip()[:200],
        filename=_clean_filename(filename), stored_name=stored_name, content_type=content_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def read_limited(stream):
    """Read an uploaded stream, stopping one byte past the limit (never the whole of a huge file)."""
    return stream.read(max_bytes() + 1)


def limit_megabytes():
    return _megabytes(max_bytes())


def _megabytes(n):
    return f"{n / (1024 * 1024):g}"


def _clean_filename(name):
    # Kept only to show people; the stored file has its own name.
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    return "".join(ch for ch in name if ch.isprintable())[:200] or "document"
