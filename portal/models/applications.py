"""Online applications for mediation (申請調解) and the attempts table behind the rate limit.

The case itself is an ordinary registered ``Case``; this table keeps what belongs to the online
channel only: the tracking code, a hash of the applicant's phone for the status check, the
applicant's requests and their consent to the rules.
"""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import Language, RecordMixin


class OnlineApplication(RecordMixin, db.Model):
    __tablename__ = "online_applications"
    __label__ = lazy_gettext("Online application")
    __personal__ = frozenset({"requests"})
    # The hash is no secret worth masking, but nobody needs to read it.
    __audit_secret__ = frozenset({"phone_hash"})
    __technical__ = frozenset({"phone_hash"})
    __field_labels__ = {
        "tracking_code": lazy_gettext("Tracking code"),
        "requests": lazy_gettext("Requests"),
        "consented_at": lazy_gettext("Consented to the rules at"),
        "locale": lazy_gettext("Language of the application"),
        "created_at": lazy_gettext("Submitted at"),
    }

    tracking_code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    # Null once the office has deleted the case; the status page then says so.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    phone_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    requests: Mapped[str] = mapped_column(Text, nullable=False, default="")
    consented_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    locale: Mapped[str] = mapped_column(
        String(12), nullable=False, default=Language.SIMPLIFIED, info={"enum": Language}
    )

    case = relationship("Case")

    @classmethod
    def street_scope(cls, street_id):
        from portal.models.cases import Case

        return cls.case.has(Case.street_id == street_id)

    def __str__(self):
        return self.tracking_code


class RateLimitHit(db.Model):
    """One attempt at a rate-limited public action, by a hashed client address.

    Kept in the database so every process and server shares the count; old rows are removed
    as new ones arrive.
    """

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_lookup", "bucket", "client", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(20), nullable=False)
    client: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
