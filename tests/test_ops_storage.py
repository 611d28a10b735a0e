"""Uploads of every area in S3-compatible storage (a local server the tests start), including
files missing from the store and a store that does not answer: a clear message, nothing half
saved in the database, nothing lost."""
import io
import re

import pytest
from sqlalchemy import func, select

from portal import storage
from portal.extensions import db
from portal.models import CaseAttachment, ContentBlob, ContentEntry, TrainingMaterial
from portal.storage.local import LocalStore
from portal.storage.s3 import S3Store
from tests.fixtures.cases import PDF, PNG
from tests.fixtures.training import pdf_bytes
from tests.helpers import csrf_token, get_form, page_errors, text_of


def count(in_app, model):
    return in_app(lambda: db.session.scalar(select(func.count()).select_from(model)))


@pytest.mark.parametrize("kind", ["local", "s3"])
def test_a_store_keeps_reads_lists_and_removes_files(kind, tmp_path, s3_server):
    store = LocalStore(str(tmp_path)) if kind == "local" else S3Store.from_url(s3_server.url(s3_server.new_bucket(), "p"))
    store.put("cases/a.pdf", PDF)
    store.put("content/abc", PNG)
    assert store.read("cases/a.pdf") == PDF and store.exists("content/abc")
    assert sorted(store.keys()) == ["cases/a.pdf", "content/abc"] and list(store.keys("cases")) == ["cases/a.pdf"]
    with pytest.raises(storage.FileMissing):
        store.read("cases/nothing.pdf")
    with pytest.raises(storage.FileMissing):
        store.read("cases/../../etc/passwd")
    store.probe()
    store.delete("cases/a.pdf")
    store.delete("cases/a.pdf")  # removing twice is no error
    assert list(store.keys()) == ["content/abc"]  # the probe leaves nothing behind


def test_the_store_is_chosen_by_the_setting(app, s3_server, monkeypatch, tmp_path):
    with app.app_context():
        assert isinstance(storage.get_store(), LocalStore)
        monkeypatch.setitem(app.config, "PORTAL_STORAGE_URL", f"file://{tmp_path}")
        assert storage.get_store().root == str(tmp_path)
        monkeypatch.setitem(app.config, "PORTAL_STORAGE_URL", s3_server.url("bucket", "uploads/prod"))
        store = storage.get_store()
        assert isinstance(store, S3Store) and (store.bucket, store.prefix) == ("bucket", "uploads/prod")
        assert "testing-secret" not in store.describe()
        monkeypatch.setitem(app.config, "PORTAL_STORAGE_URL", "ftp://somewhere")
        with pytest.raises(ValueError):
            storage.get_store()


def test_case_documents_training_materials_and_content_files_all_live_in_the_bucket(
        client, login_as, network, case_in, case_page, make_training, make_entry, in_app, s3_storage, s3_server):
    login_as("admin")
    case = case_in(network["community_committee"])
    assert case_page(case.id).upload("evidence", PDF, filename="证据.pdf").status_code == 302
    training = make_training(office_id=network["office"].id)
    details = text_of(client.get(f"/admin/training_sessions/details/?id={training.id}"))
    client.post(f"/admin/training_sessions/materials/upload/?id={training.id}",
                data={"csrf_token": csrf_token(details), "file": (io.BytesIO(pdf_bytes("handout")), "讲义.pdf")},
                content_type="multipart/form-data")
    entry = make_entry("notice", slug="with-image", title="带图片的通知")
    form = get_form(client, f"/admin/content_entries/edit/?id={entry.id}")
    data = form.data()
    data.add("shared-image", (io.BytesIO(PNG), "地图.png"))
    assert client.post(f"/admin/content_entries/edit/?id={entry.id}", data=data,
                       content_type="multipart/form-data").status_code == 302

    attachment = in_app(lambda: db.session.scalar(select(CaseAttachment)))
    material = in_app(lambda: db.session.scalar(select(TrainingMaterial)))
    blob = in_app(lambda: db.session.scalar(select(ContentBlob)))
    assert s3_server.objects(s3_storage) == sorted([
        f"uploads/cases/{attachment.stored_name}", f"uploads/training/{material.stored_name}",
        f"uploads/content/{blob.sha256}",
    ])
    assert client.get(f"/admin/cases/attachments/{attachment.id}/").data == PDF
    assert client.get(f"/admin/training_sessions/materials/{material.id}/").data == pdf_bytes("handout")
    page = text_of(client.get(entry.url))
    assert client.get(re.search(r'<img src="(/files/\d+/[^"]+)"', page).group(1)).data == PNG

    # The one function other areas use to read a stored document (standard documents read scans).
    from portal.services import attachments

    assert in_app(lambda: attachments.read(db.session.get(CaseAttachment, attachment.id))) == PDF


def test_a_file_missing_from_the_store_is_a_clear_404_with_a_reference(client, login_as, network, case_in, case_page,
                                                                      in_app, s3_storage, s3_server):
    login_as("admin")
    case = case_in(network["community_committee"])
    case_page(case.id).upload("evidence", PDF)
    attachment = in_app(lambda: db.session.scalar(select(CaseAttachment)))
    s3_server.client().delete_object(Bucket=s3_storage, Key=f"uploads/cases/{attachment.stored_name}")
    response = client.get(f"/admin/cases/attachments/{attachment.id}/")
    assert response.status_code == 404
    page = text_of(response)
    assert "文件库中找不到这个文件" in page and response.headers["X-Request-ID"] in page
    assert "uploads/cases" not in page and attachment.stored_name not in page  # no storage details
    assert "证据材料" in case_page(case.id).html()  # the record itself is untouched


def test_a_store_that_does_not_answer_refuses_uploads_clearly_and_keeps_everything(
        client, login_as, network, case_in, case_page, make_training, make_entry, in_app, s3_storage, s3_server):
    login_as("admin")
    case = case_in(network["community_committee"])
    assert case_page(case.id).upload("evidence", PDF, filename="first.pdf").status_code == 302
    first = in_app(lambda: db.session.scalar(select(CaseAttachment.id)))
    training = make_training(office_id=network["office"].id)
    entry = make_entry("notice", slug="outage", title="停电通知")
    before = {model: count(in_app, model) for model in (CaseAttachment, TrainingMaterial, ContentBlob)}

    s3_server.stop()
    try:
        response = case_page(case.id).upload("application", PDF, filename="second.pdf")
        assert response.status_code == 200 and "文件库暂时无法连接" in " ".join(page_errors(response))

        details = text_of(client.get(f"/admin/training_sessions/details/?id={training.id}"))
        response = client.post(f"/admin/training_sessions/materials/upload/?id={training.id}",
                               data={"csrf_token": csrf_token(details), "file": (io.BytesIO(pdf_bytes("x")), "a.pdf")},
                               content_type="multipart/form-data", follow_redirects=True)
        assert "文件库暂时无法连接" in text_of(response)

        form = get_form(client, f"/admin/content_entries/edit/?id={entry.id}")
        form.fill(**{"zh_Hans_CN__title": "停电通知（已改）"})
        data = form.data()
        data.add("shared-image", (io.BytesIO(PNG), "图.png"))
        response = client.post(f"/admin/content_entries/edit/?id={entry.id}", data=data,
                               content_type="multipart/form-data")
        assert response.status_code == 200 and "文件库暂时无法连接" in text_of(response)
        assert "停电通知（已改）" in text_of(response)  # the editor's input stays on the form

        download = client.get(f"/admin/cases/attachments/{first}/")
        assert download.status_code == 503 and "文件库暂时无法连接" in text_of(download)
        assert client.get("/readyz").status_code == 503
    finally:
        s3_server.start()

    # Nothing was half saved, and nothing was lost.
    assert {model: count(in_app, model) for model in before} == before
    assert in_app(lambda: db.session.get(ContentEntry, entry.id).data.get("image")) is None
    assert client.get(f"/admin/cases/attachments/{first}/").data == PDF
    assert client.get("/readyz").status_code == 200
