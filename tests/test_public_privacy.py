"""Nothing personal and nothing unpublished can be reached from the public side, by any URL.

The test crawls every page and API answer it can reach from the home page, the sitemap and the
API index, and tries the addresses of unpublished content directly.
"""
import re
from collections import deque
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import ContentEntry, ContentType
from portal.services.content import files as content_files
from tests.idnumbers import id_number
from tests.fixtures.content import PNG

LINK = re.compile(r'(?:href|src)="([^"#]+)"')
SKIP = ("/admin", "/auth", "/locale/", "/static/")


def crawl(client, starts, limit=400):
    seen, texts = set(), []
    queue = deque(starts)
    while queue and len(seen) < limit:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.path.startswith(SKIP):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code in (200, 302, 308, 404), (path, response.status_code)
        text = response.get_data(as_text=True) if response.mimetype.startswith(("text/", "application/")) else ""
        texts.append((path, text))
        for link in LINK.findall(text):
            queue.append(urljoin(path, link.replace("&amp;", "&")))
        for link in re.findall(r'"(http://localhost/[^"]+)"', text):
            queue.append(link)
        for link in re.findall(r"<loc>([^<]+)</loc>", text):
            queue.append(link)
    return texts


def test_no_personal_or_unpublished_data_anywhere(client, app, public_world, make_case, make_mediator, make_entry, in_app):
    east = public_world["east"]
    make_case(public_world["east_committee"].id, title="张三与李四邻里纠纷")
    make_mediator(east.id, name="赵调解", id_number=id_number("19700202", 35), mobile="13700001111")
    now = timeutil.now()
    published = make_entry("procedure", slug="open", title="公开流程", title_en="Open procedure")
    hidden = [
        make_entry("notice", slug="draft", title="草稿通知甲", status="draft"),
        make_entry("notice", slug="scheduled", title="排期通知乙", publish_at=now + timedelta(days=1)),
        make_entry("notice", slug="ended", title="过期通知丙", unpublish_at=now - timedelta(minutes=1)),
        make_entry("faq", slug="private-type", title="内部类型丁"),
    ]

    def prepare():
        faq = db.session.scalar(select(ContentType).where(ContentType.key == "faq"))
        faq.is_public = False
        draft = db.session.get(ContentEntry, hidden[0].id)
        stored = content_files.store(draft, "内部附件.png", PNG)
        draft.data = {**draft.data, "image": stored.id}
        db.session.commit()
        return stored.id

    draft_file = in_app(prepare)

    # An application, so there is an applicant with a phone and a tracking code somewhere.
    from tests.test_applications import APPLICANT_ID, application_form

    application_form(client, in_app, public_world["peace"].id).submit(client)
    code = re.search(r'id="tracking-code">([A-Z0-9-]+)<', client.get("/apply/submitted").get_data(as_text=True)).group(1)

    starts = ["/", "/sitemap.xml", "/robots.txt", "/api/v1/", "/api/v1/types", "/api/v1/contacts?per_page=100",
              "/api/v1/streets", "/api/v1/openapi.json", "/contacts/?per_page=100", "/track/", "/apply/"]
    for key in ("procedure", "rule", "notice", "faq"):
        starts += [f"/content/{key}/", f"/api/v1/types/{key}/entries?per_page=100"]
        for locale in ("zh_Hans_CN", "zh_Hant_TW", "en"):
            starts.append(f"/api/v1/types/{key}/entries?per_page=100&locale={locale}")
    texts = crawl(client, starts)
    assert any(path == published.url for path, _ in texts)
    everything = "\n".join(text for _path, text in texts)
    # The crawl really reached the public content (so an empty crawl cannot pass).
    assert len(texts) > 40
    # The liaison judge's name is posted at the point (their phone is not).
    for public in ("公开流程", "Open procedure", "公開流程", "东华法官联系点", "东华法律咨询室", "和平社区人民调解委员会",
                   "陈法官"):
        assert public in everything, public

    secrets = [
        "张三", "李四", "和平里1号", "13812345678", "13987654321", id_number("19800101", 123),
        "赵调解", "13700001111", id_number("19700202", 35), "王所长", "13911112222",
        "周晓梅", APPLICANT_ID, "13812340001", code, code.replace("-", ""),
        "草稿通知甲", "排期通知乙", "过期通知丙", "内部类型丁", "内部附件", "内部调解小组", "西城谈心处", "东华调解室一",
    ]
    leaks = [secret for secret in secrets if secret in everything]
    assert leaks == []

    # Direct addresses of what is not public.
    for made in hidden:
        assert client.get(made.url).status_code == 404, made.url
        assert client.get(made.api_url).status_code == 404, made.api_url
    assert client.get(f"/files/{draft_file}/x.png").status_code == 404
    assert client.get("/api/v1/types/faq/entries").status_code == 404
    assert client.get("/content/faq/").status_code == 404
