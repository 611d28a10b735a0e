"""The public site as a reader meets it: pages in three locales, flow charts, contact points,
scheduled content, the sitemap."""
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from portal import timeutil
from tests.helpers import text_of

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(response):
    return TITLE.search(text_of(response)).group(1).strip()


@pytest.mark.parametrize("locale,lang,heading,site", [
    ("zh_Hans_CN", "zh-Hans-CN", "如何申请", "多元纠纷化解服务"),
    ("zh_Hant_TW", "zh-Hant-TW", "如何申請", "多元糾紛化解服務"),
    ("en", "en", "How to apply", "Dispute Resolution Services"),
])
def test_home_in_each_locale(client, make_entry, locale, lang, heading, site):
    make_entry("notice", slug="opening", title="网上申请开通", title_en="Online applications open")
    client.get(f"/locale/{locale}")
    page = client.get("/")
    html = text_of(page)
    assert page.status_code == 200 and f'<html lang="{lang}">' in html
    assert heading in html and site in title_of(page)
    assert "/content/notice/opening" in html  # latest notices
    assert html.count('hreflang="') == 2  # the switcher offers the two other languages
    assert 'aria-current="page"' in html  # the menu marks where the reader is


def test_switcher_returns_to_the_same_page(client, make_entry):
    made = make_entry("faq", slug="fee", title="收费吗？", title_en="Is there a fee?")
    html = text_of(client.get(made.url))
    switch = re.search(r'href="(/locale/en\?next=[^"]+)"', html).group(1)
    response = client.get(switch.replace("&amp;", "&"))
    assert response.status_code == 302 and response.headers["Location"].endswith(made.url)
    assert "Is there a fee?" in text_of(client.get(made.url))


def test_procedure_page_draws_steps_as_a_printable_flow_chart(client, make_entry):
    made = make_entry("procedure", slug="process", title="调解流程", fields={"steps": [
        {"title": "申请", "description": "提出申请"}, {"title": "受理", "description": ""}, {"title": "调解", "description": "开展调解"},
    ]})
    response = client.get(made.url)
    html = text_of(response)
    assert title_of(response) == "调解流程 · 办事流程 · 多元纠纷化解服务"
    assert html.count('class="flow-step"') == 3 and html.count('class="flow-arrow"') == 2
    assert re.search(r'<ol class="flow" aria-label="办理步骤">', html)
    assert 'media="print"' in html and "print.css" in html
    assert client.get("/static/public/print.css").status_code == 200


def test_english_reader_gets_chinese_with_a_note_when_no_translation(client, make_entry):
    made = make_entry("rule", slug="only-zh", title="只有中文")
    client.get("/locale/en")
    html = text_of(client.get(made.url))
    assert "not available in your language" in html and "Simplified Chinese" in html
    assert '<article class="entry entry-rule" lang="zh-Hans-CN">' in html


def test_index_lists_search_and_pages(client, make_entry):
    for n in range(1, 23):
        make_entry("faq", slug=f"q{n}", title=f"问题{n:02d}", sort_order=n)
    make_entry("faq", slug="hidden", title="草稿问题", status="draft")
    first = text_of(client.get("/content/faq/"))
    assert "问题01" in first and "问题20" in first and "问题21" not in first and "草稿问题" not in first
    assert "共 22 条" in first and 'rel="next"' in first
    second = text_of(client.get("/content/faq/?page=2"))
    assert "问题21" in second and "问题22" in second and "问题01" not in second
    found = text_of(client.get("/content/faq/?q=问题2"))
    assert "问题20" in found and "问题21" in found and "问题01" not in found
    assert client.get("/content/faq/?page=abc").status_code == 200


def test_contact_points_filter_by_street_kind_and_name(client, public_world):
    east, west = public_world["east"], public_world["west"]
    everything = text_of(client.get("/contacts/"))
    for shown in ("东华司法所", "西城司法所", "东华街道人民调解委员会", "和平社区人民调解委员会", "东华法律咨询室", "东华法官联系点"):
        assert shown in everything, shown
    for hidden in ("内部调解小组", "西城谈心处", "东华调解室一", "13911112222", "王所长"):
        assert hidden not in everything, hidden
    west_only = text_of(client.get(f"/contacts/?street={west.code}"))
    assert "西城司法所" in west_only and "东华司法所" not in west_only
    committees = text_of(client.get("/contacts/?kind=committee"))
    assert "和平社区人民调解委员会" in committees and "东华司法所" not in committees
    assert "社区（村）级" in committees or "社区" in committees
    by_name = text_of(client.get("/contacts/?q=法官"))
    assert "东华法官联系点" in by_name and "东华司法所" not in by_name
    assert "东华司法所" in text_of(client.get(f"/contacts/?street={east.code}&kind=judicial_office"))
    # Nonsense filters show everything rather than failing.
    assert client.get("/contacts/?street=%00&kind=prison&page=-3").status_code == 200


def test_scheduled_entry_appears_and_disappears_at_its_times(client, make_entry, clock):
    start = clock(timeutil.now().replace(microsecond=0))
    made = make_entry("notice", slug="window", title="限时通知",
                      publish_at=start + timedelta(hours=1), unpublish_at=start + timedelta(hours=3))

    def visible():
        return {
            "page": client.get(made.url).status_code == 200,
            "index": "限时通知" in text_of(client.get("/content/notice/")),
            "home": "限时通知" in text_of(client.get("/")),
            "api": client.get(made.api_url).status_code == 200,
            "sitemap": made.url in text_of(client.get("/sitemap.xml")),
        }

    assert set(visible().values()) == {False}
    clock(start + timedelta(hours=1))
    assert set(visible().values()) == {True}
    clock(start + timedelta(hours=3))
    assert set(visible().values()) == {False}


def test_sitemap_lists_public_pages_only(client, make_entry):
    published = make_entry("rule", slug="public-rule", title="公开制度")
    draft = make_entry("rule", slug="draft-rule", title="草稿制度", status="draft")
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    locations = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"http://localhost{published.url}" in locations and f"http://localhost{draft.url}" not in locations
    for path in ("/", "/contacts/", "/apply/", "/track/", "/content/rule/"):
        assert f"http://localhost{path}" in locations
    robots = text_of(client.get("/robots.txt"))
    assert "Disallow: /admin/" in robots and "Sitemap: http://localhost/sitemap.xml" in robots


@pytest.mark.parametrize("url", [
    "/content/nothing/", "/content/faq/nothing", "/content/FAQ/", "/content/faq/%E4%B8%AD", "/content/faq/../admin",
    "/files/999/x.png", "/files/0/a", "/content/" + "x" * 300 + "/",
])
def test_unknown_addresses_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert '<html lang="zh-Hans-CN">' in text_of(response)


def test_pages_have_accessible_structure(client, make_entry, public_world):
    made = make_entry("procedure", slug="a11y", title="无障碍检查")
    for url in ("/", "/content/procedure/", made.url, "/contacts/", "/apply/", "/track/"):
        html = text_of(client.get(url))
        assert html.count("<h1") == 1, url
        assert 'href="#main"' in html and 'id="main"' in html, url
        assert '<meta name="viewport"' in html, url
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            if field_id in ("csrf_token",) or field_id.startswith("website"):
                continue
            assert f'for="{field_id}"' in html, (url, field_id)


def test_pager_links_ignore_arguments_that_clash_with_the_address(client, make_entry):
    for n in range(1, 23):
        make_entry("faq", slug=f"p{n}", title=f"分页{n:02d}", sort_order=n)
    # ?type_key= would name the path's argument twice; ?_external= would make url_for build absolute links.
    response = client.get("/content/faq/?type_key=notice&_external=1&_anchor=x&q=分页")
    html = text_of(response)
    assert response.status_code == 200
    link = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert link.startswith("/content/faq/?") and "page=2" in link and "q=" in link
    assert "type_key" not in link and "_external" not in link and "#" not in link
    assert "分页21" in text_of(client.get(link))
