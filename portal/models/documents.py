"""Standard mediation documents: the versions of each document's Word template.

A district edits the wording or layout of a standard document (人民调解协议书…) in Word and
uploads it: each upload is a new version, kept for good. The version most recently published
is the one used; before any is published, the standard template built into the portal is.
The rules live in ``portal.services.documents.templates``.
"""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from portal.extensions import db
from portal.models.base import RecordMixin


class DocumentTemplateFile(db.Model):
    """A template's bytes, stored once per content hash.

    Not a RecordMixin: bytes do not belong in the audit log, and a version is never deleted.
    """

    __tablename__ = "document_template_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class DocumentTemplate(RecordMixin, db.Model):
    """One version of one standard document's template (a DOCX with placeholders)."""

    __tablename__ = "document_templates"
    __label__ = lazy_gettext("Document template version")
    __table_args__ = (UniqueConstraint("key", "number"),)
    __field_labels__ = {
        "key": lazy_gettext("Document"),
        "number": lazy_gettext("Version"),
        "filename": lazy_gettext("File name"),
        "note": lazy_gettext("What changed"),
        "published_at": lazy_gettext("Published at"),
        "restored_from": lazy_gettext("Copy of version"),
        "sha256": lazy_gettext("Checksum (SHA-256)"),
    }

    # The document it is a template of (portal.services.documents.catalog).
    key: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    # Version number: 1, 2, 3… per document.
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_template_files.sha256"), nullable=False)
    filename: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # Set when published; the latest published version of a key is the one in use.
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    published_by_id: Mapped[int | None] = mapped_column(Integer)
    # A restored version is a copy of an older one, published anew.
    restored_from: Mapped[int | None] = mapped_column(Integer)

    file = relationship(DocumentTemplateFile)
    published_by = relationship(
        "User", primaryjoin="foreign(DocumentTemplate.published_by_id) == remote(User.id)", viewonly=True
    )

    def __str__(self):
        return f"{self.key} v{self.number}"
