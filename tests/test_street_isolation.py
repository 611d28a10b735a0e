"""Staff see and change only their own street's records, whatever URL they try."""
import json

import pytest

from portal.extensions import db
from portal.models import Case, Committee, Facility, Mediator
from tests.helpers import csrf_token, get_form, listed_ids, page_errors, text_of


@pytest.fixture
def world(two_streets, make_mediator, make_case, make_facility):
    east, west = two_streets["east"], two_streets["west"]
    return {
        **two_streets,
        "east_mediator": make_mediator(east.id, name="东东"),
        "west_mediator": make_mediator(west.id, name="西西"),
        "east_case": make_case(two_streets["east_committee"].id, title="东华噪音纠纷"),
        "west_case": make_case(two_streets["west_committee"].id, title="西城噪音纠纷"),
        "east_facility": make_facility(office_id=two_streets["east_office"].id, name="东华调解室"),
        "west_facility": make_facility(office_id=two_streets["west_office"].id, name="西城调解室"),
    }


RECORDS = [
    ("committees", "west_committee", "east_committee", "西城街道人民调解委员会"),
    ("mediators", "west_mediator", "east_mediator", "西西"),
    ("cases", "west_case", "east_case", "西城噪音纠纷"),
    ("facilities", "west_facility", "east_facility", "西城调解室"),
]


@pytest.mark.parametrize("endpoint,theirs,ours,their_name", RECORDS)
def test_lists_details_edits_exports_hide_other_streets(client, login_as, world, endpoint, theirs, ours, their_name):
    login_as("staff", street_id=world["east"].id)
    other = world[theirs].id

    assert listed_ids(client.get(f"/admin/{endpoint}/")) == {world[ours].id}
    assert listed_ids(client.get(f"/admin/{endpoint}/?search={their_name}")) == set()
    for kind in ("csv", "xlsx"):
        assert their_name.encode() not in client.get(f"/admin/{endpoint}/export/{kind}/").data
    # Details and edit of another street's record: nothing to see, redirected back to the list.
    for url in (f"/admin/{endpoint}/details/?id={other}", f"/admin/{endpoint}/edit/?id={other}"):
        response = client.get(url)
        assert response.status_code == 302 and their_name not in text_of(response)
    # Our own records open.
    assert client.get(f"/admin/{endpoint}/details/?id={world[ours].id}").status_code == 200


@pytest.mark.parametrize("endpoint,model,theirs", [
    ("committees", Committee, "west_committee"), ("mediators", Mediator, "west_mediator"),
    ("cases", Case, "west_case"), ("facilities", Facility, "west_facility"),
])
def test_delete_and_bulk_delete_of_other_street_change_nothing(client, login_as, world, in_app, endpoint, model, theirs):
    login_as("staff", street_id=world["east"].id)
    other = world[theirs].id
    token = csrf_token(text_of(client.get(f"/admin/{endpoint}/")))
    client.post(f"/admin/{endpoint}/delete/", data={"id": other, "csrf_token": token})
    client.post(f"/admin/{endpoint}/action/", data={"action": "delete", "rowid": [other], "csrf_token": token})
    assert in_app(lambda: db.session.get(model, other)) is not None


def test_ajax_lookups_offer_and_accept_only_own_street(client, login_as, world, in_app):
    login_as("staff", street_id=world["east"].id)
    found = json.loads(client.get("/admin/cases/ajax/lookup/?name=committee&query=街道").data)
    assert [name for _id, name in found] == ["东华街道人民调解委员会"]
    found = json.loads(client.get("/admin/cases/ajax/lookup/?name=mediators&query=").data)
    assert {name for _id, name in found} == {"东东"}

    # Posting the other street's committee id by hand does not move our case there.
    form = get_form(client, f"/admin/cases/edit/?id={world['east_case'].id}")
    form.set("committee", world["west_committee"].id)
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert in_app(lambda: db.session.get(Case, world["east_case"].id).committee_id) == world["east_committee"].id


def test_staff_cannot_create_a_record_in_another_street(client, login_as, world, in_app):
    login_as("staff", street_id=world["east"].id)
    form = get_form(client, "/admin/mediators/new/")
    assert str(world["west"].id) not in [v for n, v in form.fields if n == "street"]
    form.fill(name="越界", sex="male", street=world["west"].id, employment="part_time", status="active")
    response = form.submit(client)
    assert response.status_code == 200
    assert in_app(lambda: db.session.query(Mediator).filter_by(name="越界").count()) == 0


def test_staff_forms_start_with_their_own_street(client, login_as, world):
    login_as("staff", street_id=world["east"].id)
    for endpoint in ("mediators", "committees"):
        assert get_form(client, f"/admin/{endpoint}/new/").get("street") == str(world["east"].id), endpoint
