"""Dispute leads through the admin: reported with a deadline from their level, refused when
wrong, their level raised or lowered with an event, ended in each of the four ways, turned into a
case in one click (parties and facts copied, linked both ways, starting at the level's tier),
never deleted, and missed deadlines written down once."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import (
    Case, CaseSource, Lead, LeadEvent, LeadEventKind, LeadStatus, PreventionRecord,
)
from portal.services.screening import leads as lead_rules
from tests.fixtures.screening import PARTY_ID
from tests.helpers import assert_redirect, get_form, page_errors, text_of


def events(in_app, lead_id):
    return in_app(lambda: [(e.kind, e.from_level, e.to_level, e.note) for e in db.session.scalars(
        select(LeadEvent).where(LeadEvent.lead_id == lead_id).order_by(LeadEvent.occurred_at, LeadEvent.id))])


def new_lead_form(client, world, **values):
    form = get_form(client, "/admin/screening_leads/new/")
    form.fill(grid=world["heping1"].id, dispute_type=form.get("dispute_type"), level="orange",
              description="电梯长期故障，业主与物业矛盾加剧。", people_involved="12", **values)
    return form


def test_a_lead_reported_in_the_admin_gets_its_deadline_from_its_level(client, login_as, screening_world, in_app, app):
    login_as("staff", street_id=screening_world["east"].id)
    before = timeutil.now()
    response = new_lead_form(client, screening_world, follower="王所长").submit(client)
    assert_redirect(response)

    lead = in_app(lambda: db.session.scalar(select(Lead)))
    hours = app.config["PORTAL_LEAD_RESPONSE_HOURS"]["orange"]
    assert lead.status == LeadStatus.OPEN and lead.street_id == screening_world["east"].id
    assert lead.community_id == screening_world["heping"].id
    assert before <= lead.reported_at <= timeutil.now()
    assert lead.due_at == lead.reported_at + timedelta(hours=hours)
    assert events(in_app, lead.id) == [(LeadEventKind.REPORTED, None, "orange", "")]

    page = text_of(client.get(f"/admin/screening_leads/details/?id={lead.id}"))
    assert "当天在街道一级处置" in page  # the level's meaning is shown with it


def test_a_deadline_in_the_past_is_refused(client, login_as, screening_world, in_app, make_lead):
    login_as("staff", street_id=screening_world["east"].id)
    past = (timeutil.now() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")
    response = new_lead_form(client, screening_world, due_at=past).submit(client)
    assert response.status_code == 200
    assert any("已经过去" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Lead))) == 0

    # On an existing lead too: moving its deadline into the past changes nothing.
    lead = make_lead(screening_world["heping1"].id)
    form = get_form(client, f"/admin/screening_leads/edit/?id={lead.id}")
    response = form.fill(due_at=past).submit(client)
    assert any("已经过去" in e for e in page_errors(response)), page_errors(response)
    later = (timeutil.now() + timedelta(days=3)).replace(microsecond=0)
    assert_redirect(get_form(client, f"/admin/screening_leads/edit/?id={lead.id}").fill(
        due_at=later.strftime("%Y-%m-%d %H:%M:%S")).submit(client))
    assert in_app(lambda: db.session.get(Lead, lead.id).due_at) == later


def test_a_lead_in_another_streets_grid_is_refused(client, login_as, screening_world, in_app):
    login_as("staff", street_id=screening_world["east"].id)
    form = new_lead_form(client, screening_world)
    assert str(screening_world["west1"].id) not in text_of(client.get("/admin/screening_leads/new/")).split(
        'name="grid"')[1].split("</select>")[0]
    response = form.fill(grid=screening_world["west1"].id).submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Lead))) == 0


def test_a_round_that_found_nothing_takes_no_lead(client, login_as, screening_world, make_round, in_app):
    login_as("staff", street_id=screening_world["east"].id)
    empty = make_round(screening_world["east"].id, [screening_world["heping1"].id], found_none=True)
    response = new_lead_form(client, screening_world, round=empty.id).submit(client)
    assert any("未发现" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Lead))) == 0


def test_bad_input_gets_a_message_and_changes_nothing(client, login_as, screening_world, in_app):
    login_as("staff", street_id=screening_world["east"].id)
    for values in ({"people_involved": "99999999999999999999"}, {"people_involved": "0"}, {"people_involved": "abc"},
                   {"description": "\x00"}, {"found_on": "2026-02-30"}, {"level": "purple"},
                   {"found_on": (timeutil.today() + timedelta(days=2)).isoformat()}):
        response = new_lead_form(client, screening_world).fill(**values).submit(client)
        assert response.status_code == 200, values
        assert page_errors(response), values
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(Lead))) == 0


def test_raising_and_lowering_the_level_writes_events_and_moves_the_deadline(
        client, login_as, screening_world, make_lead, lead_page, load_lead, in_app, app):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id, level="yellow", hours_ago=30)
    page = lead_page(lead.id)

    response = page.step("level", level="red", note="")
    assert response.status_code == 200 and page_errors(response)  # a reason is needed
    assert_redirect(page.step("level", level="red", note="双方已有肢体冲突，扬言报复。"))
    raised = load_lead(lead.id)
    hours = app.config["PORTAL_LEAD_RESPONSE_HOURS"]
    assert raised.level == "red"
    assert raised.due_at <= timeutil.now() + timedelta(hours=hours["red"])

    assert_redirect(page.step("level", level="orange", note="经民警介入，情绪已平稳。"))
    lowered = load_lead(lead.id)
    assert lowered.level == "orange" and lowered.due_at >= raised.due_at  # lowering never shortens it
    kinds = [(kind, before, after) for kind, before, after, _note in events(in_app, lead.id)]
    assert kinds == [(LeadEventKind.REPORTED, None, "yellow"), (LeadEventKind.LEVEL_RAISED, "yellow", "red"),
                     (LeadEventKind.LEVEL_LOWERED, "red", "orange")]


@pytest.mark.parametrize("step,fields,status,needs", [
    ("resolve", {"note": "调解员上门，双方当场和解。"}, LeadStatus.RESOLVED, "note"),
    ("close", {"note": "当事人已搬离。"}, LeadStatus.CLOSED, "note"),
])
def test_a_lead_ends_with_a_note(client, login_as, screening_world, make_lead, lead_page, load_lead, in_app,
                                 step, fields, status, needs):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id)
    page = lead_page(lead.id)
    response = page.step(step, **{needs: ""})
    assert response.status_code == 200 and page_errors(response)
    assert load_lead(lead.id).status == LeadStatus.OPEN

    assert_redirect(page.step(step, **fields))
    ended = load_lead(lead.id)
    assert ended.status == status and ended.closed_at is not None and ended.outcome_note == fields["note"]
    assert events(in_app, lead.id)[-1][0] == status.value
    # Ended: no more steps, and the form cannot be sent again.
    assert "/step/" not in page.html()
    assert client.get(f"/admin/screening_leads/step/{step}/?id={lead.id}").status_code == 302


def test_a_lead_is_handed_to_a_partner_body(client, login_as, screening_world, make_lead, lead_page, load_lead):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id)
    assert_redirect(lead_page(lead.id).step("hand_over", partner=screening_world["police"].id, note="属治安问题。"))
    ended = load_lead(lead.id, "handed_to")
    assert ended.status == LeadStatus.HANDED_OVER and ended.handed_to.name == "东华派出所"


@pytest.mark.parametrize("level,committee,start_level", [
    ("yellow", "community_committee", "community"), ("orange", "street_committee", "street"),
    ("red", "district", "district"),
])
def test_one_click_turns_a_lead_into_a_registered_case(client, login_as, screening_world, make_lead, lead_page,
                                                         load_lead, in_app, level, committee, start_level):
    login_as("admin")
    lead = make_lead(screening_world["heping1"].id, level=level, parties=True,
                     description="王大妈与刘大爷因漏水多次争吵。")
    page = lead_page(lead.id)
    form = page.step_form("convert")
    assert form.get("convert-committee") == str(screening_world[committee].id)  # preselected: one click
    response = form.submit(client)
    assert_redirect(response)

    def read():
        case = db.session.scalar(select(Case))
        return {
            "title": case.title, "facts": case.facts, "status": case.status, "start_level": case.start_level,
            "committee_id": case.committee_id, "community_id": case.community_id, "source": case.source.code,
            "parties": [(p.role, p.name, p.id_number, p.phone) for p in case.parties], "id": case.id,
        }

    case = in_app(read)
    assert response.headers["Location"].endswith(f"/admin/cases/details/?id={case['id']}")
    assert case["status"] == "registered" and case["start_level"] == start_level
    assert case["committee_id"] == screening_world[committee].id
    assert case["community_id"] == screening_world["heping"].id
    assert case["title"] == "王大妈与刘大爷邻里纠纷" and case["facts"] == "王大妈与刘大爷因漏水多次争吵。"
    assert case["source"] == "initiative"
    assert ("applicant", "王大妈", PARTY_ID, "13811112222") in case["parties"] and len(case["parties"]) == 2
    converted = load_lead(lead.id)
    assert converted.status == LeadStatus.CONVERTED and converted.case_id == case["id"]

    # Linked both ways: the case page names the lead, the lead page the case.
    case_page = text_of(client.get(f"/admin/cases/details/?id={case['id']}"))
    assert f"/admin/screening_leads/details/?id={lead.id}" in case_page
    assert f"/admin/cases/details/?id={case['id']}" in page.html()


def test_a_reporters_lead_becomes_a_case_reported_by_a_grid_reporter(client, login_as, screening_world, make_lead,
                                                                     reporter_account, lead_page, in_app):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id, reporter_id=reporter_account["reporter"].id)
    assert_redirect(lead_page(lead.id).step("convert"))
    assert in_app(lambda: db.session.scalar(select(CaseSource.code).join(Case, Case.source_id == CaseSource.id))) == "grid_report"


def test_without_a_committee_at_the_tier_the_lead_cannot_become_a_case(client, login_as, screening_world, make_lead,
                                                                       lead_page):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["qingnian1"].id, level="yellow")  # 青年社区 has no committee of its own
    html = lead_page(lead.id).html()
    assert "没有可以受理" in html and "/step/convert/" not in html
    response = client.post(f"/admin/screening_leads/step/convert/?id={lead.id}", data={})
    assert response.status_code in (302, 400)


def test_a_step_on_a_stale_page_is_refused(client, login_as, screening_world, make_lead, lead_page, load_lead, other_client):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id)
    stale = lead_page(lead.id).step_form("resolve")
    colleague = other_client("staff", screening_world["east"].id)
    assert_redirect(get_form(colleague, f"/admin/screening_leads/edit/?id={lead.id}").fill(follower="李四").submit(colleague))

    stale.set("resolve-note", "已化解。")
    response = stale.submit(client, follow_redirects=True)
    assert any("其他人" in e or "别人" in e for e in page_errors(response)), page_errors(response)
    assert load_lead(lead.id).status == LeadStatus.OPEN


def test_leads_are_never_deleted(signed_in, screening_world, make_lead, in_app):
    from tests.helpers import csrf_token

    lead = make_lead(screening_world["heping1"].id)
    for role, street in (("admin", None), ("staff", screening_world["east"].id)):
        client = signed_in(role, street)
        token = csrf_token(text_of(client.get("/admin/")))
        assert client.post("/admin/screening_leads/delete/", data={"id": lead.id, "csrf_token": token}).status_code == 403
        assert client.post("/admin/screening_leads/action/", data={
            "action": "delete", "rowid": [lead.id], "csrf_token": token}).status_code == 403
    assert in_app(lambda: db.session.get(Lead, lead.id)) is not None


def test_an_ended_lead_can_be_corrected_only_by_the_district(client, login_as, screening_world, make_lead, lead_page,
                                                             load_lead):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id)
    form = get_form(client, f"/admin/screening_leads/edit/?id={lead.id}")
    assert_redirect(lead_page(lead.id).step("resolve", note="已化解。"))
    response = form.fill(follower="张三").submit(client, follow_redirects=True)
    assert any("区司法局" in e for e in page_errors(response)), page_errors(response)
    opened = client.get(f"/admin/screening_leads/edit/?id={lead.id}", follow_redirects=True)
    assert any("区司法局" in e for e in page_errors(opened))
    assert load_lead(lead.id).follower == ""


def test_a_missed_deadline_is_written_once(app, screening_world, make_lead, in_app, runner, client, login_as):
    late = make_lead(screening_world["heping1"].id, level="red", hours_ago=20)
    on_time = make_lead(screening_world["heping2"].id, level="yellow", hours_ago=20)

    result = runner.invoke(args=["portal", "screening-deadlines"])
    assert result.exit_code == 0 and "1 " in result.output
    assert runner.invoke(args=["portal", "screening-deadlines"]).output.startswith("0 ")
    # Opening the board sweeps too, and writes nothing twice.
    login_as("admin")
    assert client.get("/admin/screening_board/").status_code == 200
    assert [k for k, *_ in events(in_app, late.id)] == [LeadEventKind.REPORTED, LeadEventKind.DEADLINE_MISSED]
    assert [k for k, *_ in events(in_app, on_time.id)] == [LeadEventKind.REPORTED]

    # A new deadline that passes again is a new miss.
    def extend():
        lead = db.session.get(Lead, late.id)
        lead.due_at = timeutil.now() - timedelta(minutes=1)
        db.session.commit()

    in_app(extend)
    assert in_app(lead_rules.record_missed_deadlines) == 1


def test_prevention_records_from_a_lead_count_once(client, login_as, screening_world, make_lead, lead_page, in_app,
                                                   signed_in):
    login_as("staff", street_id=screening_world["east"].id)
    lead = make_lead(screening_world["heping1"].id, level="red")
    form = get_form(client, f"/admin/prevention_records/new/?lead_id={lead.id}")
    assert form.get("lead") == str(lead.id)
    assert_redirect(form.fill(kind="group_fight", persons="12", description="及时疏导。").submit(client))
    street = in_app(lambda: db.session.scalar(select(PreventionRecord.street_id)))
    assert street == screening_world["east"].id

    # The case made from the lead is the same dispute: the same prevention is not recorded twice.
    assert_redirect(lead_page(lead.id).step("convert"))
    case_id = in_app(lambda: db.session.scalar(select(Case.id)))
    client = signed_in("admin")  # the case went to the district committee (a red lead)
    response = get_form(client, f"/admin/prevention_records/new/?case_id={case_id}").fill(
        kind="group_fight", persons="12").submit(client)
    assert any("只计一次" in e for e in page_errors(response)), page_errors(response)
    both = get_form(client, f"/admin/prevention_records/new/?case_id={case_id}").fill(kind="suicide", persons="1",
                                                                                       lead=lead.id)
    assert any("不能同时" in e for e in page_errors(both.submit(client)))
    assert_redirect(get_form(client, f"/admin/prevention_records/new/?case_id={case_id}").fill(
        kind="suicide", persons="1").submit(client))
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(PreventionRecord))) == 2
