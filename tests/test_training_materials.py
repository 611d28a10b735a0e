"""Materials attached to a session: checked by content, size-limited, served only to those who may see it."""
import html
import io
import os

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, TrainingMaterial
from tests.fixtures.training import docx_bytes, pdf_bytes, png_bytes
from tests.helpers import assert_redirect, csrf_token, get_form, page_errors, text_of


@pytest.fixture
def east_session(two_streets, make_training):
    return make_training(office_id=two_streets["east_office"].id, title="文书制作培训", kind_code="document_writing",
                         location_text="会议室")


def upload(client, session_id, filename, data, description=""):
    details = text_of(client.get(f"/admin/training_sessions/details/?id={session_id}"))
    return client.post(
        f"/admin/training_sessions/materials/upload/?id={session_id}",
        data={"csrf_token": csrf_token(details), "description": description, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data", follow_redirects=True,
    )


def materials(in_app):
    return in_app(lambda: [(m.original_name, m.content_type, m.size_bytes, m.stored_name, m.description)
                           for m in db.session.scalars(select(TrainingMaterial).order_by(TrainingMaterial.id))])


def test_upload_list_download_and_remove(client, in_app, login_as, two_streets, east_session, upload_dir):
    login_as("staff", street_id=two_streets["east"].id)
    response = upload(client, east_session.id, "调解协议书范本.pdf", pdf_bytes("sample"), description="范本")
    assert response.status_code == 200 and "调解协议书范本.pdf" in text_of(response)
    assert upload(client, east_session.id, "课件.docx", docx_bytes()).status_code == 200
    assert "最大 10 MB" in text_of(client.get(f"/admin/training_sessions/details/?id={east_session.id}"))

    saved = materials(in_app)
    assert [(n, t, d) for n, t, _s, _f, d in saved] == [
        ("调解协议书范本.pdf", "application/pdf", "范本"),
        ("课件.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""),
    ]
    stored = saved[0][3]
    assert os.path.exists(upload_dir / "training" / stored)
    assert not stored.startswith("调解")  # the name on disk is ours, not the user's

    material_id = in_app(lambda: db.session.scalar(select(TrainingMaterial.id).order_by(TrainingMaterial.id)))
    download = client.get(f"/admin/training_sessions/materials/{material_id}/")
    assert download.status_code == 200 and download.data == pdf_bytes("sample")
    assert download.headers["Content-Type"] == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    details = text_of(client.get(f"/admin/training_sessions/details/?id={east_session.id}"))
    token = csrf_token(details)
    assert_redirect(client.post(f"/admin/training_sessions/materials/{material_id}/delete/", data={"csrf_token": token}))
    assert [m[0] for m in materials(in_app)] == ["课件.docx"]
    # The file stays: the district office may restore the record from the audit log.
    assert os.path.exists(upload_dir / "training" / stored)


@pytest.mark.parametrize("filename,data,message", [
    ("notes.exe", b"MZ\x90\x00" + b"\x00" * 100, "Only PDF, Word, Excel, PowerPoint, JPEG and PNG files can be attached."),
    ("script.pdf", b"<script>alert(1)</script>", "Only PDF, Word, Excel, PowerPoint, JPEG and PNG files can be attached."),
    ("photo.pdf", png_bytes(), "The file's content does not match its name's extension"),
    ("slides.docx", pdf_bytes(), "The file's content does not match its name's extension"),
    ("empty.pdf", b"", "Choose a file to upload"),
    ("big.pdf", pdf_bytes("x" * 3000), "The file is too large: at most"),
])
def test_bad_files_are_refused_and_nothing_is_stored(client, app, in_app, login_as, east_session, upload_dir, monkeypatch,
                                                     filename, data, message):
    monkeypatch.setitem(app.config, "PORTAL_TRAINING_MATERIAL_MAX_BYTES", 2000)
    login_as("trainer")
    client.get("/locale/en")
    response = upload(client, east_session.id, filename, data)
    assert message in html.unescape(" ".join(page_errors(response)))
    assert materials(in_app) == []
    assert not (upload_dir / "training").exists() or os.listdir(upload_dir / "training") == []


def test_materials_are_served_only_to_those_who_may_see_the_session(client, in_app, login_as, auth, make_user, two_streets, east_session, upload_dir):
    login_as("trainer")
    upload(client, east_session.id, "讲义.png", png_bytes())
    material_id = in_app(lambda: db.session.scalar(select(TrainingMaterial.id)))
    url = f"/admin/training_sessions/materials/{material_id}/"
    assert client.get(url).status_code == 200
    auth.logout()

    assert client.get(url).status_code == 302  # anonymous: to the login page
    west_staff = make_user(role="staff", street_id=two_streets["west"].id)
    auth.login(west_staff.username)
    assert client.get(url).status_code == 404
    # Nor may they remove it.
    token = csrf_token(text_of(client.get("/admin/")))
    client.post(f"/admin/training_sessions/materials/{material_id}/delete/", data={"csrf_token": token})
    assert len(materials(in_app)) == 1
    auth.logout()

    viewer = make_user(role="viewer")
    auth.login(viewer.username)
    assert client.get(url).status_code == 200
    assert client.post(f"/admin/training_sessions/materials/{material_id}/delete/",
                       data={"csrf_token": csrf_token(text_of(client.get("/admin/")))}).status_code == 403


def test_uploads_need_the_csrf_token(client, in_app, login_as, east_session, upload_dir):
    login_as("admin")
    response = client.post(
        f"/admin/training_sessions/materials/upload/?id={east_session.id}",
        data={"file": (io.BytesIO(pdf_bytes()), "a.pdf")}, content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert materials(in_app) == []


def restore_deletion(client, in_app, table):
    """Restore the latest deletion of a ``table`` row as the district office does, from the log."""
    entry_id = in_app(lambda: db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.entity == table, AuditEntry.action == "delete")
        .order_by(AuditEntry.id.desc()).limit(1)))
    assert entry_id is not None
    page = text_of(client.get(f"/admin/audit_log/details/?id={entry_id}"))
    assert_redirect(client.post(f"/admin/audit_log/restore/{entry_id}", data={"csrf_token": csrf_token(page)}))


def test_a_removed_material_is_restored_with_its_file(client, in_app, login_as, east_session, upload_dir):
    login_as("admin")
    upload(client, east_session.id, "签到表.pdf", pdf_bytes("sign-in"))
    material_id = in_app(lambda: db.session.scalar(select(TrainingMaterial.id)))
    delete = get_form(client, f"/admin/training_sessions/details/?id={east_session.id}",
                      match=f"/materials/{material_id}/delete/")
    assert_redirect(delete.submit(client))
    assert materials(in_app) == []

    restore_deletion(client, in_app, "training_materials")
    download = client.get(f"/admin/training_sessions/materials/{material_id}/")
    assert download.status_code == 200 and download.data == pdf_bytes("sign-in")


def test_a_deleted_session_is_restored_with_its_files(client, in_app, login_as, east_session, upload_dir):
    login_as("admin")
    upload(client, east_session.id, "a.pdf", pdf_bytes("handout"))
    material_id = in_app(lambda: db.session.scalar(select(TrainingMaterial.id)))
    delete = get_form(client, "/admin/training_sessions/", match="/delete/")
    assert_redirect(delete.set("id", east_session.id).submit(client))
    assert materials(in_app) == []

    restore_deletion(client, in_app, "training_sessions")
    assert [m[0] for m in materials(in_app)] == ["a.pdf"]
    download = client.get(f"/admin/training_sessions/materials/{material_id}/")
    assert download.status_code == 200 and download.data == pdf_bytes("handout")
