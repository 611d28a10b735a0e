"""Scanned documents of a case: checked by content, limited in size, stored outside the static
folder under names nobody can guess, and read back only through a view that checks access.

Files are never deleted with their record: the district office can restore a deleted record
from the history, and its file must still be there. Only a file whose record was never saved
is removed (:func:`discard`).
"""
import hashlib
import io

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import storage
from portal.extensions import db
from portal.models.case_records import CaseAttachment, DocumentKind
from portal.services import files
from portal.services.cases import CaseRuleError

# Scans of paper documents: the file's bytes must say PDF, JPEG or PNG.
ACCEPTED = ("pdf", "jpeg", "png")

REFUSALS = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large: at most %(size)s MB."),
    "type": _l("Only PDF, JPEG and PNG files can be attached; this file is none of them."),
}
STORE_DOWN = _l("The file store cannot be reached just now, so the document was not added. Please try again in a "
                "few minutes.")
AREA = "cases"


def key_of(attachment):
    """Where the document's bytes are in the file store."""
    return storage.key(AREA, attachment.stored_name)


def read(attachment):
    """The document's bytes. Raises storage.FileMissing or storage.StorageUnavailable."""
    return storage.read(key_of(attachment))


def open_scan(attachment):
    """The stored bytes of ``attachment`` as a binary file object to read (and seek) and close.

    The one place a document's bytes are read back for the bound dossier: where the files are
    kept (this folder, or an object store) changes only here. Raises OSError when the file is gone
    and a 503 (files.store_unavailable) when the store cannot be reached.
    """
    try:
        return io.BytesIO(read(attachment))
    except storage.FileMissing as missing:
        raise FileNotFoundError(key_of(attachment)) from missing
    except storage.StorageUnavailable:
        current_app.logger.exception("file store unavailable while binding a dossier")
        raise files.store_unavailable() from None


def max_bytes():
    return current_app.config["PORTAL_UPLOAD_MAX_BYTES"]


def store(case, data, *, filename, kind, title=""):
    """Check ``data`` (bytes) and keep it as a document of ``case``. Flushes, does not commit.

    If the caller's commit fails it must call :func:`discard` with the stored name.
    """
    try:
        file_type = files.check(data, ACCEPTED, max_bytes())
    except files.FileError as refused:
        params = {"size": limit_megabytes()} if refused.code == "too_large" else {}
        raise CaseRuleError(REFUSALS[refused.code], **params) from None
    try:
        stored_name = files.save(AREA, data, file_type.extensions[0])
    except storage.StorageUnavailable:
        current_app.logger.exception("file store unavailable while adding a case document")
        raise CaseRuleError(STORE_DOWN) from None
    attachment = CaseAttachment(
        case=case, kind=DocumentKind(kind), title=(title or "").strip()[:200],
        filename=files.display_name(filename, default="document"), stored_name=stored_name,
        content_type=file_type.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(attachment)
    try:
        db.session.flush()
    except Exception:
        discard([stored_name])
        raise
    return attachment


def store_many(case, uploads):
    """Keep several scans at once: ``uploads`` are (data, filename, kind, title). All or none:
    every file is checked first, and a refused one is named (BatchRefused) with nothing kept."""
    refused = []
    for data, filename, _kind, _title in uploads:
        try:
            files.check(data, ACCEPTED, max_bytes())
        except files.FileError as error:
            params = {"size": limit_megabytes()} if error.code == "too_large" else {}
            refused.append((files.display_name(filename, default="document"), CaseRuleError(REFUSALS[error.code], **params)))
    if refused:
        raise BatchRefused(refused)
    kept = []
    try:
        for data, filename, kind, title in uploads:
            kept.append(store(case, data, filename=filename, kind=kind, title=title))
    except Exception:
        discard([attachment.stored_name for attachment in kept])
        raise
    return kept


class BatchRefused(Exception):
    """Files of an upload refused: ``refused`` holds (file name, CaseRuleError) pairs."""

    def __init__(self, refused):
        super().__init__(refused)
        self.refused = refused


# Words in a scan's file name that tell its kind (张三身份证.jpg, 调解协议书.pdf), first match wins.
KIND_WORDS = (
    ("身份证", DocumentKind.IDENTITY), ("户口", DocumentKind.IDENTITY), ("营业执照", DocumentKind.IDENTITY),
    ("委托书", DocumentKind.POWER_OF_ATTORNEY), ("授权", DocumentKind.POWER_OF_ATTORNEY),
    ("权利义务", DocumentKind.RIGHTS_NOTICE), ("告知", DocumentKind.RIGHTS_NOTICE),
    ("司法确认", DocumentKind.JUDICIAL_CONFIRMATION), ("裁定", DocumentKind.JUDICIAL_CONFIRMATION),
    ("协议", DocumentKind.AGREEMENT), ("申请", DocumentKind.APPLICATION), ("受理", DocumentKind.APPLICATION),
    ("调查", DocumentKind.INVESTIGATION), ("调解记录", DocumentKind.MEDIATION_RECORD), ("笔录", DocumentKind.MEDIATION_RECORD),
    ("回访", DocumentKind.FOLLOW_UP), ("履行", DocumentKind.PERFORMANCE_PROOF), ("收据", DocumentKind.PERFORMANCE_PROOF),
    ("证据", DocumentKind.EVIDENCE), ("照片", DocumentKind.EVIDENCE), ("备考", DocumentKind.BACK_COVER),
)


def guess_kind(filename, default=DocumentKind.OTHER):
    name = filename or ""
    return next((kind for word, kind in KIND_WORDS if word in name), default)


def discard(stored_names):
    """Remove the files of documents whose records were not saved."""
    files.discard(AREA, stored_names)


def read_limited(stream):
    return files.read_limited(stream, max_bytes())


def limit_megabytes():
    return files.megabytes(max_bytes())


def was_removed(case, attachment_id):
    """Whether document ``attachment_id`` of ``case`` was removed (its deletion is in the history):
    a second person removing it at the same moment is told so, not "not found"."""
    from sqlalchemy import select

    from portal.models.audit import AuditAction, AuditEntry
    from portal.services.inputs import parse_id

    attachment_id = parse_id(attachment_id)
    if attachment_id is None:
        return False
    return db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.entity == CaseAttachment.__tablename__, AuditEntry.entity_id == attachment_id,
        AuditEntry.parent_id == case.id, AuditEntry.action == AuditAction.DELETE,
    ).limit(1)) is not None
