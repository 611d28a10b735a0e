"""Headless content: types defined as data, entries per locale, revisions and uploaded files.

A *type* (procedure, rule, notice, FAQ, or one the district office adds) is a row with an
ordered list of *fields*; its entries store their values as JSON, so a new type needs no code
and no migration. Text-like fields are per locale (``ContentTranslation.data``); dates, files
and links to records are shared by all locales (``ContentEntry.data``). The rules (derivation
of a missing Chinese variant, sanitising, revisions, visibility) live in portal.services.content.
"""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import (
    Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.audit import JSONType
from portal.models.base import LabelledEnum, RecordMixin, enum_check, enum_column
from portal.models.lookups import NamedInThreeLanguages, name_for_reader, name_in

SIMPLIFIED, TRADITIONAL, ENGLISH = "zh_Hans_CN", "zh_Hant_TW", "en"
CONTENT_LOCALES = (SIMPLIFIED, TRADITIONAL, ENGLISH)


class FieldKind(LabelledEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    RICH_TEXT = "rich_text"
    STEPS = "steps"
    DATE = "date"
    FILE = "file"
    RECORD = "record"

    @classmethod
    def __labels__(cls):
        return {
            cls.TEXT: lazy_gettext("Short text"),
            cls.LONG_TEXT: lazy_gettext("Long text"),
            cls.RICH_TEXT: lazy_gettext("Rich text"),
            cls.STEPS: lazy_gettext("Ordered steps (flow chart)"),
            cls.DATE: lazy_gettext("Date"),
            cls.FILE: lazy_gettext("Image or file"),
            cls.RECORD: lazy_gettext("Link to a contact point"),
        }

    @property
    def translatable(self):
        """Text-like values are written per locale; the others are shared by all locales."""
        return self in (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.RICH_TEXT, FieldKind.STEPS)


class ContactKind(LabelledEnum):
    """The kinds of record the public sees as contact points (and content may link to)."""

    JUDICIAL_OFFICE = "judicial_office"
    COMMITTEE = "committee"
    LIAISON_POINT = "liaison_point"
    LEGAL_CONSULTATION = "legal_consultation"
    TALK_POINT = "talk_point"

    @classmethod
    def __labels__(cls):
        return {
            cls.JUDICIAL_OFFICE: lazy_gettext("Judicial office"),
            cls.COMMITTEE: lazy_gettext("Mediation committee"),
            cls.LIAISON_POINT: lazy_gettext("Judge liaison point"),
            cls.LEGAL_CONSULTATION: lazy_gettext("Legal consultation room"),
            cls.TALK_POINT: lazy_gettext("NPC deputy and CPPCC member talk point"),
        }


class EntryStatus(LabelledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"

    @classmethod
    def __labels__(cls):
        return {cls.DRAFT: lazy_gettext("Draft"), cls.PUBLISHED: lazy_gettext("Published")}


class ContentType(NamedInThreeLanguages, RecordMixin, db.Model):
    __tablename__ = "content_types"
    __label__ = lazy_gettext("Content type")
    __field_labels__ = {
        "key": lazy_gettext("Key"),
        "fields": lazy_gettext("Fields"),
        "is_public": lazy_gettext("Shown on the public site and in the API"),
    }

    key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)  # Simplified Chinese
    name_zh_hant: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    name_en: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    fields: Mapped[list["ContentField"]] = relationship(
        back_populates="content_type", cascade="all, delete-orphan",
        order_by="(ContentField.sort_order, ContentField.id)",
    )


class ContentField(RecordMixin, db.Model):
    __tablename__ = "content_fields"
    __label__ = lazy_gettext("Content field")
    __audit_parent__ = "type_id"
    __table_args__ = (
        UniqueConstraint("type_id", "key"),
        enum_check("kind", FieldKind),
        enum_check("target", ContactKind),
    )
    __field_labels__ = {
        "key": lazy_gettext("Key"),
        "label": lazy_gettext("Label"),
        "label_zh_hant": lazy_gettext("Label (Traditional Chinese)"),
        "label_en": lazy_gettext("Label (English)"),
        "required": lazy_gettext("Required"),
        "target": lazy_gettext("Links to"),
        "content_type": lazy_gettext("Content type"),
    }

    type_id: Mapped[int] = mapped_column(ForeignKey("content_types.id", ondelete="CASCADE"), nullable=False, index=True)
    key: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = enum_column(FieldKind, default=FieldKind.TEXT)
    label: Mapped[str] = mapped_column(String(80), nullable=False)  # Simplified Chinese
    label_zh_hant: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    label_en: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # For RECORD fields: which kind of contact point the value links to.
    target: Mapped[str | None] = enum_column(ContactKind, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    content_type: Mapped[ContentType] = relationship(back_populates="fields")

    @property
    def field_kind(self):
        return FieldKind(self.kind)

    def label_for(self, locale):
        return name_in(locale, self.label, self.label_zh_hant, self.label_en)

    @property
    def display_label(self):
        return name_for_reader(self.label, self.label_zh_hant, self.label_en)

    def __str__(self):
        # No translated words: this text is also stored as the audit summary.
        return f"{self.display_label} ({self.key})"


class ContentEntry(RecordMixin, db.Model):
    __tablename__ = "content_entries"
    __label__ = lazy_gettext("Content entry")
    __table_args__ = (
        UniqueConstraint("type_id", "slug"),
        enum_check("status", EntryStatus),
        CheckConstraint(
            "unpublish_at IS NULL OR publish_at IS NULL OR unpublish_at > publish_at", name="publish_window"
        ),
        Index("ix_content_entries_listing", "type_id", "status", "sort_order", "published_at"),
    )
    __field_labels__ = {
        "slug": lazy_gettext("Address (slug)"),
        "content_type": lazy_gettext("Content type"),
        "publish_at": lazy_gettext("Publish at"),
        "unpublish_at": lazy_gettext("Unpublish at"),
        "published_at": lazy_gettext("Publication date"),
        "translations": lazy_gettext("Languages"),
        "data": lazy_gettext("Shared fields"),
    }

    type_id: Mapped[int] = mapped_column(ForeignKey("content_types.id"), nullable=False)
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    # The title in Simplified Chinese (or the first language written), for lists and history.
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="", index=True)
    status: Mapped[str] = enum_column(EntryStatus, default=EntryStatus.DRAFT)
    # Visible to the public only between these times (either may be empty); checked on every read.
    publish_at: Mapped[datetime | None] = mapped_column(DateTime)
    unpublish_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The date shown to readers: the scheduled time, or when it was first published.
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Values of the fields shared by every locale (dates, files, record links).
    data: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)

    content_type: Mapped[ContentType] = relationship()
    translations: Mapped[list["ContentTranslation"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="ContentTranslation.locale",
    )
    revisions: Mapped[list["ContentRevision"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="ContentRevision.number",
    )
    files: Mapped[list["ContentFile"]] = relationship(back_populates="entry", cascade="all, delete-orphan")

    def translation(self, locale):
        return next((t for t in self.translations if t.locale == locale), None)

    def __str__(self):
        return self.title or self.slug or f"#{self.id}"


class ContentTranslation(RecordMixin, db.Model):
    __tablename__ = "content_translations"
    __label__ = lazy_gettext("Content language version")
    __audit_parent__ = "entry_id"
    __table_args__ = (
        UniqueConstraint("entry_id", "locale"),
        CheckConstraint("locale IN ('zh_Hans_CN', 'zh_Hant_TW', 'en')", name="locale_valid"),
    )
    __field_labels__ = {
        "derived": lazy_gettext("Converted automatically"),
        "data": lazy_gettext("Fields"),
        "entry": lazy_gettext("Content entry"),
    }

    entry_id: Mapped[int] = mapped_column(ForeignKey("content_entries.id", ondelete="CASCADE"), nullable=False, index=True)
    locale: Mapped[str] = mapped_column(String(12), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    data: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)
    # Converted from the other Chinese script by OpenCC; cleared once a person edits it.
    derived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    entry: Mapped[ContentEntry] = relationship(back_populates="translations")

    def __str__(self):
        return f"{self.title} [{self.locale}]"


class ContentRevision(RecordMixin, db.Model):
    """The whole entry as saved, once per save that changed something."""

    __tablename__ = "content_revisions"
    __label__ = lazy_gettext("Content revision")
    __audit_parent__ = "entry_id"
    __table_args__ = (UniqueConstraint("entry_id", "number"),)

    entry_id: Mapped[int] = mapped_column(ForeignKey("content_entries.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    snapshot: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)

    entry: Mapped[ContentEntry] = relationship(back_populates="revisions")

    def __str__(self):
        return f"#{self.number}"


class ContentBlob(db.Model):
    """One file's bytes, kept once per content hash in the file store (``content/<sha256>``).

    Not a RecordMixin: bytes do not belong in the audit log, and a blob is never deleted, so a
    deleted entry restored from the history (or an old revision reverted to) finds its files.
    """

    __tablename__ = "content_blobs"
    __label__ = lazy_gettext("File contents")

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)


class ContentFile(RecordMixin, db.Model):
    __tablename__ = "content_files"
    __label__ = lazy_gettext("Content file")
    __audit_parent__ = "entry_id"
    __technical__ = frozenset({"sha256", "mime"})

    entry_id: Mapped[int] = mapped_column(ForeignKey("content_entries.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    mime: Mapped[str] = mapped_column(String(80), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(ForeignKey("content_blobs.sha256"), nullable=False, index=True)

    entry: Mapped[ContentEntry] = relationship(back_populates="files")

    @property
    def is_image(self):
        return self.mime.startswith("image/")

    def __str__(self):
        return self.name
