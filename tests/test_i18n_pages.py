"""Pages speak the reader's language: no stray English in Chinese, the switcher is remembered."""
import re
from html.parser import HTMLParser

import pytest

from tests.helpers import text_of


class VisibleText(HTMLParser):
    """Text a person sees: not scripts, styles or elements marked as another language."""

    SKIP = {"script", "style", "option"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        style = (attrs.get("style") or "").replace(" ", "")
        hidden = (tag in self.SKIP or attrs.get("lang") == "en" or attrs.get("type") == "hidden"
                  or "display:none" in style or "hidden" in attrs
                  or "d-none" in (attrs.get("class") or "").split())
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self.stack.append(hidden)
        for attr in ("placeholder", "title", "aria-label", "alt"):
            if attrs.get(attr) and not any(self.stack):
                self.parts.append(attrs[attr])

    def handle_endtag(self, tag):
        if self.stack and tag not in ("input", "br", "img", "meta", "link", "hr"):
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack) and data.strip():
            self.parts.append(data.strip())


def english_words(html, data_words=()):
    """English words a reader sees, apart from acronyms and ``data_words`` (usernames…)."""
    parser = VisibleText()
    parser.feed(html)
    # "zs": pinyin initials, the example of what a name lookup takes ("zs" finds 张三).
    allowed = {"CSV", "XLSX", "ID", "X", "PDF", "JPEG", "PNG", "MB", "KB", "DOCX", "PPTX", "zs", *data_words}
    found = []
    for part in parser.parts:
        for word in re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]{2,})*", part):
            if word not in allowed:
                found.append(word)
    return found


PAGES = [
    "/admin/", "/admin/mediators/", "/admin/mediators/new/", "/admin/cases/", "/admin/cases/new/",
    "/admin/committees/", "/admin/committees/new/", "/admin/training_sessions/new/", "/admin/facilities/new/",
    "/admin/users/", "/admin/users/new/", "/admin/dispute_types/new/", "/admin/audit_log/", "/admin/streets/",
    "/admin/grids/", "/admin/liaison_points/new/",
]


@pytest.fixture
def admin_with_records(client, login_as, two_streets, make_mediator, make_case):
    make_mediator(two_streets["east"].id, name="张三")
    case = make_case(two_streets["east_committee"].id)
    login_as("admin")
    return {"case": case, **two_streets}


def usernames(app):
    """Identifiers that are data, not interface text: usernames, content type and field keys."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import ContentField, ContentType, User

    with app.app_context():
        names = list(db.session.scalars(select(User.username)))
        names += list(db.session.scalars(select(ContentField.key)))
        names += list(db.session.scalars(select(ContentType.key)))
    return {word for name in names for word in re.findall(r"[A-Za-z]{2,}", name)}


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW"])
def test_chinese_pages_show_no_english(client, app, admin_with_records, locale):
    client.get(f"/locale/{locale}")
    data_words = usernames(app)
    pages = PAGES + [f"/admin/cases/details/?id={admin_with_records['case'].id}",
                     f"/admin/committees/details/?id={admin_with_records['east_committee'].id}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(text_of(response), data_words) == [], url


def test_login_and_error_pages_show_no_english(client, login_as):
    assert english_words(text_of(client.get("/auth/login"))) == []
    login_as("trainer")
    response = client.get("/admin/cases/")
    assert response.status_code == 403 and english_words(text_of(response)) == []
    response = client.get("/no-such-page")
    assert response.status_code == 404 and english_words(text_of(response)) == []


def test_traditional_pages_use_traditional_characters(client, admin_with_records):
    client.get("/locale/zh_Hant_TW")
    html = text_of(client.get("/admin/mediators/new/"))
    assert "人民調解員" in html and "身份證號碼" in html and "保存" in html
    assert "身份证号码" not in html


def test_english_pages(client, admin_with_records):
    client.get("/locale/en")
    html = text_of(client.get("/admin/mediators/new/"))
    assert "ID number" in html and "Mobile phone" in html and "Full-time / part-time" in html
    assert "身份证号码" not in html and "調解" not in html


def test_switcher_choice_is_remembered_across_sessions(client, app, make_user, auth):
    from tests.fixtures.accounts import Auth
    from tests.helpers import form_from_html

    user = make_user("admin")
    auth.login(user.username)
    # A link changes this browser only: it saves nothing on the account.
    response = client.get("/locale/en?next=/admin/mediators/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/mediators/")
    assert "Mediators" in text_of(client.get("/admin/mediators/"))
    elsewhere = app.test_client()
    Auth(elsewhere).login(user.username)
    assert "人民调解员" in text_of(elsewhere.get("/admin/mediators/"))
    # The admin menu's switcher posts (with its CSRF token) and keeps the choice on the account:
    # signing in from another browser brings it back.
    page = text_of(client.get("/admin/mediators/"))
    switch = form_from_html(page, "/admin/mediators/", match="/locale/zh_Hant_TW")
    assert switch.method == "post" and switch.get("csrf_token")
    assert switch.submit(client).status_code == 302
    assert "調解員" in text_of(client.get("/admin/mediators/"))
    other = app.test_client()
    Auth(other).login(user.username)
    assert "調解員" in text_of(other.get("/admin/mediators/"))


def test_saving_the_language_needs_a_post_with_its_token(client, make_user, auth, in_app):
    from portal.extensions import db
    from portal.models import User

    user = make_user("admin")
    auth.login(user.username)
    assert client.post("/locale/en").status_code == 400  # no CSRF token: refused, nothing saved
    client.get("/locale/en")
    assert in_app(lambda: db.session.get(User, user.id).locale) is None


def test_switcher_rejects_unknown_locales_and_external_targets(client, admin_with_records):
    response = client.get("/locale/fr?next=https://evil.example/")
    assert "evil" not in response.headers["Location"]
    assert "人民调解员" in text_of(client.get("/admin/mediators/"))


@pytest.mark.parametrize("header,expected", [
    ("zh-TW,zh;q=0.9", "人民調解員"), ("zh-HK", "人民調解員"), ("zh-CN,en;q=0.5", "人民调解员"),
    ("en-US,en;q=0.9", "Mediators"), ("fr-FR", "人民调解员"),
])
def test_accept_language_when_nothing_was_chosen(app, make_user, header, expected):
    from tests.fixtures.accounts import Auth

    user = make_user("admin")
    client = app.test_client()
    Auth(client).login(user.username)
    assert expected in text_of(client.get("/admin/mediators/", headers={"Accept-Language": header}))


def test_dates_and_numbers_follow_the_locale(client, admin_with_records):
    url = f"/admin/cases/details/?id={admin_with_records['case'].id}"
    assert "2026年11月2日" in text_of(client.get(url)) and "1,200" in text_of(client.get(url))
    client.get("/locale/en")
    html = text_of(client.get(url))
    assert "Nov 2, 2026" in html and "1,200" in html
