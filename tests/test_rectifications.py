"""Rectification items through HTTP with CSRF on: the office answers with evidence, the district
accepts or reopens, overdue items are flagged on both sides' dashboards, and nobody acts on
another office's items."""
import io
from datetime import timedelta

from sqlalchemy import update

from portal import timeutil
from portal.extensions import db
from portal.models import Rectification
from tests.fixtures.inspections import rectification_of
from tests.helpers import get_form, page_errors, text_of

FAILS = [("meets", ""), ("fails", "调解室未挂牌"), ("fails", "卷宗缺少送达回证")]
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")


def _items(world, make_inspection, in_app):
    inspection = make_inspection(world["east_office"].id, world["template"].id, results=FAILS)
    return [item.id for item in in_app(lambda: rectification_of(inspection))]


def test_the_office_answers_and_the_district_accepts_or_reopens(
        client, login_as, auth, inspection_world, make_inspection, in_app):
    first, second = _items(inspection_world, make_inspection, in_app)
    login_as("staff", street_id=inspection_world["east"].id)
    details = f"/admin/rectifications/details/?id={first}"
    form = get_form(client, details, match="/step/answer/")
    empty = form.submit(client)
    assert "open" == in_app(lambda: db.session.get(Rectification, first).status)
    assert any(page_errors(client.get(empty.headers["Location"])))
    form = get_form(client, details, match="/step/answer/").fill(answer__answer="已制作调解室标牌并悬挂。")
    data = form.data()
    data["answer-evidence"] = (io.BytesIO(PNG), "标牌.png")
    response = client.post(form.action.split("127.0.0.1")[-1] if "://" in form.action else form.action, data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    stored = in_app(lambda: db.session.get(Rectification, first))
    assert stored.status == "answered" and stored.evidence_name == "标牌.png"
    assert client.get(f"/admin/rectifications/evidence/?id={first}").status_code == 200
    # The office cannot accept its own answer, nor edit the deadline.
    assert "/step/accept/" not in text_of(client.get(details))
    assert client.get(f"/admin/rectifications/edit/?id={first}").status_code == 302
    auth.logout()

    login_as("admin")
    reopen = get_form(client, details, match="/step/reopen/")
    assert reopen.submit(client).status_code == 302  # no reason: refused
    assert in_app(lambda: db.session.get(Rectification, first).status) == "answered"
    reopen = get_form(client, details, match="/step/reopen/").fill(reopen__note="标牌位置不醒目，请调整。")
    assert reopen.submit(client).status_code == 302
    assert in_app(lambda: db.session.get(Rectification, first).status) == "reopened"
    assert "/step/accept/" not in text_of(client.get(details))
    auth.logout()

    login_as("staff", street_id=inspection_world["east"].id)
    get_form(client, details, match="/step/answer/").fill(answer__answer="已移至门口。").submit(client)
    auth.logout()
    login_as("admin")
    get_form(client, details, match="/step/accept/").submit(client)
    stored = in_app(lambda: db.session.get(Rectification, first))
    assert (stored.status, stored.done_on_time) == ("accepted", True)
    assert in_app(lambda: db.session.get(Rectification, second).status) == "open"


def test_another_office_cannot_see_or_answer_the_items(client, login_as, inspection_world, make_inspection, in_app):
    first, _second = _items(inspection_world, make_inspection, in_app)
    login_as("staff", street_id=inspection_world["west"].id)
    assert "调解室未挂牌" not in text_of(client.get("/admin/rectifications/"))
    assert client.get(f"/admin/rectifications/details/?id={first}").status_code in (302, 404)
    page = client.get("/admin/rectifications/")
    from tests.helpers import csrf_token

    response = client.post(f"/admin/rectifications/step/answer/?id={first}",
                           data={"csrf_token": csrf_token(text_of(page)), "answer-answer": "x", "answer-record_version": "1"})
    assert response.status_code == 404
    assert in_app(lambda: db.session.get(Rectification, first).status) == "open"


def test_overdue_items_are_flagged_on_both_dashboards(client, login_as, auth, inspection_world, make_inspection, in_app):
    first, _second = _items(inspection_world, make_inspection, in_app)

    def past():
        db.session.execute(update(Rectification).where(Rectification.id == first)
                           .values(due_on=timeutil.today() - timedelta(days=2)))
        db.session.commit()

    in_app(past)
    login_as("staff", street_id=inspection_world["east"].id)
    home = text_of(client.get("/admin/"))
    assert "rectification-panel" in home and "有专门调解室" in home and "badge-danger" in home
    overdue = text_of(client.get("/admin/rectifications/?flt0_0=1"))
    auth.logout()
    login_as("admin")
    home = text_of(client.get("/admin/"))
    assert "rectification-panel" in home and "有专门调解室" in home
    assert overdue  # the list page with the filter answers
    export = client.get("/admin/rectifications/export/csv/")
    assert export.status_code == 200 and "有专门调解室" in export.get_data(as_text=True)
    auth.logout()
    login_as("staff", street_id=inspection_world["west"].id)
    assert "有专门调解室" not in text_of(client.get("/admin/"))
