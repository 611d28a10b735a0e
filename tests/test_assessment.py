"""The annual target assessment through HTTP with CSRF on: schemes the district edits (weights,
sources, scoring rules checked), scorecards from the portal's own figures and the inspections,
scores judged by hand, the ranking, and what an office sees in each state: nothing of a draft, its
own card once published (with comments in the window), the ranking once final, frozen for good."""
import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import AssessmentScheme, AssessmentScore
from portal.services.inspections import assessment
from tests.helpers import get_form, page_errors, text_of

YEAR = timeutil.today().year
FAILS = [("meets", ""), ("partly", "制度未上墙"), ("fails", "卷宗缺少送达回证")]


def _scheme_form(client, indicators):
    form = get_form(client, "/admin/assessment_schemes/new/").fill(year=str(YEAR + 1), name="考核方案")
    for i, (source, rule, weight, target) in enumerate(indicators):
        form.fill(**{f"indicators-{i}-name": f"指标{i}", f"indicators-{i}-source": source,
                     f"indicators-{i}-rule": rule, f"indicators-{i}-weight": str(weight),
                     f"indicators-{i}-target": str(target), f"indicators-{i}-sort_order": str(i)})
    return form


def test_the_district_keeps_schemes_whose_weights_add_up_and_whose_indicators_have_a_source(client, login_as, in_app):
    login_as("admin")
    cases = [
        ([("success_rate", "rate", 60, 90), ("manual", "manual", 30, 0)], "100"),
        ([("success_rate", "rate", 70, 90), ("", "manual", 30, 0)], "指标1"),
        ([("success_rate", "rate", 70, 0), ("manual", "manual", 30, 0)], "指标0"),
        ([("success_rate", "rate", 70, 90), ("manual", "rate", 30, 50)], "指标1"),
    ]
    for indicators, words in cases:
        response = _scheme_form(client, indicators).submit(client)
        assert response.status_code == 200
        assert any(words in message for message in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(AssessmentScheme.id))) is None
    response = _scheme_form(client, [("success_rate", "rate", 70, 90), ("manual", "manual", 30, 0)]).submit(client)
    assert response.status_code == 302, page_errors(response)


def test_scorecards_rank_the_offices_from_their_figures(
        client, login_as, inspection_world, make_inspection, make_scheme, in_app):
    scheme = make_scheme(YEAR)
    make_inspection(inspection_world["east_office"].id, inspection_world["template"].id,
                    on=timeutil.today() - timedelta(days=1), results=[("meets", "")] * 3)
    make_inspection(inspection_world["west_office"].id, inspection_world["template"].id,
                    on=timeutil.today() - timedelta(days=1), results=FAILS)
    login_as("admin")
    page = text_of(client.get(f"/admin/assessment/?year={YEAR}"))
    assert "东华司法所" in page and "西城司法所" in page and "ranking" in page

    cards = in_app(lambda: {c.office: c for c in assessment.scorecards(db.session.get(AssessmentScheme, scheme.id))})
    east, west = cards["东华司法所"], cards["西城司法所"]
    inspections = {c.office: next(l for l in c.lines if l.source == "inspections") for c in cards.values()}
    assert inspections["东华司法所"].raw == "100.0" and inspections["西城司法所"].raw == "45.0"
    assert inspections["西城司法所"].score == "4.50"
    assert east.rank == 1 and west.rank == 2 and not east.complete  # the judged score is still missing

    office = f"/admin/assessment/office/?year={YEAR}&street={inspection_world['west'].id}"
    body = text_of(client.get(office))
    assert "/admin/inspections/?flt0_0=" in body  # drill-down to the inspections behind the value
    form = get_form(client, office, match="/score/")
    score_field = next(name for name, _ in form.fields if name.endswith("-score"))
    reason_field = score_field.replace("-score", "-reason")
    for value in ("11", "-1", "abc", "1e9"):
        response = form.set(score_field, value).set(reason_field, "台账规范").submit(client)
        assert response.status_code == 302
        assert in_app(lambda: db.session.scalar(select(AssessmentScore.id))) is None
    form.set(score_field, "8.5").set(reason_field, "台账规范，公示到位")
    assert form.submit(client).status_code == 302
    assert in_app(lambda: str(db.session.scalar(select(AssessmentScore.score)))) == "8.50"

    export = client.get(f"/admin/assessment/export/xlsx/?year={YEAR}")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.data))
    assert book.worksheets[0].max_row == 3
    printed = text_of(client.get(f"{office.replace('/office/', '/office/print/')}"))
    assert "年度目标管理考核评分表" in printed and "合计" in printed


def test_an_office_sees_its_card_once_published_and_the_ranking_once_final(
        client, login_as, auth, inspection_world, make_inspection, make_scheme, in_app):
    scheme = make_scheme(YEAR, indicators=(("inspections", "rate", 100, 100),))
    make_inspection(inspection_world["west_office"].id, inspection_world["template"].id,
                    on=timeutil.today() - timedelta(days=1), results=FAILS)
    east, west = inspection_world["east"].id, inspection_world["west"].id
    own = f"/admin/assessment/office/?year={YEAR}&street={west}"
    other = f"/admin/assessment/office/?year={YEAR}&street={east}"

    login_as("staff", street_id=west)
    assert client.get(own).status_code == 404  # a draft is the district's
    assert "东华司法所" not in text_of(client.get("/admin/assessment/", follow_redirects=True))
    assert client.get(f"/admin/assessment/export/xlsx/?year={YEAR}").status_code in (403, 404)
    auth.logout()

    login_as("admin")
    details = f"/admin/assessment_schemes/details/?id={scheme.id}"
    publish = get_form(client, details, match="/state/publish/")
    publish.set("publish-comments_until", (timeutil.today() - timedelta(days=1)).isoformat())
    publish.submit(client)
    assert in_app(lambda: db.session.get(AssessmentScheme, scheme.id).status) == "draft"
    publish = get_form(client, details, match="/state/publish/")
    publish.set("publish-comments_until", (timeutil.today() + timedelta(days=7)).isoformat())
    assert publish.submit(client).status_code == 302
    assert in_app(lambda: db.session.get(AssessmentScheme, scheme.id).status) == "published"
    # Published: the scheme itself no longer changes.
    edit = get_form(client, f"/admin/assessment_schemes/edit/?id={scheme.id}").fill(name="改过的方案")
    response = edit.submit(client)
    assert any("草稿" in m or "draft" in m for m in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.get(AssessmentScheme, scheme.id).name) != "改过的方案"
    auth.logout()

    login_as("staff", street_id=west)
    card = text_of(client.get(own))
    assert "西城司法所" in card and "45.0" in card and "东华司法所" not in card
    assert "Rank" not in card and "排名" not in card and "第 " not in card
    assert client.get(other).status_code == 404
    comment = get_form(client, own, match="/comment/").fill(text="卷宗问题已整改，请复核。")
    assert comment.submit(client).status_code == 302
    auth.logout()

    login_as("admin")
    assert "卷宗问题已整改" in text_of(client.get(own))
    get_form(client, details, match="/state/finalise/").submit(client)
    assert in_app(lambda: db.session.get(AssessmentScheme, scheme.id).status) == "final"
    # Final is frozen: a new inspection changes nothing on the signed-off cards.
    make_inspection(inspection_world["west_office"].id, inspection_world["template"].id,
                    on=timeutil.today() - timedelta(days=1), results=[("meets", "")] * 3)
    frozen = in_app(lambda: [(c.office, c.total, c.rank) for c in assessment.scorecards(
        db.session.get(AssessmentScheme, scheme.id))])
    assert ("西城司法所", "45.00", 1) in frozen
    assert client.get(f"/admin/assessment_schemes/edit/?id={scheme.id}").status_code in (200, 302)
    auth.logout()

    login_as("staff", street_id=west)
    card = text_of(client.get(own))
    assert "45.00" in card and ("第 1 名" in card or "Rank 1" in card)
    assert "/comment/" not in card  # the window closed with the sign-off
    ranking = text_of(client.get(f"/admin/assessment/?year={YEAR}"))
    assert "东华司法所" in ranking and "西城司法所" in ranking  # the final ranking is every office's to read
    assert client.get(other).status_code == 404  # but another office's card stays its own
