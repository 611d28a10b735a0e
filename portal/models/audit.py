"""The audit log: one row per created, changed, deleted or restored record."""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import timeutil
from portal.extensions import db
from portal.models.base import LabelledEnum, enum_check, enum_column, trigram_index

JSONType = JSON().with_variant(JSONB(), "postgresql")


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"

    @classmethod
    def __labels__(cls):
        return {
            cls.CREATE: lazy_gettext("Created"),
            cls.UPDATE: lazy_gettext("Changed"),
            cls.DELETE: lazy_gettext("Deleted"),
            cls.RESTORE: lazy_gettext("Restored"),
        }


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __label__ = lazy_gettext("History entry")
    __table_args__ = (
        enum_check("action", AuditAction),
        Index("ix_audit_entries_entity", "entity", "entity_id"),
        Index("ix_audit_entries_parent", "parent_entity", "parent_id"),
        trigram_index("audit_entries", "summary"),  # the log's search box
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=timeutil.now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = enum_column(AuditAction)
    entity: Mapped[str] = mapped_column(String(60), nullable=False)  # table name
    entity_id: Mapped[int] = mapped_column(Integer, nullable=False)
    parent_entity: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(Integer)
    # The record's version after this change: tells a stale editor what changed since they loaded it.
    record_version: Mapped[int | None] = mapped_column(Integer)
    # All rows written by one flush share a batch, so a cascaded delete restores as one.
    batch: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    summary: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # {field: [old, new]} for updates; {field: value} of the whole row for create and delete.
    changes: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)

    actor = relationship("User")


class AuditArchive(db.Model):
    """Old history entries moved out of the database into a compressed file in the file store
    (``portal audit-archive``); ``portal audit-restore`` brings them back. The row stays, so the
    log always says what was moved, when, and where it is."""

    __tablename__ = "audit_archives"
    __label__ = lazy_gettext("History archive")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=timeutil.now)
    older_than: Mapped[datetime] = mapped_column(DateTime, nullable=False)  # entries before this moment
    entries: Mapped[int] = mapped_column(Integer, nullable=False)
    first_entry_id: Mapped[int | None] = mapped_column(Integer)
    last_entry_id: Mapped[int | None] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)  # in the file store
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    restored_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Stored files that only these entries still name (a deleted document's scan): backups keep them.
    file_keys: Mapped[list] = mapped_column(JSONType, nullable=False, default=list)
