"""Several app hosts behind one balancer, on one database and one file store: two real app
servers (gunicorn, each with its own instance folder) share nothing else. A person signs in on
one and goes on on the other; a file uploaded through one is read through the other; failed
sign-ins count on both; no host writes personal data to its log."""
import os

import requests

from portal.extensions import db
from portal.models import CaseAttachment
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF
from tests.helpers import csrf_token, form_from_html
from tests.idnumbers import id_number


def sign_in(session, server, username, password=PASSWORD):
    page = session.get(server.url + "/auth/login")
    return session.post(server.url + "/auth/login", allow_redirects=False,
                        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)})


def test_two_app_servers_on_one_database_and_one_store_behave_as_one(app, app_servers, s3_server, make_user, network,
                                                                     case_in, in_app):
    bucket = s3_server.new_bucket()
    shared = {"PORTAL_STORAGE_URL": s3_server.url(bucket, "uploads")}
    first, second = app_servers(shared), app_servers(shared)
    admin = make_user("admin")
    case = case_in(network["community_committee"])
    browser = requests.Session()

    # Signed in on the first host, the second knows the person.
    assert sign_in(browser, first, admin.username).status_code == 302
    home = browser.get(second.url + "/admin/", allow_redirects=False)
    assert home.status_code == 200 and admin.display_name in home.text

    # A form from one host is accepted by the other (the CSRF token lives in the signed session),
    # and the file it carries is read back through the first host.
    upload_url = f"/admin/cases/attachments/upload/?id={case.id}"
    form = form_from_html(browser.get(first.url + upload_url).text, upload_url, match="/attachments/upload/")
    form.fill(kind="evidence", title="现场照片")
    sent = browser.post(second.url + upload_url, data=list(form.data().items(multi=True)),
                        files={"file": ("现场.pdf", PDF, "application/pdf")}, allow_redirects=False)
    assert sent.status_code == 302, sent.text[:2000]
    attachment_id = in_app(lambda: db.session.query(CaseAttachment.id).scalar())
    download = browser.get(f"{first.url}/admin/cases/attachments/{attachment_id}/")
    assert download.status_code == 200 and download.content == PDF
    assert len(s3_server.objects(bucket)) == 1

    # Neither host kept anything of its own: no upload, no generated key in its instance folder.
    for server in (first, second):
        assert sorted(os.listdir(server.instance)) == ["server.log"]

    # Failed sign-ins are counted in the database, so both hosts refuse together.
    stranger = requests.Session()
    for attempt in range(10):
        server = first if attempt % 2 else second
        assert sign_in(stranger, server, admin.username, "wrong-password").status_code == 200
    assert sign_in(stranger, first, admin.username, "wrong-password").status_code == 429
    assert sign_in(stranger, second, admin.username).status_code == 429

    # A search by ID number reaches the log of neither host; the request id does.
    secret = id_number("19700101", 321)
    answer = browser.get(f"{second.url}/admin/mediators/?search={secret}")
    assert answer.status_code == 200
    first.stop(), second.stop()
    logs = first.output() + second.output()
    assert answer.headers["X-Request-ID"] in logs
    assert secret not in logs and PASSWORD not in logs
    assert '"path": "/admin/cases/attachments/upload/"' in logs and '"status": 302' in logs
