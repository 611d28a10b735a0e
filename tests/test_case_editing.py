"""Registering and editing a case through its form, and what the form may not change."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseStatus, DisputeType, CaseSource
from tests.helpers import assert_redirect, csrf_token, get_form, page_errors, text_of


def test_staff_register_a_case_that_starts_at_its_committee(client, login_as, network, in_app):
    login_as("staff", street_id=network["street"].id)
    neighbour, application = in_app(lambda: (
        db.session.scalar(select(DisputeType.id).where(DisputeType.code == "neighbour")),
        db.session.scalar(select(CaseSource.id).where(CaseSource.code == "application")),
    ))
    form = get_form(client, "/admin/cases/new/")
    assert "status" not in form and "number" not in form  # only the steps change these
    form.fill(title="楼道堆物纠纷", dispute_type=neighbour, source=application, committee=network["community_committee"].id,
              received_on="2026-01-05", facts="邻居在楼道堆放杂物。")
    form.fill(**{"parties-0-role": "applicant", "parties-0-kind": "person", "parties-0-name": "赵六",
                 "parties-0-sex": "male", "parties-0-phone": "13811112222"})
    assert_redirect(form.submit(client))
    case = in_app(lambda: db.session.scalar(select(Case).where(Case.title == "楼道堆物纠纷")))
    assert case.status == CaseStatus.REGISTERED and case.number is None
    assert case.origin_committee_id == network["community_committee"].id and case.start_level == "community"
    assert case.street_id == network["street"].id and case.community_id == network["community"].id


def test_an_accepted_case_changes_committee_only_by_a_step(client, login_as, network, case_in, case_page, load_case):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    assert_redirect(case_page(case.id).step("accept"))
    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    response = form.set("committee", network["street_committee"].id).submit(client)
    assert response.status_code == 200
    assert any("升级" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id).committee_id == network["community_committee"].id


def test_a_numbered_case_is_not_deleted_by_staff(client, login_as, network, case_in, case_page, load_case, other_client, in_app):
    login_as("staff", street_id=network["street"].id)
    numbered, draft = case_in(network["community_committee"]), case_in(network["community_committee"])
    assert_redirect(case_page(numbered.id).step("accept"))
    token = csrf_token(text_of(client.get("/admin/cases/")))
    response = client.post("/admin/cases/delete/", data={"csrf_token": token, "id": numbered.id}, follow_redirects=True)
    assert any("已受理" in e and "不能删除" in e for e in page_errors(response)), page_errors(response)
    assert load_case(numbered.id) is not None
    client.post("/admin/cases/delete/", data={"csrf_token": token, "id": draft.id})
    assert in_app(lambda: db.session.get(Case, draft.id)) is None  # a registration made by mistake can go

    admin = other_client("admin")
    token = csrf_token(text_of(admin.get("/admin/cases/")))
    admin.post("/admin/cases/delete/", data={"csrf_token": token, "id": numbered.id})
    assert in_app(lambda: db.session.get(Case, numbered.id)) is None


def test_records_of_an_archived_case_are_read_only_except_for_the_district_office(
    client, login_as, network, case_in, case_page, load_case, other_client, in_app,
):
    from portal import timeutil

    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    assert_redirect(page.step("settle", kind="oral", terms="互相谅解"))
    follow_up = in_app(lambda: db.session.get(Case, case.id).follow_ups[0].id)
    form = get_form(client, f"/admin/follow_ups/edit/?id={follow_up}")
    form.fill(done_on=timeutil.today().isoformat(), method="phone", performed="fully", satisfaction="satisfied", risk="none")
    assert_redirect(form.submit(client))
    page.upload_dossier("application", "rights_notice", "identity", "back_cover")
    response = page.step("archive", retention="short_term")
    assert response.status_code == 200 and any("调解记录" in e for e in page_errors(response))
    page.upload_dossier("mediation_record")
    assert_redirect(page.step("archive", retention="short_term"))

    response = client.get(f"/admin/follow_ups/edit/?id={follow_up}", follow_redirects=True)
    assert any("归档" in e for e in page_errors(response)), page_errors(response)
    form.fill(measures="归档后补记")
    form.submit(client)
    assert in_app(lambda: db.session.get(Case, case.id).follow_ups[0].measures) == ""
    assert client.get(f"/admin/follow_ups/new/?case_id={case.id}").status_code == 302

    admin = other_client("admin")
    form = get_form(admin, f"/admin/follow_ups/edit/?id={follow_up}")
    assert_redirect(form.fill(measures="区司法局补记").submit(admin))
    assert in_app(lambda: db.session.get(Case, case.id).follow_ups[0].measures) == "区司法局补记"


def test_staff_cannot_give_a_case_another_streets_community(client, login_as, network, case_in, load_case, make_community):
    west = make_community(network["other_street"].id, name="西城社区")
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["street_committee"])  # a street committee: the community is the form's to choose
    found = client.get("/admin/cases/ajax/lookup/?name=community&query=").get_json()
    assert [row[0] for row in found] == [network["community"].id]  # only the staff's own street

    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    before = load_case(case.id)
    response = form.set("community", west.id).fill(title="改过的标题").submit(client)
    assert response.status_code == 200 and page_errors(response)
    after = load_case(case.id)
    assert (after.community_id, after.title, after.version) == (before.community_id, before.title, before.version)

    # Their own street's community is fine.
    assert_redirect(form.set("community", network["community"].id).submit(client))
    assert load_case(case.id).community_id == network["community"].id


def test_a_case_community_must_be_in_its_committees_street(client, login_as, network, case_in, load_case, make_community):
    west = make_community(network["other_street"].id, name="西城社区")
    login_as("admin")  # the district office sees every street's communities in the lookup
    case = case_in(network["street_committee"])
    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    response = form.set("community", west.id).submit(client)
    assert response.status_code == 200
    assert any("西城社区" in e and "东华街道" in e for e in page_errors(response)), page_errors(response)
    assert load_case(case.id).community_id is None

    form = get_form(client, "/admin/cases/new/")
    form.fill(title="跨街道的社区", dispute_type=form.get("dispute_type"), source=form.get("source"),
              committee=network["street_committee"].id, community=west.id, received_on="2026-01-05")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert "跨街道的社区" not in text_of(client.get("/admin/cases/"))

    # The district committee serves every street: any community of the district will do.
    district_case = case_in(network["district"])
    form = get_form(client, f"/admin/cases/edit/?id={district_case.id}")
    assert_redirect(form.set("community", west.id).submit(client))
    assert load_case(district_case.id).community_id == west.id
