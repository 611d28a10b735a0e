"""The case page as a workspace (issue 17): tabs addressable by URL that each read only what they
show in a constant, small number of queries; the header's steps; what needs doing; the change
history a page at a time, filterable; the one-page summary; masked titles for inspectors."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import AuditEntry, Case, MediationSession
from tests.fixtures.cases import PDF
from tests.helpers import assert_redirect, text_of
from tests.test_list_queries import counted_queries

TABS = ("overview", "parties", "records", "agreement", "follow_ups", "documents", "history")
QUERY_BUDGET = 8
# The history tab also reads the timeline's records and names the values of a page of changes
# (one query per kind of linked record, never per change).
HISTORY_BUDGET = 20


@pytest.fixture
def settled(client, login_as, network, complete_case):
    """The demo's settled neighbour case (two parties and an organisation, two meetings, a written
    agreement, a done follow-up), seen by the street's staff."""
    ids = complete_case()
    login_as("staff", street_id=network["street"].id)
    return ids


def page(client, case_id, tab=None, **args):
    query = "".join(f"&{k}={v}" for k, v in args.items())
    return client.get(f"/admin/cases/details/?id={case_id}" + (f"&tab={tab}" if tab else "") + query)


def test_each_tab_opens_by_url_and_shows_only_its_section(client, settled):
    case_id = settled["case"]
    overview = text_of(page(client, case_id))
    assert 'aria-current="page">概况' in overview
    assert 'class="case-section case-section-overview"' in overview
    assert "case-section-parties" not in overview and "调解室" not in overview  # the meetings are not read
    parties = text_of(page(client, case_id, "parties"))
    assert "case-section-parties" in parties and "case-section-overview" not in parties and "东城区某装饰有限公司" in parties
    records = text_of(page(client, case_id, "records"))
    assert "和平社区调解室" in records and "赵记录" in records
    # An unknown tab opens the overview; the partial answer is the panel alone, for the script.
    assert "case-section-overview" in text_of(page(client, case_id, "nonsense"))
    partial = text_of(page(client, case_id, "agreement", partial=1))
    assert "<html" not in partial and "李四赔偿张三修缮费用五千元。" in partial and "case-header" not in partial


def test_all_sections_stack_under_a_table_of_contents(client, settled):
    html = text_of(page(client, settled["case"], "all"))
    sections = re.findall(r'data-section="([a-z_]+)"', html)
    assert tuple(sections) == TABS
    for heading in ("tab-overview", "tab-parties", "tab-history"):
        assert f'href="#{heading}"' in html and f'id="{heading}"' in html


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_costs_a_few_queries_whatever_the_case_holds(client, app, settled, in_app, tab):
    case_id = settled["case"]
    page(client, case_id, tab)  # warm what is cached per process (lookups, settings)
    with counted_queries(app) as few:
        assert page(client, case_id, tab).status_code == 200

    def grow():
        case = db.session.get(Case, case_id)
        first = case.sessions[0]
        for day in range(6):
            case.sessions.append(MediationSession(
                kind="investigation", starts_at=first.starts_at + timedelta(hours=day + 3),
                ends_at=first.starts_at + timedelta(hours=day + 4), location_text=f"现场{day}", recorder="赵记录",
                summary="补充调查。", parties=list(case.parties[:2]), mediators=list(case.mediators)))
        db.session.commit()

    in_app(grow)
    with counted_queries(app) as many:
        assert page(client, case_id, tab).status_code == 200
    budget = HISTORY_BUDGET if tab == "history" else QUERY_BUDGET
    assert len(few) <= budget and len(many) <= budget, [q[:80] for q in many]
    if tab != "history":  # a page of changes names what its entries link to: it varies, within the budget
        assert len(many) == len(few), f"{tab}: {len(few)} queries, then {len(many)} with more meetings"


def test_the_overview_costs_at_most_eight_queries_for_inspectors_too(client, app, network, complete_case, other_client):
    case_id = complete_case()["case"]
    inspector = other_client("viewer")
    page(inspector, case_id)
    with counted_queries(app) as queries:
        html = text_of(page(inspector, case_id))
    assert len(queries) <= QUERY_BUDGET + 2, len(queries)  # +2: the parties' names to mask, now and in the history
    assert "13655556666" not in html


def test_the_header_offers_the_steps_that_return_to_the_tab(client, login_as, network, case_in, case_page):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    html = text_of(page(client, case.id, "parties"))
    assert f"/admin/cases/transition/accept/?id={case.id}&amp;tab=parties" in html
    form = case_page(case.id).step_form("accept")
    form.action += "&tab=parties"
    response = form.submit(client)
    assert_redirect(response)
    assert response.headers["Location"].endswith(f"/admin/cases/details/?id={case.id}&tab=parties")
    stepper = text_of(page(client, case.id)).split('class="case-stepper"')[1].split("</ol>")[0]
    assert 'case-stage-done' in stepper and 'aria-current="step"' in stepper and "已受理" in stepper


def test_what_needs_doing_names_the_missing_dossier_papers_and_the_fix(client, settled, case_page):
    html = text_of(page(client, settled["case"]))
    needs = html.split('id="case-needs-heading"')[1].split("</aside>")[0]
    assert "归档前尚缺材料" in needs and "身份证明" in needs
    assert f"/admin/cases/details/?id={settled['case']}&amp;tab=documents#case-upload" in needs
    # The judicial-confirmation window is open: the need says until when, with the form to record it.
    assert "申请司法确认" in needs and "/admin/judicial_confirmations/new/" in needs
    # With every required scan in, the panel offers archiving instead.
    case_page(settled["case"]).upload_dossier("application", "identity", "rights_notice", "mediation_record", "agreement")
    needs = text_of(page(client, settled["case"])).split('id="case-needs-heading"')[1].split("</aside>")[0]
    assert "卷宗材料齐全" in needs and "/transition/archive/" in needs


def test_history_pages_newest_first_collapsed_and_filtered_by_kind(client, settled, in_app):
    case_id = settled["case"]

    def many_changes():
        case = db.session.get(Case, case_id)
        for n in range(25):
            case.facts = f"事实补充{n}"
            db.session.commit()

    in_app(many_changes)
    first = text_of(page(client, case_id, "history"))
    changes = first.split('id="history-heading"')[1]
    assert changes.count('class="case-change"') == 20
    assert "<details>" in changes and "事实补充24" in changes and "事实补充3<" not in changes
    assert "hpage=2" in changes
    second = text_of(page(client, case_id, "history", hpage=2))
    assert "事实补充3" in second.split('id="history-heading"')[1]
    kinds = re.findall(r'<option value="([a-z_]+)"', changes)
    assert "cases" in kinds and "mediation_sessions" in kinds
    meetings = text_of(page(client, case_id, "history", hkind="mediation_sessions")).split('id="history-heading"')[1]
    assert "事实补充" not in meetings and meetings.count('class="case-change"') == in_app(
        lambda: len(db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "mediation_sessions")).all()))
    # Nonsense in the paging or the filter gives the first page, never an error.
    for args in ({"hpage": "x"}, {"hpage": "-4"}, {"hkind": "users"}, {"hpage": "99999999999"}):
        assert page(client, case_id, "history", **args).status_code == 200


def test_the_summary_prints_on_one_page_and_masks_for_inspectors(client, settled, other_client):
    html = text_of(client.get(f"/admin/cases/summary/print/?id={settled['case']}"))
    assert "@page" not in html and "case_workspace.css" in html
    assert settled["number"] in html and "李四赔偿张三修缮费用五千元。" in html
    inspector = text_of(other_client("viewer").get(f"/admin/cases/summary/print/?id={settled['case']}"))
    assert "张三" not in inspector.split("<main>")[1].split("</h1>")[1].split("<h2>")[1]  # the parties, masked
    assert other_client("staff", street_id=None).get(f"/admin/cases/summary/print/?id={settled['case']}").status_code in (302, 403, 404)


def test_uploads_and_removals_return_to_the_documents_tab(client, settled, case_page):
    page_ = case_page(settled["case"])
    response = page_.upload("identity", PDF, filename="身份证.pdf")
    assert response.headers["Location"].endswith(f"?id={settled['case']}&tab=documents#documents")


def test_the_stepper_shows_the_stages_a_refused_case_skipped(client, login_as, network, case_in, case_page):
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    assert_redirect(case_page(case.id).step("refuse", reason="已由法院受理", referred_to="东城区人民法院"))
    html = text_of(page(client, case.id))
    status = re.search(r'class="badge badge-info case-status[^"]*">([^<]+)<', html).group(1)
    stepper = html.split('class="case-stepper"')[1].split("</ol>")[0]
    stages = re.findall(r'case-stage case-stage-([a-z]+)"', stepper)
    assert stages == ["done", "skipped", "skipped", "current", "todo"], stages
    current = stepper.split("case-stage-current")[1].split("</li>")[0]
    today = timeutil.today()
    assert status in current and f"{today.year}年{today.month}月{today.day}日" in current
