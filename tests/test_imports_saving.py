"""Saving is all or nothing, and only what the preview showed: a failure midway, records changed
after the preview, a double click, an old page, someone else's import."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import AuditEntry, ImportBatch, Mediator
from portal.services.imports.kinds.mediators import MediatorImport
from tests.fixtures.accounts import Auth
from tests.fixtures.imports import xlsx_bytes
from tests.helpers import assert_redirect, csrf_token, page_errors, text_of
from tests.idnumbers import female_id, male_id

HEADER = ["姓名", "性别", "身份证号码", "手机号码"]


def people(n, phone="138"):
    return [[f"调解员{i}", "男", male_id("19700101", 200 + 2 * i + 1), f"{phone}{i:08d}"] for i in range(n)]


def count(in_app, model, *where):
    return in_app(lambda: db.session.scalar(select(func.count()).select_from(model).where(*where)))


@pytest.fixture
def staff(login_as, network, upload_dir):
    return login_as("staff", street_id=network["street"].id)


def test_a_failure_midway_leaves_nothing(client, staff, importer, in_app, monkeypatch):
    before = count(in_app, Mediator)
    audit_before = count(in_app, AuditEntry)
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, *people(5)]))
    assert set(preview.statuses().values()) == {"new"}
    calls = {"n": 0}
    original = MediatorImport.after_assign

    def failing(self, record, row, run):
        calls["n"] += 1
        if calls["n"] == 3:
            db.session.flush()  # the first rows are already written in this transaction…
            raise IntegrityError("INSERT", {}, Exception("unique constraint failed"))
        return original(self, record, row, run)

    monkeypatch.setattr(MediatorImport, "after_assign", failing)
    response = importer.save(token)
    assert_redirect(response)
    assert "同时保存" in " ".join(page_errors(client.get(response.headers["Location"])))
    # … and none of them, nor their history, survives.
    assert count(in_app, Mediator) == before
    assert count(in_app, AuditEntry) == audit_before
    monkeypatch.setattr(MediatorImport, "after_assign", original)
    assert_redirect(importer.save(token))
    assert count(in_app, Mediator) == before + 5


def test_records_changed_after_the_preview_are_shown_again_before_saving(client, staff, network, importer, in_app):
    number = female_id("19850505", 124)
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, ["孙丽", "女", number, "13800000001"]]))
    assert_redirect(importer.save(token))
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, ["孙丽", "女", number, "13800000002"]]))
    assert preview.cell(2, "mobile") == "13800000001 → 13800000002"
    old_form = preview.save_form()

    def colleague_edits():  # someone changes the same person meanwhile
        db.session.scalar(select(Mediator).where(Mediator.id_number == number)).mobile = "13900000009"
        db.session.commit()

    in_app(colleague_edits)
    response = old_form.submit(client)
    assert_redirect(response)
    page = client.get(response.headers["Location"])
    assert "预览之后记录已有变动" in text_of(page)
    fresh = importer.preview(token)
    assert fresh.cell(2, "mobile") == "13900000009 → 13800000002"  # the colleague's value is what changes now
    assert in_app(lambda: db.session.scalar(select(Mediator.mobile).where(Mediator.id_number == number))) == "13900000009"
    # The old page cannot save either; the new one can.
    assert_redirect(old_form.submit(client))
    assert "已过期" in " ".join(page_errors(client.get(f"/admin/imports/batch/{token}/")))
    assert_redirect(fresh.save_form().submit(client))
    assert in_app(lambda: db.session.scalar(select(Mediator.mobile).where(Mediator.id_number == number))) == "13800000002"


def test_a_second_click_on_save_saves_nothing_more(client, staff, importer, in_app):
    before = count(in_app, Mediator)
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, *people(3)]))
    form = preview.save_form()
    assert_redirect(form.submit(client))
    response = form.submit(client)
    assert_redirect(response)
    assert "已经保存过了" in text_of(client.get(response.headers["Location"]))
    assert count(in_app, Mediator) == before + 3
    assert in_app(lambda: db.session.scalar(select(ImportBatch.status).where(ImportBatch.token == token))) == "saved"


def test_an_import_is_its_uploaders_alone(client, app, staff, network, importer, make_user):
    token, preview = importer.load("mediators", xlsx_bytes([HEADER, *people(1)]))
    form = preview.save_form()
    colleague = make_user(role="staff", street_id=network["street"].id)
    other = app.test_client()
    assert Auth(other).login(colleague.username).status_code == 302
    assert other.get(f"/admin/imports/batch/{token}/").status_code == 404
    assert other.get(f"/admin/imports/batch/{token}/progress/").status_code == 404
    page = other.get("/admin/imports/mediators/")
    form.set("csrf_token", csrf_token(text_of(page)))
    assert form.submit(other).status_code == 404
    assert other.get("/admin/imports/batch/not-a-token/").status_code == 404


def test_viewers_and_strangers_import_nothing(client, app, login_as, network, upload_dir):
    anonymous = app.test_client()
    response = anonymous.get("/admin/imports/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login_as("viewer")
    for url in ("/admin/imports/", "/admin/imports/mediators/", "/admin/imports/mediators/template/",
                "/admin/imports/cases/", "/admin/imports/attendance/?session=1"):
        assert client.get(url).status_code == 403, url
    assert "/admin/imports/" not in text_of(client.get("/admin/"))  # no menu entry
    assert ">导入<" not in text_of(client.get("/admin/mediators/"))  # no tab on the list


def test_the_list_offers_import_to_those_who_may(client, login_as, network, upload_dir):
    login_as("staff", street_id=network["street"].id)
    page = text_of(client.get("/admin/mediators/"))
    assert 'href="/admin/imports/mediators/"' in page
    assert 'href="/admin/imports/grids/"' not in text_of(client.get("/admin/grids/"))


def test_a_check_whose_request_died_is_started_again(client, staff, importer, in_app):
    from datetime import timedelta

    from portal import timeutil

    response = importer.upload("mediators", xlsx_bytes([HEADER, *people(2)]))
    token = importer.token(response)

    def interrupted():  # as if the request checking it had been killed two minutes ago
        batch = db.session.scalar(select(ImportBatch).where(ImportBatch.token == token))
        batch.status, batch.heartbeat_at = "checking", timeutil.now() - timedelta(minutes=3)
        db.session.commit()

    in_app(interrupted)
    assert client.get(f"/admin/imports/batch/{token}/progress/").get_json()["status"] == "stalled"
    assert importer.check(token)["status"] == "checked"
    assert set(importer.preview(token).statuses().values()) == {"new"}


def test_a_preview_made_on_one_host_saves_on_another(client, staff, importer, in_app, app):
    """The upload and its checked rows are in the shared file store: a host that never saw the
    preview (here: this host with its working copies gone) fetches them and saves."""
    import os
    import shutil

    token, preview = importer.load("mediators", xlsx_bytes([HEADER, *people(3, phone="137")]))
    assert set(preview.statuses().values()) == {"new"}
    shutil.rmtree(os.path.join(app.instance_path, "imports-cache"))
    assert_redirect(importer.save(token))
    assert count(in_app, Mediator, Mediator.mobile.like("137%")) == 3
