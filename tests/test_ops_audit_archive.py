"""Old history moves to a compressed archive in the file store and can come back; it is never
deleted silently: the archive is checked before entries leave, recorded, and shown on the log."""
import gzip
import json
from datetime import datetime

from sqlalchemy import func, select, update

from portal import storage
from portal.extensions import db
from portal.models import AuditArchive, AuditEntry
from tests.helpers import text_of


def age_history(in_app, ids, when):
    def run():
        db.session.execute(update(AuditEntry).where(AuditEntry.id.in_(ids)).values(at=when))
        db.session.commit()

    in_app(run)


def history(in_app):
    return in_app(lambda: db.session.execute(select(AuditEntry.id, AuditEntry.summary).order_by(AuditEntry.id)).all())


def test_old_entries_move_to_an_archive_and_come_back(app, runner, in_app, make_street, make_committee, client,
                                                      login_as):
    street = make_street(name="东华街道")
    make_committee(street.id, name="东华街道人民调解委员会")
    everything = history(in_app)
    old = [entry_id for entry_id, _summary in everything[:2]]
    age_history(in_app, old, datetime(2020, 6, 1, 9, 0))

    result = runner.invoke(args=["portal", "audit-archive", "--before", "2021-01-01"])
    assert result.exit_code == 0, result.output
    assert "Archived 2 history entries before 2021-01-01" in result.output
    assert [e for e in history(in_app)] == everything[2:]
    record = in_app(lambda: db.session.scalar(select(AuditArchive)))
    assert (record.entries, record.first_entry_id, record.last_entry_id) == (2, old[0], old[1])
    with app.app_context():
        lines = gzip.decompress(storage.read(record.key)).decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == old
    assert json.loads(lines[0])["at"] == "2020-06-01T09:00:00"

    # The log says where they went.
    login_as("admin")
    page = text_of(client.get("/admin/audit_log/"))
    assert "2 条" in page and "归档" in page and "2021" in page

    assert "nothing archived" in runner.invoke(args=["portal", "audit-archive", "--before", "2021-01-01"]).output
    result = runner.invoke(args=["portal", "audit-restore", record.key])
    assert result.exit_code == 0 and "Restored 2 history entries" in result.output
    restored = history(in_app)
    assert [entry_id for entry_id, _s in restored][:2] == old and len(restored) >= len(everything)
    assert in_app(lambda: db.session.scalar(select(AuditArchive.restored_at))) is not None
    assert "Restored 0 history entries" in runner.invoke(args=["portal", "audit-restore", record.key]).output


def test_the_retention_setting_decides_the_cutoff(app, runner, in_app, make_street, monkeypatch, tmp_path):
    make_street(name="东华街道")
    result = runner.invoke(args=["portal", "audit-archive"])
    assert result.exit_code != 0 and "PORTAL_AUDIT_RETENTION_DAYS" in result.output
    ids = [entry_id for entry_id, _s in history(in_app)]
    age_history(in_app, ids[:1], datetime(2019, 1, 1))
    monkeypatch.setitem(app.config, "PORTAL_AUDIT_RETENTION_DAYS", 365)
    result = runner.invoke(args=["portal", "audit-archive"])
    assert result.exit_code == 0 and "Archived 1 history entries" in result.output
    # A copy kept elsewhere restores too (checked against its record).
    key = in_app(lambda: db.session.scalar(select(AuditArchive.key)))
    copy = tmp_path / "copy.jsonl.gz"
    with app.app_context():
        copy.write_bytes(storage.read(key))
    assert "Restored 1 history entries" in runner.invoke(args=["portal", "audit-restore", str(copy)]).output


def test_nothing_leaves_the_database_unless_the_store_kept_the_archive(app, runner, in_app, make_street, monkeypatch):
    make_street(name="东华街道")
    ids = [entry_id for entry_id, _s in history(in_app)]
    age_history(in_app, ids, datetime(2020, 1, 1))

    def store_down(key, data):
        raise storage.StorageUnavailable("no route to host")

    monkeypatch.setattr(storage, "put", store_down)
    result = runner.invoke(args=["portal", "audit-archive", "--before", "2021-01-01"])
    assert result.exit_code != 0 and "Nothing archived" in result.output
    assert [e for e, _s in history(in_app)] == ids
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(AuditArchive))) == 0

    monkeypatch.undo()
    real_read = storage.read
    monkeypatch.setattr(storage, "read", lambda key: real_read(key)[:-10])  # the store mangled it
    result = runner.invoke(args=["portal", "audit-archive", "--before", "2021-01-01"])
    assert result.exit_code != 0 and [e for e, _s in history(in_app)] == ids
