"""Small things from the walkthrough: no stray filter box on details pages, one column saying
what a booking is for, one funds header, a dossier cover with real labels and the filer's name,
the liaison point's fields in reading order, and an icon in every tab."""
import re

from portal.models import JudgeLiaisonPoint
from tests.fixtures.accounts import saved
from tests.helpers import assert_redirect, text_of


def test_details_pages_have_no_filter_box(client, login_as, two_streets, make_mediator):
    mediator = make_mediator(two_streets["east"].id, name="张三")
    login_as("admin")
    for url in (f"/admin/mediators/details/?id={mediator.id}", f"/admin/committees/details/?id={two_streets['east_committee'].id}",
                f"/admin/streets/details/?id={two_streets['east'].id}", "/admin/audit_log/details/?id=1"):
        html = text_of(client.get(url))
        assert 'id="fa_filter"' not in html and "筛选器" not in html, url


def test_a_booking_says_once_what_it_is_for(client, login_as, two_streets, make_facility, make_training, make_booking, app):
    room = make_facility(office_id=two_streets["east_office"].id, name="东华调解室")
    make_booking(room.id, __import__("datetime").datetime(2026, 12, 1, 9), purpose="人民调解员座谈会")
    login_as("admin")
    listing = text_of(client.get("/admin/room_bookings/"))
    header = listing.split("<thead>", 1)[1].split("</thead>", 1)[0]
    columns = re.findall(r"<th[^>]*>(.*?)</th>", header, re.S)
    assert sum("用途" in column for column in columns) == 1 and "预约用途" not in header
    assert "人民调解员座谈会" in listing


def test_three_in_place_names_funds_once(client, login_as, two_streets):
    login_as("admin")
    header = text_of(client.get("/admin/office_checklist/")).split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert len(re.findall(r">\s*经费\s*<", header)) == 1


def test_the_dossier_cover_reads_as_a_cover(client, login_as, network, case_in, case_page, upload_dir, in_app):
    user = login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    assert_redirect(page.step("refuse", reason="属于劳动争议仲裁范围", referred_to="区劳动人事争议仲裁委员会"))
    page.upload_dossier("application", "identity", "back_cover")
    form = page.step_form("archive")
    assert form.get("filed_by") == user.display_name  # the person signed in, to correct if someone else filed it
    assert_redirect(form.fill(retention="short_term", filed_by="王芳").submit(client))
    cover = text_of(client.get(f"/admin/cases/cover/print/?id={case.id}", follow_redirects=True))
    assert "起止日期" in cover and "自" in cover and ">从<" not in cover and ">至<" not in cover
    assert re.search(r"立\s*卷\s*人.{0,80}王芳", re.sub(r"<[^>]+>", "", cover), re.S)


def test_the_liaison_points_fields_read_in_order(client, login_as, two_streets, app):
    point = saved(app, lambda: JudgeLiaisonPoint(name="东华法官联系点", street_id=two_streets["east"].id, judge_name="陈立新",
                                                 address="东华路8号", phone="010-64001234", opening_hours="每周三下午"))
    login_as("admin")
    order = ["名称", "街道", "社区/村", "地址", "电话", "开放时间", "法院", "联系法官"]
    for url, start in ((f"/admin/liaison_points/details/?id={point.id}", "<table"),
                       (f"/admin/liaison_points/edit/?id={point.id}", 'enctype="multipart/form-data"')):
        html = text_of(client.get(url))
        html = html[html.index(start):]
        positions = [html.find(label) for label in order]
        assert -1 not in positions and positions == sorted(positions), (url, dict(zip(order, positions)))


def test_every_page_names_its_icon(client, login_as, network, case_in):
    case = case_in(network["community_committee"])
    assert 'rel="icon"' in text_of(client.get("/")) and 'rel="icon"' in text_of(client.get("/auth/login"))
    login_as("admin")
    for url in ("/admin/", "/admin/cases/", f"/admin/cases/details/?id={case.id}", f"/admin/cases/cover/print/?id={case.id}"):
        assert 'rel="icon"' in text_of(client.get(url, follow_redirects=True)), url


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"].endswith("/static/favicon.svg")
    assert client.get("/static/favicon.svg").status_code == 200
