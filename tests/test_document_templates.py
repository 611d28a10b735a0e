"""Templates are data: the district office downloads a standard template as DOCX, edits it in
Word, uploads it, previews it on a real case and publishes it; every version is kept and can
be restored. Bad templates are refused with the reason (the unknown placeholder by name)."""
import io
import re

from docx import Document
from sqlalchemy import select

from portal.extensions import db
from portal.models.documents import DocumentTemplate
from tests.fixtures.cases import PDF
from tests.fixtures.documents import docx_text
from tests.helpers import get_form, page_errors, text_of

BASE = "/admin/document_templates"


def edited(data, old, new):
    """The DOCX ``data`` with ``old`` replaced by ``new`` in the first paragraph holding it, as Word would save it."""
    document = Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        if old in paragraph.text:
            text = paragraph.text.replace(old, new)
            for run in paragraph.runs[1:]:
                run.text = ""
            paragraph.runs[0].text = text
            break
    else:
        raise AssertionError(f"{old} not in the template")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, key, data, filename="协议书.docx", note="改了措辞"):
    form = get_form(client, f"{BASE}/{key}/", match="/upload/")
    payload = form.data()
    payload["note"] = note
    payload["file"] = (io.BytesIO(data), filename)
    return client.post(f"{BASE}/{key}/upload/", data=payload, content_type="multipart/form-data")


def versions(in_app, key):
    return in_app(lambda: [(v.number, v.published_at is not None, v.restored_from) for v in db.session.scalars(
        select(DocumentTemplate).where(DocumentTemplate.key == key).order_by(DocumentTemplate.number))])


def test_download_edit_upload_preview_publish_restore(client, login_as, network, complete_case, in_app):
    login_as("admin")
    ids = complete_case()
    listing = text_of(client.get(f"{BASE}/"))
    assert "人民调解协议书" in listing and "卷内目录" in listing

    standard = client.get(f"{BASE}/agreement/download/?standard=1")
    assert standard.status_code == 200 and standard.data.startswith(b"PK")
    assert "{{ agreement.terms }}" in docx_text(standard.data)

    new_wording = edited(standard.data, "经调解，当事人自愿达成如下协议：", "经本委员会调解，双方当事人自愿达成协议如下：")
    response = upload(client, "agreement", new_wording)
    assert response.status_code == 302, page_errors(response)
    assert versions(in_app, "agreement") == [(1, False, None)]

    # A draft is not in use yet, but can be tried on a real case.
    case_doc = f"/admin/case_documents/agreement/docx/?id={ids['case']}"
    assert "经调解，当事人自愿达成如下协议" in docx_text(client.get(case_doc).data)
    version_id = in_app(lambda: db.session.scalar(select(DocumentTemplate.id)))
    page = text_of(client.get(f"{BASE}/agreement/?case={ids['number']}"))
    assert f"/version/{version_id}/preview/" in page
    preview = client.get(f"{BASE}/version/{version_id}/preview/?case={ids['number']}")
    assert preview.status_code == 200 and "双方当事人自愿达成协议如下" in text_of(preview)
    preview_pdf = client.get(f"{BASE}/version/{version_id}/preview/?case={ids['number']}&format=pdf")
    assert preview_pdf.mimetype == "application/pdf"
    missing = client.get(f"{BASE}/version/{version_id}/preview/?case=（2099）无字第0001号", follow_redirects=True)
    assert page_errors(missing)

    # Published, it makes every case's agreement.
    publish = get_form(client, f"{BASE}/agreement/", match=f"/version/{version_id}/publish/")
    assert publish.submit(client).status_code == 302
    assert "双方当事人自愿达成协议如下" in docx_text(client.get(case_doc).data)
    assert "Version 1" in text_of(client.get(f"{BASE}/")) or "第 1 版" in text_of(client.get(f"{BASE}/")) or "版本 1" in text_of(client.get(f"{BASE}/"))

    # A second version, published; then the first restored as a copy: nothing is lost.
    second = edited(new_wording, "本协议一式", "本协议书一式")
    assert upload(client, "agreement", second, note="第二版").status_code == 302
    second_id = in_app(lambda: db.session.scalar(select(DocumentTemplate.id).where(DocumentTemplate.number == 2)))
    get_form(client, f"{BASE}/agreement/", match=f"/version/{second_id}/publish/").submit(client)
    assert "本协议书一式" in docx_text(client.get(case_doc).data)
    restore = get_form(client, f"{BASE}/agreement/", match=f"/version/{version_id}/restore/")
    assert restore.submit(client).status_code == 302
    assert versions(in_app, "agreement") == [(1, True, None), (2, True, None), (3, True, 1)]
    text = docx_text(client.get(case_doc).data)
    assert "本协议一式" in text and "双方当事人自愿达成协议如下" in text
    old = client.get(f"{BASE}/agreement/download/?version={second_id}")
    assert "本协议书一式" in docx_text(old.data)

    # And back to the standard template.
    get_form(client, f"{BASE}/agreement/", match="/agreement/standard/").submit(client)
    assert "经调解，当事人自愿达成如下协议" in docx_text(client.get(case_doc).data)
    assert len(versions(in_app, "agreement")) == 4


def test_bad_templates_are_refused_with_the_reason(client, login_as, network, in_app):
    login_as("admin")
    standard = client.get(f"{BASE}/agreement/download/?standard=1").data

    # Not a DOCX, whatever its name: refused by its content.
    for data in (PDF, b"PK\x03\x04not really a zip", b"plain text"):
        response = upload(client, "agreement", data, filename="协议书.docx")
        assert response.status_code == 200
        assert any("DOCX" in e for e in page_errors(response)), page_errors(response)

    # A placeholder the document does not have: named, top level, nested or inside a loop.
    for wrong, name in (("{{ agreement.terms }}", "{{ agreement.termz }}"), ("{{ agreement.terms }}", "{{ judge_fee }}"),
                        ("{{ p.address }}", "{{ p.adress }}")):
        data = edited(standard, wrong, name)
        response = upload(client, "agreement", data)
        assert response.status_code == 200
        expected = name.strip("{} ").split(".")[-1]
        assert any(expected in e for e in page_errors(response)), (name, page_errors(response))

    # Broken Jinja is refused too, not a 500.
    response = upload(client, "agreement", edited(standard, "{{ agreement.terms }}", "{{ agreement.terms "))
    assert response.status_code == 200 and page_errors(response)
    # A placeholder of another document is not one of this one's.
    response = upload(client, "cover", edited(client.get(f"{BASE}/cover/download/?standard=1").data,
                                              "{{ committee.name }}", "{{ meeting.summary }}"))
    assert response.status_code == 200 and any("meeting" in e for e in page_errors(response))
    assert versions(in_app, "agreement") == [] and versions(in_app, "cover") == []


def test_only_the_district_office_edits_templates(client, login_as, network, other_client):
    staff = other_client("staff", network["street"].id)
    inspector = other_client("viewer")
    for reader in (staff, inspector):
        assert reader.get(f"{BASE}/").status_code == 403
        assert reader.get(f"{BASE}/agreement/download/?standard=1").status_code == 403
    assert "/document_templates/" not in text_of(staff.get("/admin/"))
    login_as("admin")
    assert "/admin/document_templates/" in text_of(client.get("/admin/"))


def test_placeholders_are_listed_with_examples(client, login_as, network):
    login_as("admin")
    page = text_of(client.get(f"{BASE}/agreement/"))
    assert "agreement.terms" in page and "parties[].name" in page and "（2026）和平调字第0007号" in page
    assert re.search(r"mediator_signatures\[\]\.number", page)


def test_two_uploads_at_the_same_moment_both_kept(app, network, make_user, in_app):
    """Two district officers upload a version of the same template at once, each on its own
    connection: both are kept, numbered one after the other, neither gets a 500."""
    import threading

    from tests.fixtures.accounts import Auth

    standard = None
    clients = []
    for n in range(2):
        client = app.test_client()
        user = make_user(role="admin", username=f"district{n}")
        assert Auth(client).login(user.username).status_code == 302
        standard = standard or client.get(f"{BASE}/agreement/download/?standard=1").data
        clients.append((client, get_form(client, f"{BASE}/agreement/", match="/upload/")))
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def send(index):
        client, form = clients[index]
        payload = form.data()
        payload["note"] = f"第{index}人"
        payload["file"] = (io.BytesIO(edited(standard, "本协议一式", f"本协议{index}一式")), "协议书.docx")
        barrier.wait()
        results[index] = client.post(f"{BASE}/agreement/upload/", data=payload,
                                     content_type="multipart/form-data").status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [302, 302]
    assert sorted(n for n, _published, _copy in versions(in_app, "agreement")) == [1, 2]
