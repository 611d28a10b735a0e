"""Accounts, roles and the sign-in log."""
import time
from datetime import datetime

from flask_babel import lazy_gettext
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal import timeutil
from portal.extensions import db
from portal.models.base import Language, LabelledEnum, RecordMixin, enum_check, enum_column


class Role(LabelledEnum):
    ADMIN = "admin"      # district office: everything
    STAFF = "staff"      # a judicial office: records of its own street
    TRAINER = "trainer"  # training screens, mediator names; never cases
    VIEWER = "viewer"    # leading-group members: read-only
    REPORTER = "reporter"  # grid reporters: report leads in their own grids, follow their own
    INSPECTOR = "inspector"  # reads like a viewer, and records inspections (the district grants it)

    @classmethod
    def __labels__(cls):
        return {
            cls.ADMIN: lazy_gettext("District office administrator"),
            cls.STAFF: lazy_gettext("Judicial office staff"),
            cls.TRAINER: lazy_gettext("Trainer"),
            cls.VIEWER: lazy_gettext("Leading-group member (read-only)"),
            cls.REPORTER: lazy_gettext("Grid reporter"),
            cls.INSPECTOR: lazy_gettext("Inspector (records inspections)"),
        }


class User(UserMixin, RecordMixin, db.Model):
    __tablename__ = "users"
    __label__ = lazy_gettext("User")
    __table_args__ = (enum_check("role", Role),)
    __audit_secret__ = frozenset({"password_hash"})
    __technical__ = frozenset({"password_hash", "session_version"})
    # Bookkeeping of signing in, not changes anyone made to the account (the sign-in log has it).
    __audit_ignore__ = frozenset({"last_login_at", "session_version"})
    # What a signed-in session rests on: changing any of these ends every session of the account.
    SESSION_BOUND = ("password_hash", "role", "street", "street_id", "active")

    username: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = enum_column(Role, default=Role.VIEWER)
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    locale: Mapped[str | None] = mapped_column(String(12), info={"enum": Language})
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Part of every session and remember-me cookie (see portal.auth.sessions): raising it ends them all.
    session_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

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

    def __before_save__(self):
        # A new password, role, street or a disabled account: every open session ends.
        from sqlalchemy import inspect

        state = inspect(self)
        if state.persistent and any(state.attrs[key].history.has_changes() for key in self.SESSION_BOUND):
            self.session_version = (self.session_version or 1) + 1

    def get_id(self):
        """What a session and a remember-me cookie hold (Flask-Login asks when signing in): the id,
        the session version and when it was issued (see portal.auth.sessions)."""
        return f"{self.id}.{self.session_version or 1}.{int(time.time())}"

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


class SignInOutcome(LabelledEnum):
    SUCCESS = "success"
    WRONG_PASSWORD = "wrong_password"
    UNKNOWN_USER = "unknown_user"
    DISABLED = "disabled"
    THROTTLED = "throttled"

    @classmethod
    def __labels__(cls):
        return {
            cls.SUCCESS: lazy_gettext("Signed in"),
            cls.WRONG_PASSWORD: lazy_gettext("Wrong password"),
            cls.UNKNOWN_USER: lazy_gettext("Unknown username"),
            cls.DISABLED: lazy_gettext("Account disabled"),
            cls.THROTTLED: lazy_gettext("Refused: too many failures from this address"),
        }


class SignIn(db.Model):
    """One attempt to sign in: who (as typed, and the account when there is one), when, from where,
    and how it ended. Not a record anyone edits, so outside the record history."""

    __tablename__ = "sign_ins"
    __label__ = lazy_gettext("Sign-in")
    __table_args__ = (
        enum_check("outcome", SignInOutcome),
        # "Failed sign-ins since your last one", newest first per account.
        Index("ix_sign_ins_user_id_at", "user_id", "at"),
    )
    __field_labels__ = {
        "at": lazy_gettext("Time"),
        "user": lazy_gettext("Account"),
        "username": lazy_gettext("Username entered"),
        "address": lazy_gettext("Address"),
        "user_agent": lazy_gettext("Browser"),
        "outcome": lazy_gettext("Outcome"),
        "success": lazy_gettext("Successful"),
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=timeutil.now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(45), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    success: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    outcome: Mapped[str] = enum_column(SignInOutcome)

    user = relationship("User")

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
