"""Several scans at once: each with its own kind (the drop zone's selects), or one kind for all
with a page to check each afterwards (without the script); a bad file refuses the batch, naming it."""
import io
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseAttachment
from tests.fixtures.cases import JPEG, PDF, PNG
from tests.helpers import get_form, page_errors, text_of


def scans_of(in_app, case_id):
    return in_app(lambda: [(a.filename, a.kind) for a in db.session.scalars(
        select(CaseAttachment).where(CaseAttachment.case_id == case_id).order_by(CaseAttachment.id))])


def post(client, case_id, files, **fields):
    form = get_form(client, f"/admin/cases/attachments/upload/?id={case_id}", match="/attachments/upload/")
    form.fill(**fields)
    payload = form.data()
    for name, value in fields.items():
        if isinstance(value, list):
            payload.setlist(name, value)
    payload.setlist("file", [(io.BytesIO(data), name) for name, data in files])
    return client.post(f"/admin/cases/attachments/upload/?id={case_id}", data=payload, content_type="multipart/form-data")


def test_each_file_with_its_kind(client, login_as, network, case_in, in_app):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    response = post(client, case.id, [("a.pdf", PDF), ("b.jpg", JPEG), ("c.png", PNG)],
                    kind="other", kinds=["application", "identity", "evidence"])
    assert response.status_code == 302 and response.headers["Location"].endswith("#documents")
    assert scans_of(in_app, case.id) == [("a.pdf", "application"), ("b.jpg", "identity"), ("c.png", "evidence")]


def test_without_the_script_kinds_are_guessed_then_checked(client, login_as, network, case_in, in_app):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    response = post(client, case.id, [("张三身份证.jpg", JPEG), ("调解协议书.pdf", PDF), ("扫描001.pdf", PDF)], kind="guess")
    assert response.status_code == 302 and "/case_documents/kinds/" in response.headers["Location"]
    assert scans_of(in_app, case.id) == [("张三身份证.jpg", "identity"), ("调解协议书.pdf", "agreement"),
                                         ("扫描001.pdf", "other")]
    kinds_url = response.headers["Location"]
    page = text_of(client.get(kinds_url))
    assert "扫描001.pdf" in page
    form = get_form(client, kinds_url, match="/kinds/")
    third = in_app(lambda: db.session.scalar(select(CaseAttachment.id).where(CaseAttachment.filename == "扫描001.pdf")))
    form.set(f"kind-{third}", "evidence")
    assert form.submit(client).status_code == 302
    assert scans_of(in_app, case.id)[2] == ("扫描001.pdf", "evidence")
    form.set(f"kind-{third}", "no-such-kind")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert scans_of(in_app, case.id)[2] == ("扫描001.pdf", "evidence")


def test_a_bad_file_refuses_the_whole_batch_naming_it(client, login_as, network, case_in, in_app, upload_dir):
    import os

    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    response = post(client, case.id, [("good.pdf", PDF), ("病毒.exe.pdf", b"MZ\x90\x00 not a pdf"), ("文本.png", b"hello")],
                    kind="evidence")
    assert response.status_code == 200
    errors = text_of(response).split('id="file-errors"')[1].split("</div></div>")[0]
    assert "病毒.exe.pdf" in errors and "文本.png" in errors and "good.pdf" not in errors
    assert "所有文件均未添加" in errors
    assert scans_of(in_app, case.id) == []
    assert not (upload_dir / "cases").exists() or os.listdir(upload_dir / "cases") == []


def test_the_upload_form_offers_several_files(client, login_as, network, case_in):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    html = text_of(client.get(f"/admin/cases/details/?id={case.id}&tab=all"))
    assert re.search(r'<input[^>]*type="file"[^>]*multiple|<input[^>]*multiple[^>]*type="file"', html)
    assert "case_upload.js" in html and "drop-zone" in html
