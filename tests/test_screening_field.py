"""The grid reporter's own page over HTTP (plain forms, no script): a lead reported with the grid
preselected and an optional photo checked by content and size; bad input refused with a message
and nothing saved; what became of their reports."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import Lead, LeadEvent, LeadPhoto
from tests.fixtures.cases import JPEG, PDF, PNG
from tests.helpers import assert_redirect, get_form, page_errors, text_of


@pytest.fixture
def reporter(client, auth, reporter_account, upload_dir):
    auth.login(reporter_account["user"].username)
    return reporter_account


def report_form(client, **values):
    form = get_form(client, "/admin/field_reports/", match="/field_reports/report/")
    form.fill(description="三楼住户与四楼住户因漏水争吵，情绪激动。", **values)
    return form


def send(client, form, photo=None):
    payload = form.data()
    if photo is not None:
        payload["photo"] = photo
    return client.post("/admin/field_reports/report/", data=payload, content_type="multipart/form-data")


def count(in_app, model):
    return in_app(lambda: db.session.scalar(select(func.count()).select_from(model)))


def test_a_reporter_reports_a_lead_from_the_page(client, reporter, screening_world, in_app, app):
    form = report_form(client)
    assert form.get("grid") == str(screening_world["heping1"].id)  # preselected
    assert form.get("level") == "yellow" and form.get("people_involved") == "1"
    response = send(client, form.fill(level="orange", people_involved="6"), photo=(io.BytesIO(JPEG), "现场.jpg"))
    assert_redirect(response)

    def read():
        lead = db.session.scalar(select(Lead))
        return {"id": lead.id, "reporter": lead.reporter_id, "grid": lead.grid_id, "level": lead.level,
                "people": lead.people_involved, "due": lead.due_at - lead.reported_at, "street": lead.street_id,
                "photos": [(p.content_type, p.filename) for p in lead.photos],
                "events": [e.kind for e in lead.events], "by": lead.created_by_id}

    lead = in_app(read)
    assert lead["reporter"] == reporter["reporter"].id and lead["grid"] == screening_world["heping1"].id
    assert lead["level"] == "orange" and lead["people"] == 6 and lead["street"] == screening_world["east"].id
    assert lead["due"] == timedelta(hours=app.config["PORTAL_LEAD_RESPONSE_HOURS"]["orange"])
    assert lead["photos"] == [("image/jpeg", "现场.jpg")] and lead["events"] == ["reported"]
    assert lead["by"] == reporter["user"].id
    assert response.headers["Location"].endswith(f"/admin/field_reports/lead/{lead['id']}/")

    page = text_of(client.get(response.headers["Location"]))
    assert "谢谢" in page and "跟进中" in page and "三楼住户" in page
    photo_id = in_app(lambda: db.session.scalar(select(LeadPhoto.id)))
    photo = client.get(f"/admin/field_reports/photo/{photo_id}/")
    assert photo.status_code == 200 and photo.data == JPEG and "no-store" in photo.headers["Cache-Control"]


def test_the_usual_grid_is_the_one_last_reported_in(client, reporter, screening_world):
    assert_redirect(send(client, report_form(client, grid=screening_world["heping2"].id)))
    assert report_form(client).get("grid") == str(screening_world["heping2"].id)


@pytest.mark.parametrize("photo,message", [
    ((io.BytesIO(PDF), "照片.jpg"), "只能上传"),               # a PDF disguised as a photo
    ((io.BytesIO(b"GIF89a" + b"\x00" * 20), "x.gif"), "只能上传"),
    ((io.BytesIO(b""), "空.png"), "是空的"),
    ((io.BytesIO(b""), ""), None),                           # no file chosen: sent without a photo
])
def test_a_photo_is_checked_by_its_content(client, reporter, in_app, photo, message):
    response = send(client, report_form(client), photo=photo)
    if message is None:
        assert_redirect(response)
        assert count(in_app, LeadPhoto) == 0 and count(in_app, Lead) == 1
        return
    assert response.status_code == 400
    assert any(message in e for e in page_errors(response)), page_errors(response)
    assert count(in_app, Lead) == 0 and count(in_app, LeadPhoto) == 0
    # The typed text stays on the form.
    assert "三楼住户与四楼住户" in text_of(response)


def test_a_photo_over_the_limit_is_refused(client, reporter, in_app, app, monkeypatch, upload_dir):
    monkeypatch.setitem(app.config, "PORTAL_LEAD_PHOTO_MAX_BYTES", 1024)
    response = send(client, report_form(client), photo=(io.BytesIO(PNG + b"\x00" * 2000), "大.png"))
    assert response.status_code == 400
    assert any("太大" in e for e in page_errors(response)), page_errors(response)
    assert count(in_app, Lead) == 0
    assert list(upload_dir.rglob("*.png")) == []  # nothing left behind


@pytest.mark.parametrize("values", [
    {"description": ""}, {"description": "\x00"}, {"description": "长" * 2001}, {"level": "purple"},
    {"people_involved": "0"}, {"people_involved": "99999999999999999999"}, {"people_involved": "几个"},
    {"dispute_type": "abc"}, {"grid": "999999"},
])
def test_bad_input_is_refused_with_a_message(client, reporter, in_app, values):
    response = send(client, report_form(client).fill(**values))
    assert response.status_code == 400
    assert page_errors(response)
    assert count(in_app, Lead) == 0


def test_a_grid_of_another_reporter_or_street_is_refused(client, reporter, screening_world, in_app):
    for grid in ("qingnian1", "west1"):
        response = send(client, report_form(client).fill(grid=screening_world[grid].id))
        assert response.status_code == 400 and page_errors(response)
    assert count(in_app, Lead) == 0


def test_a_grid_taken_away_after_the_page_loaded_is_refused(client, reporter, screening_world, in_app):
    from portal.models import Grid, Reporter

    form = report_form(client)

    def take_away():
        record = db.session.get(Reporter, reporter["reporter"].id)
        record.grids = [db.session.get(Grid, screening_world["heping2"].id)]
        db.session.commit()

    in_app(take_away)
    response = send(client, form)
    assert response.status_code == 400
    assert count(in_app, Lead) == 0


def test_the_reporter_follows_what_became_of_their_reports(client, reporter, screening_world, make_lead, signed_in,
                                                           lead_page):
    lead = make_lead(screening_world["heping1"].id, reporter_id=reporter["reporter"].id, description="楼道电动车充电隐患")
    office = signed_in("staff", screening_world["east"].id)
    assert_redirect(lead_page(lead.id, on_client=office).step("convert"))

    home = text_of(client.get("/admin/field_reports/"))
    assert "楼道电动车充电隐患" in home and "已转为案件" in home
    page = text_of(client.get(f"/admin/field_reports/lead/{lead.id}/"))
    assert "已登记为调解案件" in page
    assert "/admin/cases/" not in page and "调字" not in page  # no case data


def test_a_stale_csrf_token_is_a_clear_refusal(client, reporter, in_app):
    form = report_form(client)
    form.set("csrf_token", "stale")
    response = send(client, form)
    assert response.status_code == 400
    assert count(in_app, Lead) == 0


def test_the_page_needs_no_script(client, reporter):
    html = text_of(client.get("/admin/field_reports/"))
    assert "<script" not in html
    assert 'enctype="multipart/form-data"' in html and 'type="radio"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_reported_leads_are_dated_now(client, reporter, in_app):
    before = timeutil.now()
    assert_redirect(send(client, report_form(client)))
    reported = in_app(lambda: db.session.scalar(select(Lead.reported_at)))
    assert before <= reported <= timeutil.now()
    assert in_app(lambda: db.session.scalar(select(LeadEvent.occurred_at))) == reported
