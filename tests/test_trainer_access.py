"""Trainers never see cases, parties or personal data beyond a mediator's name, committee and
training record: every URL rule of the app is tried as a trainer, with the ids of real records."""
import io
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseParty, Mediator
from tests.fixtures.training import pdf_bytes
from tests.helpers import csrf_token, text_of
from tests.idnumbers import id_number

PARTY_ID = id_number("19800101", 777)
MEDIATOR_ID = id_number("19750505", 555)
# Text only a case, a party or a mediator's personal data holds; none may reach a trainer.
SECRETS = (
    "机密纠纷案件", "只有办案人员知道的事实", "保密当事人甲", PARTY_ID, "13811112222", "当事人秘密住址9号",
    MEDIATOR_ID, "13999990000", "调解员家庭住址", "调解员的雇主单位",
)


@pytest.fixture
def world(app, two_streets, make_mediator, make_case, make_training, make_attendance, make_facility,
          make_funds, upload_dir, make_user):
    east = two_streets["east"]
    mediator = make_mediator(east.id, name="林调解", id_number=MEDIATOR_ID, mobile="13999990000",
                             address="调解员家庭住址", employer="调解员的雇主单位")
    case = make_case(two_streets["east_committee"].id, title="机密纠纷案件", parties=False)
    with app.app_context():
        stored = db.session.get(Case, case.id)
        stored.facts = "只有办案人员知道的事实"
        stored.parties = [CaseParty(role="applicant", kind="person", name="保密当事人甲", sex="male",
                                    id_number=PARTY_ID, phone="13811112222", address="当事人秘密住址9号")]
        stored.mediators = [db.session.get(Mediator, mediator.id)]
        from portal.models import CommitteeMembership

        db.session.add(CommitteeMembership(committee_id=two_streets["east_committee"].id, mediator_id=mediator.id))
        db.session.commit()
        party_id = stored.parties[0].id
        db.session.remove()
    room = make_facility(office_id=two_streets["east_office"].id, name="东华调解室")
    session = make_training(office_id=two_streets["east_office"].id, title="公开的培训", hours=Decimal("3"),
                            starts_at=datetime(2026, 12, 3, 9), location_text="会议室")
    make_attendance(session.id, mediator.id)
    make_funds(two_streets["east_office"].id, 2026)
    staff = make_user(role="staff", street_id=east.id)
    return {**two_streets, "mediator": mediator, "case": case, "party_id": party_id, "room": room,
            "session": session, "staff": staff}


def _values_for(rule, ids):
    """Every way to fill the rule's URL parameters (None when it cannot be built)."""
    choices = {"export_type": ["csv", "xlsx"], "code": ["en"], "material_id": ids["material"]}
    combos = [{}]
    for argument in rule.arguments:
        if argument not in choices:
            return []
        combos = [dict(c, **{argument: v}) for c in combos for v in choices[argument]]
    return combos


def _readable(response):
    """The text a response carries, including inside XLSX (zip) files."""
    data = response.data
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _query_variants(rule, view_loaders, ids):
    """Query strings to try on a rule: record ids of every kind, and every AJAX loader name."""
    variants = [""] + [f"?id={i}" for i in ids["records"]]
    if rule.rule.endswith("/ajax/lookup/"):
        endpoint = rule.endpoint.split(".")[0]
        variants += [f"?name={name}&query=" for name in view_loaders.get(endpoint, ())]
        variants += [f"?name={name}&query=保密" for name in view_loaders.get(endpoint, ())]
    if "attendance" in rule.rule or "compliance" in rule.rule:
        variants += [f"?id={i}&q=林" for i in ids["records"]] + ["?show=all"]
    return variants


def _loaders(app):
    loaders = {}
    for view in app.extensions["portal_admin"]._views:
        names = list(getattr(view, "_form_ajax_refs", {}) or {})
        loaders[view.endpoint] = names
    return loaders


def test_every_route_as_a_trainer(app, client, in_app, login_as, world):
    with app.test_client() as uploader:
        from tests.fixtures.accounts import Auth

        Auth(uploader).login(world["staff"].username)
        token = csrf_token(text_of(uploader.get(f"/admin/training_sessions/details/?id={world['session'].id}")))
        uploader.post(f"/admin/training_sessions/materials/upload/?id={world['session'].id}",
                      data={"csrf_token": token, "file": (io.BytesIO(pdf_bytes()), "讲义.pdf")},
                      content_type="multipart/form-data")
    from portal.models import TrainingMaterial

    material_ids = in_app(lambda: list(db.session.scalars(select(TrainingMaterial.id))))
    assert material_ids, "the material upload failed"

    login_as("trainer")
    ids = {
        "records": sorted({world["case"].id, world["party_id"], world["mediator"].id, world["session"].id,
                           world["room"].id, world["east_committee"].id}),
        "material": material_ids,
    }
    loaders = _loaders(app)
    opened, leaks = [], []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    for rule in rules:
        if rule.endpoint.endswith("static") or "GET" not in rule.methods:
            continue
        for values in _values_for(rule, ids):
            path = rule.build(values)[1] if values or not rule.arguments else None
            if path is None:
                continue
            for query in _query_variants(rule, loaders, ids):
                if rule.endpoint in ("auth.logout", "i18n.switch"):
                    continue
                response = client.get(path + query)
                body = _readable(response)
                found = [secret for secret in SECRETS if secret in body]
                if found:
                    leaks.append((path + query, response.status_code, found))
                if response.status_code == 200:
                    opened.append(path + query)
    assert leaks == []
    # The walk did reach the trainer's own pages, with the mediator's name on them.
    assert any(p.startswith("/admin/training_sessions/attendance/") for p in opened)
    assert any(p.startswith("/admin/training_compliance/") for p in opened)
    assert "林调解" in text_of(client.get(f"/admin/training_sessions/mediator/?id={world['mediator'].id}"))
    # And the screens that hold cases, parties and personal data are closed.
    for closed in ("/admin/cases/", f"/admin/cases/details/?id={world['case'].id}", "/admin/mediators/",
                   f"/admin/mediators/details/?id={world['mediator'].id}", "/admin/audit_log/",
                   "/admin/cases/export/csv/", "/admin/mediators/export/xlsx/", "/admin/mediator_names/export/csv/"):
        assert client.get(closed).status_code == 403, closed


def test_no_post_lets_a_trainer_change_cases_or_mediators(app, client, in_app, login_as, world):
    login_as("trainer")
    token = csrf_token(text_of(client.get("/admin/")))

    def state():
        case = db.session.get(Case, world["case"].id)
        mediator = db.session.get(Mediator, world["mediator"].id)
        return (case.version, case.title, [p.name for p in case.parties], mediator.version, mediator.name)

    before = in_app(state)
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("auth.logout", "auth.login") or rule.arguments:
            continue
        if rule.endpoint.split(".")[0] in ("training_sessions",):
            continue  # the trainer's own screens: they may change training records
        for record_id in (world["case"].id, world["mediator"].id, world["party_id"]):
            data = {"csrf_token": token, "id": record_id, "rowid": [record_id], "action": "delete",
                    "name": "改名", "title": "改名", "list_form_pk": record_id}
            response = client.post(rule.rule + f"?id={record_id}", data=data)
            assert not any(secret in _readable(response) for secret in SECRETS), rule.rule
    assert in_app(state) == before


def test_the_mediator_directory_links_names_to_training_records(client, login_as, auth, two_streets, make_mediator):
    mediator = make_mediator(two_streets["east"].id, name="林秀英")
    login_as("trainer")
    html = client.get("/admin/mediator_names/").get_data(as_text=True)
    link = f"/admin/training_sessions/mediator/?id={mediator.id}"
    assert link in html
    assert client.get(link).status_code == 200
    assert client.get("/admin/mediator_names/export/csv/").status_code == 403  # trainers list, never export
    auth.logout()
    login_as("viewer")
    export = client.get("/admin/mediator_names/export/csv/").get_data(as_text=True)
    assert "林秀英" in export and "<a" not in export
