"""The list's bulk delete works on both databases (row ids arrive as strings)."""
from portal.extensions import db
from portal.models import Facility
from tests.helpers import csrf_token, text_of


def test_bulk_delete_removes_own_records(client, login_as, two_streets, make_facility, in_app):
    east = two_streets["east"]
    first = make_facility(office_id=two_streets["east_office"].id, name="一号调解室")
    second = make_facility(office_id=two_streets["east_office"].id, name="二号调解室")
    kept = make_facility(office_id=two_streets["east_office"].id, name="三号调解室")
    login_as("staff", street_id=east.id)
    token = csrf_token(text_of(client.get("/admin/facilities/")))
    response = client.post("/admin/facilities/action/", data={
        "action": "delete", "rowid": [str(first.id), str(second.id), "not-a-number"], "csrf_token": token,
    })
    assert response.status_code == 302
    assert in_app(lambda: [db.session.get(Facility, f.id) is None for f in (first, second, kept)]) == [True, True, False]
