"""The public site and the API are served from a cache: a change to content or to a record they
show drops it at once, scheduled entries come and go at their times, conditional requests still
get 304, and nothing personal is ever kept: pages of signed-in people or with a message waiting."""
import socket

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Committee
from portal.models.content import ContentTranslation
from tests.conftest import make_test_app
from tests.helpers import text_of
from tests.test_list_queries import counted_queries

PAGES = ["/", "/content/notice/", "/contacts/", "/api/v1/types/notice/entries", "/api/v1/contacts", "/sitemap.xml"]


@pytest.mark.parametrize("url", PAGES)
def test_a_second_visit_asks_the_database_nothing(client, app, content_world, url):
    first = client.get(url)
    with counted_queries(app) as statements:
        second = client.get(url)
    assert second.status_code == 200 and second.get_data() == first.get_data()
    assert statements == [], statements
    assert second.headers["ETag"] == first.headers["ETag"]
    assert "Content-Security-Policy" in second.headers  # the site's own headers on every answer
    revalidated = client.get(url, headers={"If-None-Match": second.headers["ETag"]})
    assert revalidated.status_code == 304


def test_editing_content_drops_what_was_kept(client, app, make_entry):
    made = make_entry("notice", slug="kept", title="旧标题")
    assert "旧标题" in text_of(client.get("/")) and "旧标题" in text_of(client.get(made.url))
    with app.app_context():
        translation = db.session.scalar(select(ContentTranslation).where(ContentTranslation.entry_id == made.id))
        translation.title = "新标题"
        db.session.commit()
    assert "新标题" in text_of(client.get("/")) and "新标题" in text_of(client.get(made.url))
    assert "新标题" in client.get(made.api_url).get_data(as_text=True)


def test_a_record_shown_as_a_contact_point_drops_it_too(client, app, public_world):
    assert "和平社区人民调解委员会" in text_of(client.get("/contacts/"))
    with app.app_context():
        db.session.get(Committee, public_world["community_committee"].id).is_public = False
        db.session.commit()
    assert "和平社区人民调解委员会" not in text_of(client.get("/contacts/"))


def test_a_rolled_back_change_keeps_the_cache(client, app, content_world):
    client.get("/")
    with app.app_context():
        db.session.get(Committee, content_world["community_committee"].id).is_public = False
        db.session.flush()
        db.session.rollback()
    with counted_queries(app) as statements:
        client.get("/")
    assert statements == []


def test_signed_in_pages_are_never_kept_nor_served_from_the_cache(client, app, login_as, content_world):
    client.get("/")  # kept for visitors
    login_as("admin")
    with counted_queries(app) as statements:
        assert client.get("/").status_code == 200
    assert statements, "a signed-in person's page came from the cache"
    client.get("/auth/logout")


def test_a_waiting_message_is_shown_not_a_kept_page(client, app, content_world):
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "一条提示")]
    assert "一条提示" in text_of(client.get("/"))


def test_each_language_has_its_own_answer(client, make_entry):
    made = make_entry("notice", slug="both", title="中文标题", title_en="English title")
    assert "中文标题" in text_of(client.get(made.url))
    assert "English title" in text_of(client.get(made.url, headers={"Accept-Language": "en"}))
    assert "English title" in client.get(made.api_url + "?locale=en").get_data(as_text=True)
    assert "中文标题" in client.get(made.api_url).get_data(as_text=True)


def _redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_hosts_sharing_redis_see_each_others_changes(app, make_entry, tmp_path_factory):
    """Two hosts (two apps on one database and one Redis): a change saved on one is seen on the other."""
    hosts = [make_test_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                           PORTAL_CACHE_URL="redis://127.0.0.1:6379/15") for _ in range(2)]
    made = make_entry("notice", slug="shared", title="第一版")
    first, second = (host.test_client() for host in hosts)
    assert "第一版" in text_of(first.get(made.url))
    with hosts[1].app_context():
        translation = db.session.scalar(select(ContentTranslation).where(ContentTranslation.entry_id == made.id))
        translation.title = "第二版"
        db.session.commit()
        db.session.remove()
    assert "第二版" in text_of(first.get(made.url)) and "第二版" in text_of(second.get(made.url))
    for host in hosts:
        with host.app_context():
            db.session.remove()
            db.engine.dispose()
