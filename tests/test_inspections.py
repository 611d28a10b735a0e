"""Inspections through HTTP with CSRF on: checklist templates as data, an inspection with a
finding per item, what each role may do, failed findings becoming rectification items, the dossier
spot check and the report."""
from datetime import timedelta

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import ChecklistTemplate, DossierCheck, Inspection, Rectification
from portal.services.inspections import spot_check
from tests.fixtures.inspections import rectification_of
from tests.helpers import get_form, page_errors, text_of

FAILS = [("meets", ""), ("partly", "制度未上墙"), ("fails", "卷宗缺少送达回证")]


def _template_form(client):
    form = get_form(client, "/admin/checklist_templates/new/")
    form.fill(name="2026年司法所检查表", description="年度检查", is_active="y")
    return form


def _with_items(form, weights):
    for i, weight in enumerate(weights):
        form.fill(**{f"items-{i}-grouping": "organisation", f"items-{i}-name": f"检查项目{i}",
                     f"items-{i}-weight": str(weight), f"items-{i}-sort_order": str(i)})
    return form


def test_the_district_keeps_checklists_whose_weights_add_up_to_100(client, login_as, in_app):
    login_as("admin")
    response = _with_items(_template_form(client), [30, 30, 30]).submit(client)
    assert response.status_code == 200
    assert any("100" in message for message in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(ChecklistTemplate.id))) is None

    response = _with_items(_template_form(client), [30, 30, 40]).submit(client)
    assert response.status_code == 302, page_errors(response)
    template = in_app(lambda: [(t.name, t.total_weight, len(t.items)) for t in db.session.scalars(select(ChecklistTemplate))])
    assert template == [("2026年司法所检查表", 100, 3)]


def test_an_inspection_asks_a_finding_per_item_and_failures_become_rectifications(
        client, login_as, inspection_world, in_app):
    login_as("admin")
    form = get_form(client, "/admin/inspections/new/")
    day = (timeutil.today() - timedelta(days=2)).isoformat()
    form.fill(judicial_office=inspection_world["east_office"].id, inspected_on=day,
              template=inspection_world["template"].id, other_inspectors="区领导小组 王明")
    form.set("announced", None)
    response = form.submit(client)
    assert response.status_code == 302, page_errors(response)
    inspection_id = in_app(lambda: db.session.scalar(select(Inspection.id)))
    details = f"/admin/inspections/details/?id={inspection_id}"
    page = text_of(client.get(details))
    assert "0 of 3" in page or "已记录 0" in page or "共 3" in page

    findings = get_form(client, details, match="/findings/")
    ids = [name.split("-")[1] for name, _ in findings.fields if name.startswith("note-")]
    for finding_id, (result, note) in zip(ids, FAILS):
        findings.set(f"result-{finding_id}", result).set(f"note-{finding_id}", note)
    findings.set("f-conclusion", "总体较好，卷宗管理需加强。")
    response = findings.submit(client)
    assert response.status_code == 302
    page = text_of(client.get(details))
    assert "45.0" in page  # 30 + 15 + 0 of 100
    items = in_app(lambda: [(r.requirement, r.status, r.street_id) for r in rectification_of(inspection_id)])
    assert items == [("卷宗缺少送达回证", "open", inspection_world["east"].id)]

    # The same form sent again from the old page is refused: nothing changes.
    stale = findings.set(f"result-{ids[2]}", "meets").submit(client)
    assert stale.status_code == 302
    assert len(in_app(lambda: rectification_of(inspection_id))) == 1
    follow = client.get(stale.headers["Location"])
    assert any("其他人" in m or "Someone else" in m for m in page_errors(follow)), page_errors(follow)

    # A failure corrected before the office answered takes its item away.
    findings = get_form(client, details, match="/findings/")
    findings.set(f"result-{ids[2]}", "meets")
    assert findings.submit(client).status_code == 302
    assert in_app(lambda: rectification_of(inspection_id)) == []


def test_an_office_reads_only_its_own_inspections_and_cannot_record_them(
        client, login_as, inspection_world, make_inspection):
    east = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id, results=FAILS)
    west = make_inspection(inspection_world["west_office"].id, inspection_world["template"].id, results=FAILS)
    login_as("staff", street_id=inspection_world["east"].id)
    listing = text_of(client.get("/admin/inspections/"))
    assert "东华司法所" in listing and "西城司法所" not in listing
    assert client.get(f"/admin/inspections/details/?id={east}").status_code == 200
    assert client.get(f"/admin/inspections/details/?id={west}").status_code in (302, 404)
    assert client.get("/admin/inspections/new/").status_code == 403
    assert client.get(f"/admin/inspections/print/?id={west}").status_code == 404
    assert client.get("/admin/checklist_templates/").status_code == 403


def test_an_inspector_records_inspections_and_a_viewer_only_reads(client, login_as, auth, inspection_world, make_inspection):
    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id)
    login_as("viewer")
    assert client.get(f"/admin/inspections/details/?id={inspection}").status_code == 200
    assert client.get("/admin/inspections/new/").status_code == 403
    assert "/findings/" not in text_of(client.get(f"/admin/inspections/details/?id={inspection}"))
    auth.logout()
    login_as("inspector")
    form = get_form(client, "/admin/inspections/new/")
    form.fill(judicial_office=inspection_world["west_office"].id, template=inspection_world["template"].id,
              inspected_on=timeutil.today().isoformat())
    assert form.submit(client).status_code == 302
    assert "/findings/" in text_of(client.get(f"/admin/inspections/details/?id={inspection}"))
    assert client.get("/admin/checklist_templates/new/").status_code == 403


def test_bad_inspections_are_refused_with_a_message(client, login_as, inspection_world, make_template, in_app):
    login_as("admin")
    form = get_form(client, "/admin/inspections/new/")
    form.fill(judicial_office=inspection_world["east_office"].id, template=inspection_world["template"].id,
              inspected_on=(timeutil.today() + timedelta(days=3)).isoformat(), other_inspectors="x" * 400)
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    form.fill(inspected_on="2026-02-30", other_inspectors="王明\x00")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert in_app(lambda: db.session.scalar(select(Inspection.id))) is None


def test_the_dossier_draw_is_seeded_repeatable_and_recorded(
        client, login_as, inspection_world, make_inspection, make_case, in_app):
    committee = inspection_world["east_committee"].id
    day = timeutil.today() - timedelta(days=40)
    for n in range(8):
        make_case(committee, title=f"归档案件{n}", status="archived", received_on=day, archived_on=day + timedelta(days=5))
    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id)
    login_as("admin")
    details = f"/admin/inspections/details/?id={inspection}"
    form = get_form(client, details, match="/draw/").fill(draw__count="3")
    assert form.submit(client).status_code == 302
    drawn, seed = in_app(lambda: ([c.case_id for c in db.session.get(Inspection, inspection).dossier_checks],
                                  db.session.get(Inspection, inspection).draw_seed))
    assert len(drawn) == 3
    ids = in_app(lambda: spot_check.archive_ids(db.session.get(Inspection, inspection)))
    assert spot_check.drawn_ids(ids, 3, seed) == drawn
    # Drawn once: the form is gone, and a second post is refused.
    assert "/draw/" not in text_of(client.get(details))
    again = form.submit(client)
    assert client.get(again.headers["Location"]).status_code == 200
    assert in_app(lambda: db.session.query(DossierCheck).count()) == 3

    check_form = get_form(client, details, match="/dossiers/")
    kinds = [name for name, _ in check_form.fields if name.startswith("doc-")]
    assert "doc-application" in kinds
    check_form.set("doc-application", "missing")
    assert check_form.submit(client).status_code == 302
    first = in_app(lambda: db.session.scalar(select(DossierCheck).order_by(DossierCheck.position)))
    assert first.complete is False and first.results["application"] == "missing"

    bad = get_form(client, details, match="/dossiers/").set("doc-application", "whatever")
    assert bad.submit(client).status_code == 302
    assert in_app(lambda: db.session.get(DossierCheck, first.id).results["application"]) == "missing"


def test_the_report_prints_in_simplified_chinese_and_exports_to_word(
        client, login_as, inspection_world, make_inspection):
    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id, results=FAILS)
    login_as("admin")
    page = client.get(f"/admin/inspections/print/?id={inspection}")
    assert page.status_code == 200
    html = text_of(page)
    assert "东华司法所检查情况报告" in html and "卷宗缺少送达回证" in html and "整改事项" in html
    docx = client.get(f"/admin/inspections/docx/?id={inspection}")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "东华司法所检查情况报告" in text


def test_rectification_items_are_not_made_or_deleted_by_hand(client, login_as, inspection_world, make_inspection, in_app):
    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id, results=FAILS)
    item = in_app(lambda: rectification_of(inspection)[0].id)
    login_as("admin")
    assert client.get("/admin/rectifications/new/").status_code == 403
    assert in_app(lambda: db.session.get(Rectification, item)) is not None


def test_a_finding_keeps_a_photo_and_refuses_a_disguised_file(client, login_as, auth, inspection_world,
                                                               make_inspection, upload_dir, in_app):
    import io

    from portal.models import InspectionFinding
    from tests.fixtures.cases import PNG

    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id)
    login_as("inspector")
    details = f"/admin/inspections/details/?id={inspection}"
    form = get_form(client, details, match="/photo/")
    path = form.action.split("localhost")[-1]
    refused = client.post(path, data={**dict(form.fields), "file": (io.BytesIO(b"MZ\x90\x00not a photo"), "照片.jpg")},
                          content_type="multipart/form-data")
    assert refused.status_code == 302
    assert any("PDF" in m for m in page_errors(client.get(refused.headers["Location"])))
    assert in_app(lambda: db.session.scalar(select(InspectionFinding.photo_key).where(
        InspectionFinding.photo_key.isnot(None)))) is None
    kept = client.post(path, data={**dict(form.fields), "file": (io.BytesIO(PNG), "调解室.png")},
                       content_type="multipart/form-data")
    assert kept.status_code == 302
    finding = in_app(lambda: db.session.scalar(select(InspectionFinding).where(InspectionFinding.photo_key.isnot(None))))
    assert finding.photo_name == "调解室.png"
    photo = f"/admin/inspections/findings/{finding.id}/photo/view/?id={inspection}"
    assert client.get(photo).status_code == 200
    auth.logout()
    login_as("staff", street_id=inspection_world["west"].id)
    assert client.get(photo).status_code == 404


def test_a_used_checklist_keeps_its_weights_and_its_wording_can_be_corrected(
        client, login_as, inspection_world, make_inspection, in_app):
    template = inspection_world["template"]
    make_inspection(inspection_world["east_office"].id, template.id)
    login_as("admin")
    edit = f"/admin/checklist_templates/edit/?id={template.id}"
    weights = lambda: in_app(lambda: sorted(i.weight for i in db.session.get(ChecklistTemplate, template.id).items))  # noqa: E731
    before = weights()
    form = get_form(client, edit)
    first, second = [name for name, _ in form.fields if name.endswith("-weight")][:2]
    form.set(first, str(int(form.get(first)) + 10)).set(second, str(int(form.get(second)) - 10))
    response = form.submit(client)
    assert response.status_code == 200
    assert any("权重" in message for message in page_errors(response)), page_errors(response)
    assert weights() == before
    form = get_form(client, edit)
    name = [name for name, _ in form.fields if name.endswith("-name") and name.startswith("items-")][0]
    response = form.set(name, "更正后的检查项目表述").submit(client)
    assert response.status_code == 302, page_errors(response)
    assert "更正后的检查项目表述" in in_app(lambda: [i.name for i in db.session.get(ChecklistTemplate, template.id).items])
