"""Spreadsheet imports in progress: the uploaded file, its check, and whether it was saved.

Not a record people edit (no history): the records an import saves carry their own audit
entries. A batch belongs to the user who uploaded it; its token is what the pages pass around.
"""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import timeutil
from portal.extensions import db
from portal.models.base import LabelledEnum, enum_check, enum_column


class ImportStatus(LabelledEnum):
    UPLOADED = "uploaded"    # stored, not checked yet
    CHECKING = "checking"    # a request is checking it (heartbeat_at says it is alive)
    CHECKED = "checked"      # the preview is ready
    SAVED = "saved"
    FAILED = "failed"        # the file itself could not be read (see ``problem``)

    @classmethod
    def __labels__(cls):
        return {
            cls.UPLOADED: lazy_gettext("Uploaded"),
            cls.CHECKING: lazy_gettext("Being checked"),
            cls.CHECKED: lazy_gettext("Checked"),
            cls.SAVED: lazy_gettext("Saved"),
            cls.FAILED: lazy_gettext("Could not be read"),
        }


class ImportBatch(db.Model):
    __tablename__ = "import_batches"
    __table_args__ = (enum_check("status", ImportStatus),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    # What the kind needs besides the file, e.g. {"session": 12} for attendance.
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    file_type: Mapped[str] = mapped_column(String(10), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False)
    status: Mapped[str] = enum_column(ImportStatus, default=ImportStatus.UPLOADED)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_checked: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # {"new": n, "changed": n, "unchanged": n, "error": n, "skipped": n}
    counts: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # Digest of what the preview showed: a save goes ahead only if the file still means exactly that.
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # Why the file could not be read: {"code": …, "params": {…}}; notes for the preview.
    problem: Mapped[dict | None] = mapped_column(JSON)
    notices: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=timeutil.now)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    saved_at: Mapped[datetime | None] = mapped_column(DateTime)

    user = relationship("User")
