"""Public contact points by community: choose a street, then one of its communities, and see the
community's own points with those serving its whole street; a liaison point's card names its
judge (never the judge's phone)."""
import pytest

from portal.extensions import db
from portal.models import JudgeLiaisonPoint
from tests.fixtures.accounts import saved
from tests.helpers import text_of

pytestmark = pytest.mark.usefixtures("public_world")


@pytest.fixture
def with_communities(public_world, app, make_community, make_committee):
    east = public_world["east"]
    other = make_community(east.id, name="青年湖社区", code="C-QNH")
    make_committee(east.id, name="青年湖社区人民调解委员会", level="community", community_id=other.id)
    saved(app, lambda: JudgeLiaisonPoint(name="和平社区法官联系点", street_id=east.id,
                                         community_id=public_world["peace"].id, judge_name="刘敏",
                                         judge_phone="13900001111", opening_hours="每周三 14:30—17:00"))
    return {**public_world, "other": other}


def names(html):
    import re

    return set(re.findall(r'<h2 class="h6 mb-1">([^<]+)</h2>', html))


def test_a_street_then_its_community(client, with_communities):
    east, peace = with_communities["east"], with_communities["peace"]
    page = text_of(client.get("/contacts/"))
    assert 'name="community"' in page and "请先选择街道" in page  # nothing to choose before a street
    page = text_of(client.get(f"/contacts/?street={east.code}"))
    assert "和平社区" in page and "青年湖社区" in page and "西山村" not in page.split('name="community"', 1)[1].split("</select>", 1)[0]

    shown = names(text_of(client.get(f"/contacts/?street={east.code}&community={peace.code}")))
    # The community's own committee and liaison point, and the street's office and consultation room.
    assert {"和平社区人民调解委员会", "和平社区法官联系点", "东华司法所", "东华法律咨询室"} <= shown
    assert "青年湖社区人民调解委员会" not in shown  # another community's
    assert "东华法官联系点" in shown  # a point with no community serves the whole street
    # A community of another street is no filter at all (the list follows the street).
    lonely = with_communities["lonely"]
    assert names(text_of(client.get(f"/contacts/?street={east.code}&community={lonely.code}"))) == \
        names(text_of(client.get(f"/contacts/?street={east.code}")))


def test_a_liaison_points_card_names_its_judge(client, with_communities):
    page = text_of(client.get("/contacts/?kind=liaison_point"))
    card = page.split("和平社区法官联系点", 1)[1].split("</dl>", 1)[0]
    assert "联系法官" in card and "刘敏" in card and "13900001111" not in page
    assert "社区/村" in card and "和平社区" in card


def test_the_api_filters_by_community_and_names_the_judge(client, with_communities):
    east, peace = with_communities["east"], with_communities["peace"]
    streets = client.get("/api/v1/streets").get_json()["items"]
    east_entry = next(s for s in streets if s["code"] == east.code)
    assert {"code": peace.code, "name": "和平社区"} in east_entry["communities"]
    answer = client.get(f"/api/v1/contacts?street={east.code}&community={peace.code}&per_page=100").get_json()
    point = next(p for p in answer["items"] if p["name"] == "和平社区法官联系点")
    assert point["judge"] == "刘敏" and point["community"] == "和平社区"
    assert all(p["community"] in (None, "和平社区") for p in answer["items"])
    assert client.get(f"/api/v1/contacts?street={east.code}&community=NOPE").status_code == 400
