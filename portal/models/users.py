"""Accounts and roles."""
from datetime import datetime

from flask_babel import lazy_gettext
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.extensions import db
from portal.models.base import Language, LabelledEnum, RecordMixin, enum_check, enum_column


class Role(LabelledEnum):
    ADMIN = "admin"      # district office: everything
    STAFF = "staff"      # a judicial office: records of its own street
    TRAINER = "trainer"  # training screens, mediator names; never cases
    VIEWER = "viewer"    # inspectors: read-only
    REPORTER = "reporter"  # grid reporters: report leads in their own grids, follow their own

    @classmethod
    def __labels__(cls):
        return {
            cls.ADMIN: lazy_gettext("District office administrator"),
            cls.STAFF: lazy_gettext("Judicial office staff"),
            cls.TRAINER: lazy_gettext("Trainer"),
            cls.VIEWER: lazy_gettext("Inspector (read-only)"),
            cls.REPORTER: lazy_gettext("Grid reporter"),
        }


class User(UserMixin, RecordMixin, db.Model):
    __tablename__ = "users"
    __label__ = lazy_gettext("User")
    __table_args__ = (enum_check("role", Role),)
    __audit_secret__ = frozenset({"password_hash"})
    __technical__ = frozenset({"password_hash"})

    username: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = enum_column(Role, default=Role.VIEWER)
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    locale: Mapped[str | None] = mapped_column(String(12), info={"enum": Language})
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    street = relationship("Street", foreign_keys=[street_id])

    @property
    def password(self):
        """Write-only: reading gives nothing, writing a non-empty value stores its hash."""
        return None

    @password.setter
    def password(self, value):
        if value:
            self.set_password(value)

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self):
        return self.active

    def has_role(self, *roles):
        return self.role in roles

    @property
    def is_admin(self):
        return self.role == Role.ADMIN

    def __str__(self):
        return self.display_name or self.username
