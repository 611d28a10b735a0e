"""Who sees which screening records: reporters only their own leads in their own grids and no case
data, whatever URL they try; staff their street in every list, detail, export and lookup; the
district all; inspectors read with personal data masked; trainers nothing of it."""
import io
import json
import zipfile

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from portal.extensions import db
from portal.models import Case, CaseParty, Lead, LeadPhoto, PreventionRecord
from tests.fixtures.cases import PNG
from tests.fixtures.screening import PARTY_ID, PARTY_PHONE
from tests.helpers import csrf_token, get_form, listed_ids, text_of

CASE_SECRETS = ("机密纠纷案件", "只有办案人员知道的事实", "保密当事人甲", "13900001111")
OTHER_LEADS = ("别人上报的线索", "司法所登记的线索", "旧网格里的线索", "西城街道的线索")


@pytest.fixture
def world(app, screening_world, make_case, make_user, make_reporter, reporter_account, make_lead, upload_dir, in_app):
    w = screening_world
    case = make_case(w["community_committee"].id, title="机密纠纷案件", parties=False)

    def secrets():
        stored = db.session.get(Case, case.id)
        stored.facts = "只有办案人员知道的事实"
        stored.parties = [CaseParty(role="applicant", kind="person", name="保密当事人甲", phone="13900001111")]
        db.session.commit()

    in_app(secrets)
    mine = reporter_account["reporter"]
    colleague = make_reporter([w["heping1"].id], name="钱信息")
    leads = {
        "mine": make_lead(w["heping1"].id, reporter_id=mine.id, description="我上报的楼道堆物线索", parties=True),
        "colleague": make_lead(w["heping1"].id, reporter_id=colleague.id, description="别人上报的线索"),
        "office": make_lead(w["heping2"].id, description="司法所登记的线索"),
        "old_grid": make_lead(w["qingnian1"].id, reporter_id=mine.id, description="旧网格里的线索"),
        "west": make_lead(w["west1"].id, description="西城街道的线索"),
    }
    return {**w, "case": case, "leads": leads, "mine": mine, "user": reporter_account["user"]}


def _readable(response):
    data = response.data
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _paths(app, ids):
    """Every GET path of the app, its arguments filled with the given ids."""
    named = {"export_type": ["csv", "xlsx"], "code": ["en"], "step": ["resolve", "convert"], "type_key": ["procedure"]}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint.endswith("static") or "GET" not in rule.methods or rule.endpoint in ("auth.logout", "i18n.switch"):
            continue
        combos = [{}]
        for argument in rule.arguments:
            values = named.get(argument, ids if isinstance(rule._converters[argument], IntegerConverter) else None)
            if values is None:
                combos = []
                break
            combos = [dict(c, **{argument: v}) for c in combos for v in values]
        for values in combos:
            path = rule.build(values)[1]
            yield rule, path


def test_every_route_as_a_reporter(app, client, auth, world, in_app, signed_in):
    staff = signed_in("staff", world["east"].id)
    for lead in world["leads"].values():
        if lead.street_id == world["east"].id:
            page = text_of(staff.get(f"/admin/screening_leads/details/?id={lead.id}"))
            staff.post(f"/admin/screening_leads/photos/add/?id={lead.id}",
                       data={"csrf_token": csrf_token(page), "photo": (io.BytesIO(PNG), "现场.png")},
                       content_type="multipart/form-data")
    photo_ids = in_app(lambda: list(db.session.scalars(select(LeadPhoto.id))))
    assert len(photo_ids) == 4

    auth.login(world["user"].username)
    ids = sorted({lead.id for lead in world["leads"].values()} | {world["case"].id} | set(photo_ids))
    leaks, opened = [], []
    for rule, path in _paths(app, ids):
        queries = [""] if rule.arguments else ["", *[f"?id={i}" for i in ids], "?search=线索"]
        if rule.rule.endswith("/ajax/lookup/"):
            queries += ["?name=lead&query=线索", "?name=case&query=机密", "?name=grid&query=", "?name=user&query="]
        for query in queries:
            response = client.get(path + query)
            body = _readable(response)
            found = [secret for secret in CASE_SECRETS + OTHER_LEADS + (PARTY_ID,) if secret in body]
            if found:
                leaks.append((path + query, response.status_code, found))
            if response.status_code == 200:
                opened.append(path + query)
    assert leaks == []
    assert "/admin/field_reports/" in opened
    mine = world["leads"]["mine"].id
    assert f"/admin/field_reports/lead/{mine}/" in opened
    for closed in ("/admin/cases/", "/admin/screening_leads/", "/admin/screening_board/", "/admin/grid_reporters/",
                   f"/admin/screening_leads/details/?id={mine}", "/admin/screening_leads/export/csv/"):
        assert client.get(closed).status_code == 403, closed
    # Their own photo opens; others' do not.
    own_photo = in_app(lambda: db.session.scalar(select(LeadPhoto.id).where(LeadPhoto.lead_id == mine)))
    assert client.get(f"/admin/field_reports/photo/{own_photo}/").status_code == 200
    for other in set(photo_ids) - {own_photo}:
        assert client.get(f"/admin/field_reports/photo/{other}/").status_code == 404


def test_a_reporter_sees_only_their_own_leads_in_their_own_grids(client, auth, world):
    auth.login(world["user"].username)
    home = text_of(client.get("/admin/field_reports/"))
    assert "我上报的楼道堆物线索" in home
    for other in OTHER_LEADS:
        assert other not in home
    for key in ("colleague", "office", "old_grid", "west"):
        assert client.get(f"/admin/field_reports/lead/{world['leads'][key].id}/").status_code == 404
    # The parties the office recorded are not shown to the reporter.
    details = text_of(client.get(f"/admin/field_reports/lead/{world['leads']['mine'].id}/"))
    assert "王大妈" not in details and PARTY_PHONE not in details


def test_no_post_lets_a_reporter_change_what_is_not_theirs(app, client, auth, world, in_app):
    auth.login(world["user"].username)
    token = csrf_token(text_of(client.get("/admin/field_reports/")))

    def state():
        return sorted((lead.id, lead.version, lead.status) for lead in db.session.scalars(select(Lead)))

    before = in_app(state)
    office_lead = world["leads"]["office"].id
    for url in (f"/admin/screening_leads/step/resolve/?id={office_lead}", f"/admin/screening_leads/step/convert/?id={office_lead}",
                f"/admin/screening_leads/edit/?id={office_lead}", "/admin/screening_leads/new/",
                f"/admin/screening_leads/photos/add/?id={office_lead}", "/admin/prevention_records/new/"):
        response = client.post(url, data={"csrf_token": token, "resolve-note": "改", "description": "改"})
        assert response.status_code == 403, url
    assert in_app(state) == before
    assert in_app(lambda: db.session.scalar(select(Case.id).where(Case.title != "机密纠纷案件"))) is None


def test_an_account_without_a_reporter_record_reports_nothing(client, make_user, auth, screening_world, in_app):
    user = make_user(role="reporter")
    auth.login(user.username)
    page = text_of(client.get("/admin/field_reports/"))
    assert "尚未关联网格" in page and 'name="description"' not in page
    token = csrf_token(page)
    response = client.post("/admin/field_reports/report/", data={"csrf_token": token, "description": "x"})
    assert response.status_code == 403
    assert in_app(lambda: db.session.scalar(select(Lead.id))) is None


RECORDS = [
    ("screening_leads", "西城街道的线索"),
    ("screening_rounds", "西城排查员"),
    ("grid_reporters", "西城信息员"),
    ("prevention_records", "西城防止激化"),
]


@pytest.fixture
def two_street_records(world, make_round, make_reporter, app, in_app):
    east_round = make_round(world["east"].id, [world["heping1"].id], screeners="东华排查员")
    west_round = make_round(world["west"].id, [world["west1"].id], screeners="西城排查员")
    west_reporter = make_reporter([world["west1"].id], name="西城信息员")
    east_reporter = world["mine"]

    def records():
        east = PreventionRecord(kind="suicide", lead_id=world["leads"]["office"].id, prevented_on=world["leads"]["office"].found_on,
                                persons=1, description="东华防止激化")
        west = PreventionRecord(kind="suicide", lead_id=world["leads"]["west"].id, prevented_on=world["leads"]["west"].found_on,
                                persons=1, description="西城防止激化")
        db.session.add_all([east, west])
        db.session.commit()
        return east.id, west.id

    east_prevention, west_prevention = in_app(records)
    return {
        "screening_leads": (world["leads"]["office"].id, world["leads"]["west"].id),
        "screening_rounds": (east_round.id, west_round.id),
        "grid_reporters": (east_reporter.id, west_reporter.id),
        "prevention_records": (east_prevention, west_prevention),
    }


@pytest.mark.parametrize("endpoint,their_text", RECORDS)
def test_staff_see_only_their_street(client, login_as, world, two_street_records, endpoint, their_text):
    login_as("staff", street_id=world["east"].id)
    ours, theirs = two_street_records[endpoint]
    listed = listed_ids(client.get(f"/admin/{endpoint}/"))
    assert ours in listed and theirs not in listed
    for kind in ("csv", "xlsx"):
        assert their_text not in _readable(client.get(f"/admin/{endpoint}/export/{kind}/"))
    for url in (f"/admin/{endpoint}/details/?id={theirs}", f"/admin/{endpoint}/edit/?id={theirs}"):
        response = client.get(url)
        assert response.status_code == 302 and their_text not in text_of(response)
    assert client.get(f"/admin/{endpoint}/details/?id={ours}").status_code == 200


def test_lookups_and_pages_are_scoped_too(client, login_as, world, two_street_records):
    login_as("staff", street_id=world["east"].id)
    found = json.loads(text_of(client.get("/admin/prevention_records/ajax/lookup/?name=lead&query=线索")))
    assert {item[0] for item in found} == {lead.id for key, lead in world["leads"].items() if key != "west"}
    for url in ("/admin/screening_board/", "/admin/screening_figures/", "/admin/screening_figures/export/xlsx/",
                "/admin/screening_leads/new/", "/admin/screening_rounds/new/", "/admin/grid_reporters/new/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "西城" not in _readable(response), url
    # A step, a photo or a prevention record on the other street's lead: not found.
    west = world["leads"]["west"].id
    assert client.get(f"/admin/screening_leads/step/resolve/?id={west}").status_code == 302
    token = csrf_token(text_of(client.get("/admin/")))
    response = client.post(f"/admin/screening_leads/step/resolve/?id={west}",
                           data={"csrf_token": token, "resolve-note": "越权"}, follow_redirects=True)
    assert "越权" not in text_of(response)
    form = get_form(client, "/admin/prevention_records/new/").fill(kind="criminal", persons="2", lead=west)
    response = form.submit(client)
    assert response.status_code == 200
    assert client.get(f"/admin/prevention_records/new/?lead_id={west}").status_code == 200


def test_inspectors_read_with_personal_data_masked(client, login_as, world, in_app):
    login_as("viewer")
    mine = world["leads"]["mine"].id
    details = text_of(client.get(f"/admin/screening_leads/details/?id={mine}"))
    assert "我上报的楼道堆物线索" in details
    assert PARTY_ID not in details and PARTY_PHONE not in details and "王大妈" not in details
    assert PARTY_ID[:3] + "*" * 11 + PARTY_ID[-4:] in details and "王**" in details
    assert "/step/" not in details
    reporters = text_of(client.get("/admin/grid_reporters/"))
    assert "赵信息" in reporters and "1370000" not in reporters
    for url in ("/admin/screening_leads/new/", f"/admin/screening_leads/edit/?id={mine}",
                f"/admin/screening_leads/step/resolve/?id={mine}", "/admin/grid_reporters/new/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/admin/screening_board/").status_code == 200
    assert client.get("/admin/screening_leads/export/csv/").status_code == 200


def test_trainers_see_nothing_of_screening(client, login_as, world):
    login_as("trainer")
    for url in ("/admin/screening_leads/", "/admin/screening_board/", "/admin/screening_figures/",
                "/admin/grid_reporters/", "/admin/screening_rounds/", "/admin/prevention_records/",
                f"/admin/screening_leads/details/?id={world['leads']['mine'].id}", "/admin/field_reports/"):
        assert client.get(url).status_code == 403, url
    assert "/admin/screening" not in text_of(client.get("/admin/"))


def test_staff_pick_only_reporter_accounts_free_or_of_their_street(client, login_as, world, make_user, make_reporter):
    west_account = make_user(role="reporter", username="west-reporter")
    make_reporter([world["west1"].id], name="西城信息员", user_id=west_account.id)
    free = make_user(role="reporter", username="free-reporter")
    make_user(role="staff", street_id=world["east"].id, username="not-a-reporter")
    login_as("staff", street_id=world["east"].id)
    found = json.loads(text_of(client.get("/admin/grid_reporters/ajax/lookup/?name=user&query=")))
    assert {item[0] for item in found} == {free.id, world["user"].id}
