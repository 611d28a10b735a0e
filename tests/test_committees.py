"""Committees through the admin, as office staff use them."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import Committee, CommitteeMembership
from tests.helpers import assert_redirect, filtered, get_form, listed_ids, text_of


def test_create_committee_with_members_then_search_filter_export_delete(client, login_as, two_streets, make_mediator, in_app):
    east = two_streets["east"]
    login_as("staff", street_id=east.id)
    director = make_mediator(east.id, name="王芳", sex="female")
    member = make_mediator(east.id, name="刘强")

    form = get_form(client, "/admin/committees/new/")
    form.fill(name="和平社区人民调解委员会", short_name="和", level="community", street=east.id,
              phone="010-66668888", established_on="2020-03-01", registered_on="2020-03-15")
    form.fill(**{
        "memberships-0-mediator": director.id, "memberships-0-post": "director",
        "memberships-0-selection": "elected", "memberships-0-term_start": "2024-01-01", "memberships-0-term_end": "2027-01-01",
        "memberships-1-mediator": member.id, "memberships-1-post": "member",
        "memberships-1-selection": "hired", "memberships-1-term_start": "2024-01-01",
    })
    assert_redirect(form.submit(client))

    def saved():
        committee = db.session.scalar(select(Committee).where(Committee.name == "和平社区人民调解委员会"))
        return committee.id, committee.street_id, sorted((m.mediator.name, m.post) for m in committee.memberships)

    committee_id, street_id, members = in_app(saved)
    assert street_id == east.id
    assert members == [("刘强", "member"), ("王芳", "director")]

    # The membership shows on the mediator's page.
    assert "和平社区人民调解委员会" in text_of(client.get(f"/admin/mediators/details/?id={director.id}"))

    # Search by Chinese name, filter by level, export both formats.
    listing = text_of(client.get("/admin/committees/?search=和平"))
    assert "和平社区人民调解委员会" in listing and "东华街道人民调解委员会" not in listing
    assert committee_id in listed_ids(filtered(client, "/admin/committees/", "层级", "community"))
    assert committee_id not in listed_ids(filtered(client, "/admin/committees/", "层级", "street"))
    # Mediators can be filtered by the committee they sit on.
    assert listed_ids(filtered(client, "/admin/mediators/", "人民调解委员会", "和平社区")) == {director.id, member.id}
    csv = client.get("/admin/committees/export/csv/")
    assert csv.status_code == 200 and "和平社区人民调解委员会" in csv.get_data(as_text=True)
    xlsx = client.get("/admin/committees/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"

    delete = get_form(client, "/admin/committees/", match="/delete/")
    delete.set("id", committee_id)
    assert delete.submit(client).status_code == 302
    assert in_app(lambda: db.session.get(Committee, committee_id)) is None
    assert in_app(lambda: db.session.scalar(select(CommitteeMembership).limit(1))) is None
