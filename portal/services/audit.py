"""The audit trail, recorded by SQLAlchemy session hooks so nothing can bypass it.

Every flush that creates, changes or deletes a record (anything with ``RecordMixin``) writes
one ``AuditEntry`` per record, in the same transaction: a rollback loses the entry along with
the change, a commit keeps both. Before the flush the hooks also stamp ``created_by`` /
``updated_by`` and run each model's ``__before_save__`` (derived fields).
"""
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, insert, inspect, or_, select
from sqlalchemy.orm import RelationshipProperty

from portal.extensions import db
from portal.models.audit import AuditAction, AuditEntry
from portal.models.base import RecordMixin
from portal.services.actor import current_actor_id

# Columns that change on every save and say nothing a person wants to read.
NOISE = frozenset({"updated_at", "updated_by_id", "version", "created_at", "created_by_id", "search_terms"})
# Derived from the rest and rewritten after every flush (portal.services.search): never recorded.
UNRECORDED = frozenset({"search_terms"})
RESTORE_FLAG = "audit_restoring"


def init_app(app):
    session_target = db.session
    for name, hook in (("before_flush", _before_flush), ("after_flush", _after_flush)):
        if not event.contains(session_target, name, hook):
            event.listen(session_target, name, hook)


def _audited(obj):
    return isinstance(obj, RecordMixin)


def _before_flush(session, flush_context, instances):
    actor = current_actor_id()
    for obj in list(session.new):
        if _audited(obj):
            if actor is not None and obj.created_by_id is None:
                obj.created_by_id = actor
            if actor is not None:
                obj.updated_by_id = actor
            _derive(obj)
    for obj in list(session.dirty):
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            if actor is not None:
                obj.updated_by_id = actor
            _derive(obj)


def _derive(obj):
    hook = getattr(obj, "__before_save__", None)
    if hook:
        hook()


def _after_flush(session, flush_context):
    batch = uuid.uuid4().hex
    actor = current_actor_id()
    restoring = session.info.get(RESTORE_FLAG, False)
    rows = []
    for obj in session.new:
        if _audited(obj):
            action = AuditAction.RESTORE if restoring else AuditAction.CREATE
            rows.append(_entry(obj, action, snapshot(obj), batch, actor))
    for obj in session.dirty:
        if _audited(obj) and obj not in session.deleted:
            changes = _changes(obj)
            if changes:
                rows.append(_entry(obj, AuditAction.UPDATE, changes, batch, actor))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(_entry(obj, AuditAction.DELETE, snapshot(obj, committed=True), batch, actor))
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def _entry(obj, action, changes, batch, actor):
    parent_attr = obj.__audit_parent__
    parent_entity = None
    if parent_attr:
        fk = obj.__table__.c[parent_attr]
        parent_entity = next(iter(fk.foreign_keys)).column.table.name
    return {
        "at": _now(),
        "actor_id": actor,
        "action": action.value,
        "entity": obj.__tablename__,
        "entity_id": obj.id,
        "parent_entity": parent_entity,
        "parent_id": getattr(obj, parent_attr) if parent_attr else None,
        "batch": batch,
        "record_version": getattr(obj, "version", None),
        "summary": _summary(obj),
        "changes": changes,
    }


def _now():
    from portal import timeutil

    return timeutil.now()


def _summary(obj):
    try:
        return str(obj)[:200]
    except Exception:  # a deleted row's relationships may be gone; the id still identifies it
        return f"#{obj.id}"


def jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _secret(obj, key, value):
    return "******" if key in obj.__audit_secret__ and value is not None else jsonable(value)


def snapshot(obj, committed=False):
    """Every column of ``obj`` (for create, delete and restore), plus many-to-many links."""
    state = inspect(obj)
    data = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in UNRECORDED:
            continue
        value = getattr(obj, key)
        if committed and key in state.committed_state:
            value = state.committed_state[key]
        data[key] = _secret(obj, key, value)
    links = {}
    for rel in state.mapper.relationships:
        if rel.secondary is not None and rel.viewonly is False:
            hist = state.attrs[rel.key].history
            members = list(hist.unchanged) + list(hist.deleted if committed else hist.added)
            if members:
                links[rel.key] = sorted(m.id for m in members)
    if links:
        data["__links__"] = links
    return data


def _changes(obj):
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in NOISE or key in obj.__audit_ignore__:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old != new:
            changes[key] = [_secret(obj, key, old), _secret(obj, key, new)]
    for rel in state.mapper.relationships:
        if rel.secondary is None or rel.viewonly:
            continue
        hist = state.attrs[rel.key].history
        if hist.added or hist.deleted:
            before = sorted(m.id for m in list(hist.unchanged) + list(hist.deleted))
            after = sorted(m.id for m in list(hist.unchanged) + list(hist.added))
            changes[rel.key] = [before, after]
    return changes


# --- reading the log -------------------------------------------------------------------------

def history_query(obj):
    """Entries about ``obj`` and its child rows (parties of a case, equipment of a facility)."""
    table = obj.__tablename__
    return (
        select(AuditEntry)
        .where(
            or_(
                (AuditEntry.entity == table) & (AuditEntry.entity_id == obj.id),
                (AuditEntry.parent_entity == table) & (AuditEntry.parent_id == obj.id),
            )
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def changes_since(obj, version):
    """Fields changed in ``obj`` after ``version``, each with the value it had at that version."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == obj.__tablename__, AuditEntry.entity_id == obj.id,
               AuditEntry.action == AuditAction.UPDATE, AuditEntry.record_version > version)
        .order_by(AuditEntry.id)
    )
    base = {}
    for entry in entries:
        for key, (old, _new) in entry.changes.items():
            base.setdefault(key, old)
    return base


def model_for_table(table_name):
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table_name:
            return mapper.class_
    return None


# --- restoring a deleted record --------------------------------------------------------------

class RestoreError(Exception):
    """Why a deleted record cannot be restored; ``code`` picks the translated message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def restore(entry_id):
    """Re-create the record an audit ``delete`` entry describes, with every row deleted with it.

    Rows come back with their old ids, parents before children. Flushes, does not commit.
    """
    entry = db.session.get(AuditEntry, entry_id)
    if entry is None or entry.action != AuditAction.DELETE:
        raise RestoreError("not_a_deletion")
    batch = db.session.scalars(
        select(AuditEntry).where(AuditEntry.batch == entry.batch, AuditEntry.action == AuditAction.DELETE)
    ).all()
    order = {table.name: i for i, table in enumerate(db.metadata.sorted_tables)}
    batch.sort(key=lambda e: order.get(e.entity, 0))
    restored = []
    session = db.session
    session.info[RESTORE_FLAG] = True
    try:
        for item in batch:
            model = model_for_table(item.entity)
            if model is None:
                raise RestoreError("unknown_kind")
            if session.get(model, item.entity_id) is not None:
                raise RestoreError("already_exists")
            restored.append((model(**_columns_from(model, item.changes)), item.changes.get("__links__", {})))
        for obj, _links in restored:
            session.add(obj)
        session.flush()
        for obj, links in restored:
            _relink(obj, links)
        session.flush()
        for obj, _links in restored:
            # A record may no longer fit the world it comes back to (a room booked meanwhile).
            problem = obj.__restore_problem__() if hasattr(obj, "__restore_problem__") else None
            if problem:
                raise RestoreError(problem)
    finally:
        session.info.pop(RESTORE_FLAG, None)
    return [obj for obj, _links in restored]


def _columns_from(model, data):
    mapper = inspect(model)
    values = {}
    for attr in mapper.column_attrs:
        if attr.key not in data:
            continue
        column = attr.columns[0]
        values[attr.key] = _from_json(column.type, data[attr.key])
    return values


def _from_json(col_type, value):
    if value is None:
        return None
    try:
        python_type = col_type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def _relink(obj, links):
    mapper = inspect(obj).mapper
    for key, ids in links.items():
        rel: RelationshipProperty = mapper.relationships[key]
        target = rel.mapper.class_
        members = db.session.scalars(select(target).where(target.id.in_(ids))).all()
        getattr(obj, key).extend(members)
