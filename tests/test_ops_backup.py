"""Backups that restore: one archive taken while the portal writes, restored into an empty
database and file store, identical table by table and file by file; refusals that protect a
database in use; verify-backup as an office runs it."""
import hashlib
import json
import os
import tarfile
import threading
import time
from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from portal.extensions import db
from portal.models import Case, CaseAttachment, CaseSource, DisputeType
from portal.ops import databases, snapshot
from portal.ops.backup import backup
from portal.ops.restore import read_manifest
from portal.storage.local import LocalStore
from tests.conftest import make_test_app
from tests.fixtures.cases import PDF
from tests.fixtures.records import lookup

# Tables the writer below adds to; every other table must come back exactly as it is.
WRITTEN = {"cases", "case_attachments", "audit_entries"}


def rows_of(database_url):
    """{table: set of rows as stable JSON lines}, read outside any app."""
    eng = databases.engine(database_url)
    try:
        with eng.connect() as connection:
            quote = connection.dialect.identifier_preparer.quote
            return {table: {snapshot._row_line(row) for row in connection.execute(text(f"SELECT * FROM {quote(table)}"))}
                    for table in inspect(connection).get_table_names()}
    finally:
        eng.dispose()


def writer(app, committee_id, stop, made):
    """What the portal does while the backup runs: cases with a scanned document, one commit each."""
    from portal.services import attachments

    with app.app_context():
        for n in range(500):
            if stop.is_set():
                break
            case = Case(title=f"备份期间登记{n}", committee_id=committee_id, dispute_type=lookup(DisputeType, "neighbour"),
                        source=lookup(CaseSource, "application"), received_on=date(2026, 11, 2), facts="备份时写入。")
            db.session.add(case)
            db.session.flush()
            attachments.store(case, PDF + f"{n}".encode(), filename=f"{n}.pdf", kind="evidence")
            db.session.commit()
            made.append(case.id)
            time.sleep(0.002)
        db.session.remove()


@pytest.fixture
def restore_app(tmp_path_factory, scratch_database):
    """A second portal on an empty database and an empty folder, as on a new server."""
    def make():
        url = scratch_database()
        uploads = str(tmp_path_factory.mktemp("restored-uploads"))
        return make_test_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=url, PORTAL_UPLOAD_DIR=uploads), url, uploads

    return make


def test_a_backup_taken_while_the_portal_writes_restores_identically(app, runner, network, tmp_path, restore_app):
    stop, made = threading.Event(), []
    thread = threading.Thread(target=writer, args=(app, network["community_committee"].id, stop, made))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while len(made) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        before = len(made)
        result = runner.invoke(args=["portal", "backup", str(tmp_path)])
        during = len(made)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert during > before >= 10  # the portal wrote while the backup ran
    archive = next(str(p) for p in tmp_path.iterdir() if p.name.endswith(".tar.gz"))
    assert oct(os.stat(archive).st_mode & 0o777) == "0o600"  # personal data: the owner's alone

    manifest = read_manifest(archive)
    source_url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert manifest["schema_revision"] == head and manifest["missing_files"] == []
    assert manifest["database"]["kind"] == databases.dialect(source_url)
    backed_up = manifest["tables"]["cases"]["rows"]
    assert manifest["tables"]["case_attachments"]["rows"] == backed_up  # never a case without its document
    assert len(manifest["files"]) == backed_up and before <= backed_up <= len(made)
    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == "manifest.json"

    # Restore on a new server: the command checks every table and file against the manifest.
    target, target_url, uploads = restore_app()
    result = target.test_cli_runner().invoke(args=["portal", "restore", archive])
    assert result.exit_code == 0, result.output
    assert "every table and file matches" in result.output

    # And independently: the restored database is the source as it was at one moment.
    restored, source = rows_of(target_url), rows_of(source_url)
    assert set(restored) == set(source)
    for table in source:
        if table in WRITTEN:
            assert restored[table] <= source[table], table
        else:
            assert restored[table] == source[table], table
    with target.app_context():
        cases = db.session.scalars(select(Case.id).where(Case.title.like("备份期间登记%")).order_by(Case.id)).all()
        assert cases == sorted(made)[:len(cases)] and len(cases) == backed_up  # a prefix: nothing skipped
        restored_store, source_store = LocalStore(uploads), LocalStore(app.config["PORTAL_UPLOAD_DIR"])
        for attachment in db.session.scalars(select(CaseAttachment)):
            data = restored_store.read(f"cases/{attachment.stored_name}")
            assert hashlib.sha256(data).hexdigest() == attachment.sha256
            assert data == source_store.read(f"cases/{attachment.stored_name}")
        assert sorted(restored_store.keys()) == sorted(manifest["files"])  # exactly the files the data names
        db.session.remove()
        db.engine.dispose()


def test_a_restore_refuses_a_database_in_use_unless_forced(app, runner, network, case_in, case_page, login_as,
                                                           tmp_path, restore_app):
    login_as("admin")
    case = case_in(network["community_committee"])
    case_page(case.id).upload("evidence", PDF, filename="第一份.pdf")
    archive = str(tmp_path / "first.tar.gz")
    assert runner.invoke(args=["portal", "backup", archive]).exit_code == 0
    assert "exists already" in runner.invoke(args=["portal", "backup", archive]).output

    result = runner.invoke(args=["portal", "restore", archive])  # the running portal's own database
    assert result.exit_code != 0 and "is not empty" in result.output and "--force" in result.output

    target, target_url, uploads = restore_app()
    cli = target.test_cli_runner()
    assert cli.invoke(args=["portal", "restore", archive]).exit_code == 0
    result = cli.invoke(args=["portal", "restore", archive])
    assert result.exit_code != 0 and "the database and the file store is not empty" in result.output
    with target.app_context():  # someone works on the restored portal, then the backup goes back in
        db.session.execute(text("DELETE FROM case_attachments"))
        db.session.commit()
        db.session.remove()
    result = cli.invoke(args=["portal", "restore", "--force", archive])
    assert result.exit_code == 0, result.output
    with target.app_context():
        assert db.session.scalar(select(CaseAttachment.filename)) == "第一份.pdf"
        db.session.remove()
        db.engine.dispose()


def test_a_damaged_archive_is_refused_before_anything_changes(app, runner, tmp_path, restore_app, network):
    import io

    archive = str(tmp_path / "good.tar.gz")
    assert runner.invoke(args=["portal", "backup", archive]).exit_code == 0
    damaged = str(tmp_path / "damaged.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("database."):
                middle = len(data) // 2
                data = data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64]) + data[middle + 64:]
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    target, target_url, _uploads = restore_app()
    result = target.test_cli_runner().invoke(args=["portal", "restore", damaged])
    assert result.exit_code != 0 and "does not match its checksum" in result.output
    assert databases.is_empty(target_url)
    assert "not a portal backup" in target.test_cli_runner().invoke(args=["portal", "restore", __file__]).output


def test_verify_backup_restores_into_a_throw_away_database(app, runner, network, case_in, case_page, login_as,
                                                          tmp_path):
    login_as("admin")
    case = case_in(network["community_committee"])
    case_page(case.id).upload("evidence", PDF)
    folder = tmp_path / "backups"
    assert runner.invoke(args=["portal", "backup", str(folder) + "/"]).exit_code == 0
    archive = next(str(p) for p in folder.iterdir())
    before = _databases()
    result = runner.invoke(args=["portal", "verify-backup", archive])
    assert result.exit_code == 0, result.output
    assert "Backup verified" in result.output
    assert _databases() == before  # the throw-away database is gone again


def _databases():
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if not url:
        return None
    eng = databases.engine(url)
    try:
        with eng.connect() as connection:
            return set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
    finally:
        eng.dispose()


def test_the_backup_keeps_files_the_history_can_restore_and_reports_lost_ones(app, network, case_in, case_page,
                                                                            login_as, in_app, tmp_path):
    login_as("admin")
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    page.upload("evidence", PDF, filename="留下.pdf")
    page.upload("evidence", PDF + b"2", filename="删除.pdf")
    kept, removed = in_app(lambda: db.session.scalars(select(CaseAttachment).order_by(CaseAttachment.id)).all())
    with app.app_context():
        db.session.delete(db.session.get(CaseAttachment, removed.id))  # its file stays for the history
        db.session.commit()
        db.session.remove()
    store = LocalStore(app.config["PORTAL_UPLOAD_DIR"])
    store.delete(f"cases/{kept.stored_name}")  # lost from the store by some accident
    path, manifest = in_app(lambda: backup(app.config["SQLALCHEMY_DATABASE_URI"], store, str(tmp_path / "b") + "/"))
    assert f"cases/{removed.stored_name}" in manifest["files"]
    assert manifest["missing_files"] == [f"cases/{kept.stored_name}"]
    with tarfile.open(path) as tar:
        assert json.loads(tar.extractfile("manifest.json").read())["missing_files"] == manifest["missing_files"]
