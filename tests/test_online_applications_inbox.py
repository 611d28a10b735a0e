"""Online applications are in the Cases menu, each with its state for the office (waiting,
registered as case N, refused, withdrawn), and the menu counts those waiting."""
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case
from tests.helpers import assert_redirect, text_of
from tests.test_applications import application_form


def menu(html):
    """The main menu's markup."""
    return html.split('id="admin-navbar-collapse"', 1)[1].split("</nav>", 1)[0]


def test_applications_sit_under_cases_with_their_state_and_a_waiting_count(
    client, app, network, in_app, login_as, case_page, other_client, make_street, make_community, make_committee,
):
    for applicant in ("周晓梅", "孙建华", "赵六"):
        assert application_form(client, in_app, network["community"].id, applicant_name=applicant).submit(client).status_code == 302
    # One in another street: not in this office's count.
    west_village = make_community(network["other_street"].id, name="西山村")
    make_committee(network["other_street"].id, name="西山村人民调解委员会", level="community", community_id=west_village.id)
    application_form(client, in_app, west_village.id, applicant_name="钱七").submit(client)

    login_as("staff", street_id=network["street"].id)
    html = text_of(client.get("/admin/"))
    cases_menu = menu(html).split("纠纷案件", 1)[0].rsplit("dropdown-toggle", 1)[1]
    assert "案件" in cases_menu and re.search(r'menu-count[^>]*>3<', cases_menu), cases_menu
    assert re.search(r'网上申请\s*<span class="badge[^"]*menu-count"[^>]*>3<', menu(html))

    ids = dict(in_app(lambda: [(c.title.split("与")[0], c.id) for c in db.session.scalars(select(Case))]))
    assert_redirect(case_page(ids["周晓梅"]).step("accept"))
    assert_redirect(case_page(ids["孙建华"]).step("refuse", reason="已诉至法院", referred_to="东城区人民法院"))
    number = in_app(lambda: db.session.get(Case, ids["周晓梅"]).number)

    listing = text_of(client.get("/admin/online_applications/"))
    assert f"已受理，案号 {number}" in listing and "不予受理" in listing and "待处理" in listing
    assert re.search(r'menu-count[^>]*>1<', menu(listing))
    waiting = text_of(client.get("/admin/online_applications/?flt0_0=waiting"))
    assert "待处理" in waiting and number not in waiting and "不予受理" not in waiting
    export = client.get("/admin/online_applications/export/csv/").get_data(as_text=True)
    assert f"已受理，案号 {number}" in export

    # Nothing waiting: no count at all; the district office sees every street's.
    assert_redirect(case_page(ids["赵六"]).step("withdraw", note="已自行和解"))
    assert "menu-count" not in menu(text_of(client.get("/admin/")))
    admin = other_client("admin")
    assert re.search(r'menu-count[^>]*>1<', menu(text_of(admin.get("/admin/"))))


def test_trainers_and_the_public_get_no_count(client, network, in_app, login_as):
    application_form(client, in_app, network["community"].id).submit(client)
    login_as("trainer")
    html = text_of(client.get("/admin/"))
    assert "menu-count" not in html and "网上申请" not in menu(html)
