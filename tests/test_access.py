"""Each role reaches exactly what it may, on the server, for every kind of endpoint."""
import json

import pytest

from portal.extensions import db
from portal.models import Mediator
from tests.helpers import csrf_token, text_of


@pytest.fixture
def records(two_streets, make_mediator, make_case, make_training, make_facility):
    east = two_streets["east"]
    return {
        **two_streets,
        "mediator": make_mediator(east.id, name="张三"),
        "case": make_case(two_streets["east_committee"].id),
        "training": make_training(office_id=two_streets["east_office"].id),
        "facility": make_facility(office_id=two_streets["east_office"].id),
    }


def status(client, url):
    return client.get(url).status_code


def test_trainer_never_reaches_cases_or_personal_data(client, login_as, records):
    login_as("trainer")
    case_id, mediator_id = records["case"].id, records["mediator"].id
    for url in ("/admin/cases/", f"/admin/cases/details/?id={case_id}", f"/admin/cases/edit/?id={case_id}",
                "/admin/cases/new/", "/admin/cases/export/csv/", "/admin/cases/ajax/lookup/?name=committee&query=",
                "/admin/mediators/", f"/admin/mediators/details/?id={mediator_id}", "/admin/mediators/export/xlsx/",
                "/admin/users/", "/admin/audit_log/", "/admin/committees/"):
        assert status(client, url) == 403, url
    token = csrf_token(text_of(client.get("/admin/")))
    assert client.post("/admin/cases/delete/", data={"id": case_id, "csrf_token": token}).status_code == 403

    names = text_of(client.get("/admin/mediator_names/"))
    assert "张三" in names
    assert "139" not in names and "11010119" not in names  # no phone, no ID number
    assert status(client, f"/admin/mediator_names/details/?id={mediator_id}") == 403
    assert status(client, "/admin/training_sessions/") == 200
    assert status(client, "/admin/training_sessions/new/") == 200


def test_trainer_menu_shows_only_what_it_may_open(client, login_as, records):
    login_as("trainer")
    html = text_of(client.get("/admin/"))
    assert "/admin/training_sessions/" in html and "/admin/mediator_names/" in html
    for hidden in ("/admin/cases/", "/admin/mediators/", "/admin/users/", "/admin/committees/", "/admin/audit_log/"):
        assert hidden not in html, hidden


def test_viewer_reads_everything_but_changes_nothing(client, login_as, records, in_app):
    login_as("viewer")
    mediator_id = records["mediator"].id
    for url in ("/admin/cases/", "/admin/mediators/", f"/admin/mediators/details/?id={mediator_id}",
                "/admin/committees/", "/admin/mediators/export/csv/"):
        assert status(client, url) == 200, url
    for url in ("/admin/mediators/new/", f"/admin/mediators/edit/?id={mediator_id}", "/admin/users/",
                "/admin/dispute_types/new/", "/admin/audit_log/"):
        assert status(client, url) == 403, url
    token = csrf_token(text_of(client.get("/admin/")))
    assert client.post("/admin/mediators/delete/", data={"id": mediator_id, "csrf_token": token}).status_code == 403
    assert client.post("/admin/mediators/action/", data={"action": "delete", "rowid": [mediator_id], "csrf_token": token}).status_code == 403
    assert in_app(lambda: db.session.get(Mediator, mediator_id)) is not None

    # Inspectors see personal data masked, even in details.
    details = text_of(client.get(f"/admin/mediators/details/?id={mediator_id}"))
    full_id = in_app(lambda: db.session.get(Mediator, mediator_id).id_number)
    assert full_id not in details and full_id[:3] + "*" * 11 + full_id[-4:] in details
    listing = text_of(client.get("/admin/mediators/"))
    assert "****" in listing


def test_staff_edits_own_street_but_not_users_lookups_or_log(client, login_as, records):
    login_as("staff", street_id=records["east"].id)
    for url in ("/admin/users/", "/admin/audit_log/", "/admin/dispute_types/new/"):
        assert status(client, url) == 403, url
    assert status(client, "/admin/dispute_types/") == 403
    assert status(client, f"/admin/mediators/edit/?id={records['mediator'].id}") == 200
    assert status(client, f"/admin/cases/edit/?id={records['case'].id}") == 200
    # Office details of their own street can be edited, not created.
    assert status(client, f"/admin/judicial_offices/edit/?id={records['east_office'].id}") == 200
    assert status(client, "/admin/judicial_offices/new/") == 403


def test_staff_sees_full_personal_data_of_own_street(client, login_as, records, in_app):
    login_as("staff", street_id=records["east"].id)
    full_id = in_app(lambda: db.session.get(Mediator, records["mediator"].id).id_number)
    assert full_id in text_of(client.get(f"/admin/mediators/details/?id={records['mediator'].id}"))
    # … but lists and exports keep it masked.
    assert full_id not in text_of(client.get("/admin/mediators/"))
    assert full_id.encode() not in client.get("/admin/mediators/export/csv/").data


def test_ajax_lookup_needs_a_form_permission(client, login_as, auth, records):
    login_as("viewer")
    assert status(client, "/admin/cases/ajax/lookup/?name=committee&query=") == 403
    auth.logout()
    login_as("admin")
    found = json.loads(client.get("/admin/cases/ajax/lookup/?name=committee&query=街道&limit=500").data)
    assert len(found) == 2


def test_forbidden_pages_answer_403_in_the_users_language(client, login_as, records):
    login_as("trainer")
    response = client.get("/admin/cases/")
    assert response.status_code == 403
    assert "您没有权限访问此页面" in text_of(response)
