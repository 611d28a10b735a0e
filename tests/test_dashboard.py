"""The dashboard's tiles agree with the lists they link to: same access, same scope, same cap."""
import re

from tests.helpers import listed_ids, text_of


def tiles(client):
    html = text_of(client.get("/admin/"))
    found = re.findall(r'href="(/admin/[a-z_]+/[^"]*)">\s*<div class="card-body">\s*<div class="text-muted">([^<]+)</div>\s*'
                       r'<div class="display-4">([^<]+)</div>', html)
    return {url: count.strip() for url, _label, count in found}


def test_staff_tiles_count_their_street_only(client, login_as, two_streets, make_mediator, make_case):
    east = two_streets["east"]
    make_mediator(east.id), make_mediator(two_streets["west"].id), make_mediator(two_streets["west"].id)
    make_case(two_streets["east_committee"].id), make_case(two_streets["west_committee"].id)
    login_as("staff", street_id=east.id)
    counts = tiles(client)
    assert counts["/admin/mediators/"] == "1" == str(len(listed_ids(client.get("/admin/mediators/"))))
    assert counts["/admin/cases/"] == "1"
    assert "/admin/users/" not in counts


def test_trainer_sees_only_tiles_it_may_open(client, login_as, two_streets):
    login_as("trainer")
    counts = tiles(client)
    assert "/admin/training_sessions/" in counts
    assert not {"/admin/cases/", "/admin/mediators/", "/admin/committees/"} & set(counts)


def test_tiles_stop_at_the_list_cap(client, app, login_as, two_streets, make_mediator, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_LIST_COUNT_CAP", 2)
    for _ in range(3):
        make_mediator(two_streets["east"].id)
    login_as("admin")
    assert tiles(client)["/admin/mediators/"] == "超过2"
