"""The menu bar is drawn once per role, language and open screen and kept (admin_views.menu_cache):
each role still gets its own menu, in its own language, with the open screen marked, and the
count of applications waiting is filled in on every request (test_online_applications_inbox)."""
import json
import re

from tests.helpers import text_of
from tests.test_online_applications_inbox import menu


def test_each_role_gets_its_own_menu(client, login_as, other_client):
    admin = other_client("admin")
    first = menu(text_of(admin.get("/admin/")))
    login_as("trainer")
    trainer = menu(text_of(client.get("/admin/")))
    again = menu(text_of(admin.get("/admin/")))
    assert 'href="/admin/cases/"' in first and 'href="/admin/users/"' in first
    assert 'href="/admin/cases/"' not in trainer and 'href="/admin/users/"' not in trainer
    assert _without_tokens(again) == _without_tokens(first)


def _without_tokens(html):
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def test_the_open_screen_is_marked(client, login_as):
    login_as("admin")
    on_mediators = menu(text_of(client.get("/admin/mediators/")))
    on_cases = menu(text_of(client.get("/admin/cases/")))
    marked = r'class="dropdown-item active[^"]*"\s+href="/admin/{}/"'
    assert re.search(marked.format("mediators"), on_mediators)
    assert not re.search(marked.format("cases"), on_mediators)
    assert re.search(marked.format("cases"), on_cases)
    assert not re.search(marked.format("mediators"), on_cases)


def test_menu_and_filters_follow_the_language(client, login_as):
    login_as("admin")
    chinese = text_of(client.get("/admin/cases/"))
    client.get("/locale/en")
    english = text_of(client.get("/admin/cases/"))
    assert "调解员" in menu(chinese) and "Mediators" in menu(english) and "调解员" not in menu(english)

    def filters(html):
        return json.loads(re.search(r'id="filter-groups-data"[^>]*>(.*?)</div>', html, re.S).group(1))

    assert filters(chinese) != filters(english)
    english_groups = " ".join(filters(english))
    assert "Status" in english_groups and not re.search(r"[\u4e00-\u9fff]", english_groups)
