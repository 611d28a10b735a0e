"""Mixins every record shares, and small helpers for enum-like columns.

Enum-like columns (statuses, roles, levels) are plain strings checked by a CHECK constraint;
the values are the members of a ``StrEnum`` so code compares against names, not literals, and
each enum carries its translated labels.
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext
from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, func, literal_column
from sqlalchemy import column as sql_column
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from portal import timeutil


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members have translated labels (``__labels__`` on the class)."""

    @property
    def label(self):
        return self.labels()[self]

    @classmethod
    def labels(cls):
        return cls.__labels__()  # a classmethod so lazy_gettext runs per request

    @classmethod
    def choices(cls):
        return [(member.value, label) for member, label in cls.labels().items()]

    @classmethod
    def label_of(cls, value):
        try:
            return cls(value).label
        except ValueError:
            return value or ""


class Language(LabelledEnum):
    """A language the portal speaks, as stored (a user's choice, an application's language)."""

    SIMPLIFIED = "zh_Hans_CN"
    TRADITIONAL = "zh_Hant_TW"
    ENGLISH = "en"

    @classmethod
    def __labels__(cls):
        return {
            cls.SIMPLIFIED: lazy_gettext("Simplified Chinese"),
            cls.TRADITIONAL: lazy_gettext("Traditional Chinese"),
            cls.ENGLISH: lazy_gettext("English"),
        }


def enum_column(enum_cls, *, default=None, nullable=False, index=False):
    """A string column holding members of ``enum_cls``; ``info["enum"]`` lets screens label it."""
    length = max(len(m.value) for m in enum_cls)
    return mapped_column(
        String(max(length, 16)), default=default, nullable=nullable, index=index, info={"enum": enum_cls}
    )


def enum_of(model, key):
    """The LabelledEnum behind ``model.key``, or None."""
    table = getattr(model, "__table__", None)
    column = table.c.get(key) if table is not None else None
    return column.info.get("enum") if column is not None else None


def enum_check(column, enum_cls, *, name=None):
    values = ", ".join(f"'{m.value}'" for m in enum_cls)
    return CheckConstraint(f"{column} IN ({values})", name=name or f"{column}_valid")


class TimestampMixin:
    """Created/updated timestamps and by whom; the ``by`` columns are set by the audit hooks.

    ``created_by_id``/``updated_by_id`` are deliberately not foreign keys: every table would
    otherwise reference ``users`` (which references ``streets``…), making cycles that
    migrations cannot create in order, and an account could never be removed. The audit log
    keeps the authoritative record of who did what.
    """

    created_at: Mapped[datetime] = mapped_column(DateTime, default=timeutil.now, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=timeutil.now, onupdate=timeutil.now, nullable=False
    )
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)

    @declared_attr
    def created_by(cls):
        return relationship(
            "User", primaryjoin=f"foreign({cls.__name__}.created_by_id) == remote(User.id)", viewonly=True
        )

    @declared_attr
    def updated_by(cls):
        return relationship(
            "User", primaryjoin=f"foreign({cls.__name__}.updated_by_id) == remote(User.id)", viewonly=True
        )


# Bookkeeping columns every record has, shown to nobody (who and when are shown by name instead).
TECHNICAL_FIELDS = frozenset({"version", "created_by_id", "updated_by_id"})


def technical_fields(model):
    """The columns of ``model`` no person reads: bookkeeping, hashes, stored file names."""
    return TECHNICAL_FIELDS | frozenset(getattr(model, "__technical__", ()))


class VersionMixin:
    """Optimistic locking: an UPDATE only succeeds against the version the editor loaded."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


class RecordMixin(TimestampMixin, VersionMixin):
    """Every domain record: integer id, timestamps, by whom, version, audited."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)

    # Name of the record kind for people (translated); overridden per model.
    __label__ = lazy_gettext("Record")
    # Audit: set to the name of the FK attribute pointing at the owning record, for child rows
    # (a party belongs to a case) so the owner's history shows them.
    __audit_parent__: str | None = None
    # Attributes never written to the audit log in clear.
    __audit_secret__: frozenset = frozenset()
    # Attributes whose changes are bookkeeping, not edits: a change to only these writes no history.
    __audit_ignore__: frozenset = frozenset()
    # Personal data (個人信息): masked for readers who do not need it, never public.
    __personal__: frozenset = frozenset()
    # Columns for the machine only (hashes, stored file names): on no page, export or history.
    __technical__: frozenset = frozenset()
    # Places (free text) that are personal data when they are a party's address.
    __party_places__: frozenset = frozenset()

    def __str__(self):
        name = getattr(self, "name", None) or getattr(self, "title", None)
        return str(name) if name else f"#{self.id}"


def related(obj, name):
    """``obj.name``, loading it from ``obj.name_id`` when only the foreign key was set."""
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy.orm import object_session

    value = getattr(obj, name)
    if value is None:
        key = getattr(obj, f"{name}_id", None)
        session = object_session(obj)
        if key is not None and session is not None:
            target = sa_inspect(type(obj)).relationships[name].mapper.class_
            with session.no_autoflush:
                value = session.get(target, key)
    return value


def search_index(table):
    """The GIN index of a table's search terms (portal.services.search), on PostgreSQL only:
    the terms as a text-search vector, so one- and two-character searches use the index."""
    expression = func.array_to_tsvector(func.string_to_array(sql_column("search_terms"), literal_column("' '")))
    return Index(f"ix_{table}_search_terms", expression, postgresql_using="gin").ddl_if(dialect="postgresql")


def trigram_index(table, column):
    """An index for "contains" searches (ILIKE '%…%'): a trigram GIN index on PostgreSQL
    (needs the pg_trgm extension, created by the migration), a plain one elsewhere."""
    return Index(
        f"ix_{table}_{column}_trgm", column,
        postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"},
    )
