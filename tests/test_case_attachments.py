"""Scanned documents: checked by content and size, kept outside the static folder, served only
to people who may see the case, removable and restorable."""
import io
import os

import pytest

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, CaseAttachment
from tests.fixtures.cases import JPEG, PDF, PNG
from tests.helpers import csrf_token, get_form, page_errors, text_of


def attachments_of(in_app, case_id):
    return in_app(lambda: [(a.kind, a.filename, a.content_type, a.size, a.stored_name) for a in
                           db.session.scalars(select(CaseAttachment).where(CaseAttachment.case_id == case_id))])


def test_accepted_types_are_stored_outside_static_and_served_back(client, login_as, network, case_in, case_page, in_app, app, upload_dir):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    for kind, data, name in (("application", PDF, "申请书.pdf"), ("identity", JPEG, "身份证.jpg"), ("evidence", PNG, "照片.png")):
        response = page.upload(kind, data, filename=name, title=name.split(".")[0])
        assert response.status_code == 302, page_errors(response)

    stored = attachments_of(in_app, case.id)
    assert [(k, f, t, s) for k, f, t, s, _n in stored] == [
        ("application", "申请书.pdf", "application/pdf", len(PDF)),
        ("identity", "身份证.jpg", "image/jpeg", len(JPEG)),
        ("evidence", "照片.png", "image/png", len(PNG)),
    ]
    for *_rest, stored_name in stored:
        path = upload_dir / "cases" / stored_name
        assert path.is_file()
        assert not str(path).startswith(app.static_folder)
        assert "申请书" not in stored_name  # names people cannot guess, never the uploaded one

    attachment_id = in_app(lambda: db.session.scalar(select(CaseAttachment.id).where(CaseAttachment.kind == "application")))
    response = client.get(f"/admin/cases/attachments/{attachment_id}/")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    download = client.get(f"/admin/cases/attachments/{attachment_id}/?download=1")
    assert download.headers["Content-Disposition"].startswith("attachment")

    # The dossier checklist on the case page counts what is there.
    html = page.html()
    assert 'data-kind="application"' in html and "申请书" in html


def test_wrong_type_is_refused_whatever_the_file_is_called(client, login_as, network, case_in, case_page, in_app):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    for data, name in ((b"<html><script>alert(1)</script></html>", "evil.pdf"), (b"PK\x03\x04 a zip", "scan.png"),
                       (b"GIF89a...", "scan.jpg")):
        response = page.upload("evidence", data, filename=name, title="要保留的标题")
        assert response.status_code == 200
        assert any("PDF" in e for e in page_errors(response)), page_errors(response)
        assert 'value="要保留的标题"' in text_of(response)  # the rest of the input is kept
    assert attachments_of(in_app, case.id) == []


def test_oversize_and_empty_files_are_refused(client, login_as, network, case_in, case_page, in_app, app, monkeypatch, upload_dir):
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_MAX_BYTES", 1024)
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    response = page.upload("evidence", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert any("过大" in e for e in page_errors(response)), page_errors(response)
    response = page.upload("evidence", b"")
    assert response.status_code == 200 and page_errors(response)
    assert attachments_of(in_app, case.id) == []
    assert not (upload_dir / "cases").exists() or os.listdir(upload_dir / "cases") == []


def test_documents_are_served_only_to_those_who_may_see_the_case(
    client, login_as, network, case_in, case_page, in_app, other_client,
):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    case_page(case.id).upload("identity", PDF)
    attachment_id = in_app(lambda: db.session.scalar(select(CaseAttachment.id)))
    url = f"/admin/cases/attachments/{attachment_id}/"

    assert other_client("staff", network["other_street"].id).get(url).status_code == 404
    assert other_client("trainer").get(url).status_code == 403
    inspector = other_client("viewer")
    assert inspector.get(url).status_code == 403  # scans are personal data
    assert url not in text_of(inspector.get(f"/admin/cases/details/?id={case.id}&tab=all"))
    assert other_client("admin").get(url).status_code == 200

    # Another street's staff cannot add to or remove from the case either.
    outsider = other_client("staff", network["other_street"].id)
    token = csrf_token(text_of(outsider.get("/admin/cases/")))
    outsider.post(f"/admin/cases/attachments/upload/?id={case.id}", content_type="multipart/form-data",
                  data={"csrf_token": token, "kind": "evidence", "file": (io.BytesIO(PDF), "x.pdf")})
    outsider.post(f"/admin/cases/attachments/delete/?id={case.id}", data={"csrf_token": token, "attachment_id": attachment_id})
    assert len(attachments_of(in_app, case.id)) == 1


def test_removed_document_can_be_restored_by_the_district_office(client, login_as, network, case_in, case_page, in_app, other_client):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    page.upload("agreement", PDF, filename="协议书.pdf")
    attachment_id = in_app(lambda: db.session.scalar(select(CaseAttachment.id)))
    form = get_form(client, page.tab_url("documents"), match="/attachments/delete/")
    assert form.submit(client).status_code == 302
    assert attachments_of(in_app, case.id) == []
    assert client.get(f"/admin/cases/attachments/{attachment_id}/").status_code == 404

    admin = other_client("admin")
    entry_id = in_app(lambda: db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.entity == "case_attachments", AuditEntry.action == "delete")))
    restore = get_form(admin, f"/admin/audit_log/details/?id={entry_id}", match="/restore/")
    assert restore.submit(admin).status_code == 302
    response = client.get(f"/admin/cases/attachments/{attachment_id}/")
    assert response.status_code == 200 and response.data == PDF


def test_a_document_whose_record_is_not_saved_leaves_no_file(client, login_as, network, case_in, case_page, in_app, upload_dir, monkeypatch):
    from flask import request
    from sqlalchemy.exc import OperationalError

    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    real_commit = db.session.commit

    def commit_fails_for_uploads():
        if request.path.endswith("/attachments/upload/") and request.method == "POST":
            raise OperationalError("COMMIT", {}, Exception("the database went away"))
        return real_commit()

    monkeypatch.setattr(db.session, "commit", commit_fails_for_uploads)
    response = page.upload("evidence", PDF, filename="照片.pdf")
    # The database being away is said as such (503, try again later), not as a failure of ours.
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert attachments_of(in_app, case.id) == []
    assert os.listdir(upload_dir / "cases") == []


def test_a_file_is_stored_whole_or_not_at_all(tmp_path, monkeypatch):
    from portal.storage import StorageUnavailable, local

    store = local.LocalStore(str(tmp_path))
    store.put("cases/first.pdf", PDF)
    assert os.listdir(tmp_path / "cases") == ["first.pdf"] and store.read("cases/first.pdf") == PDF

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(local.os, "replace", disk_full)
    with pytest.raises(StorageUnavailable):
        store.put("cases/second.png", PNG)
    assert os.listdir(tmp_path / "cases") == ["first.pdf"]  # no half-written file, under any name

    store.delete("cases/../first.pdf")  # never a path that climbs out
    assert os.listdir(tmp_path / "cases") == ["first.pdf"]
    store.delete("cases/first.pdf")
    assert os.listdir(tmp_path / "cases") == []