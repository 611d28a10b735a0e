"""Screening rounds, special themes and grid reporters through the admin: what they must satisfy,
and the grids' reporter column coming from the reporter records."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import Reporter, ScreeningRound, ScreeningTheme
from tests.helpers import assert_redirect, get_form, page_errors, text_of


def count(in_app, model):
    return in_app(lambda: db.session.scalar(select(func.count()).select_from(model)))


def round_form(client, world, **values):
    form = get_form(client, "/admin/screening_rounds/new/")
    form.fill(kind="routine", street=world["east"].id, held_on=timeutil.today().isoformat(),
              screeners="王调解、李网格员", households_visited="150", units_visited="12")
    form.set("grids", [world["heping1"].id, world["heping2"].id])
    return form.fill(**values)


@pytest.fixture
def theme(app):
    from tests.fixtures.accounts import saved

    today = timeutil.today()
    return saved(app, lambda: ScreeningTheme(name="国庆节前矛盾纠纷专项排查", starts_on=today - timedelta(days=10),
                                             ends_on=today + timedelta(days=5), description="重点排查劳资纠纷。"))


def test_staff_record_a_routine_round(client, login_as, screening_world, in_app):
    login_as("staff", street_id=screening_world["east"].id)
    form = get_form(client, "/admin/screening_rounds/new/")
    assert form.get("street") == str(screening_world["east"].id)  # their street, preset
    assert_redirect(round_form(client, screening_world).submit(client))

    def read():
        stored = db.session.scalar(select(ScreeningRound))
        return stored.kind, stored.street_id, sorted(g.name for g in stored.grids), stored.households_visited
    assert in_app(read) == ("routine", screening_world["east"].id, ["和平第1网格", "和平第2网格"], 150)


def test_a_special_round_needs_a_theme_and_its_period(client, login_as, screening_world, theme, in_app):
    login_as("staff", street_id=screening_world["east"].id)
    response = round_form(client, screening_world, kind="special").submit(client)
    assert any("专项排查主题" in e for e in page_errors(response)), page_errors(response)
    outside = (theme.starts_on - timedelta(days=3)).isoformat()
    response = round_form(client, screening_world, kind="special", theme=theme.id, held_on=outside).submit(client)
    assert any("不在此期间" in e for e in page_errors(response)), page_errors(response)
    assert count(in_app, ScreeningRound) == 0
    assert_redirect(round_form(client, screening_world, kind="special", theme=theme.id).submit(client))
    # A routine round keeps no theme, whatever was sent.
    assert_redirect(round_form(client, screening_world, theme=theme.id).submit(client))
    kinds = in_app(lambda: sorted((r.kind, r.theme_id is not None) for r in db.session.scalars(select(ScreeningRound))))
    assert kinds == [("routine", False), ("special", True)]


@pytest.mark.parametrize("values,message", [
    ({"households_visited": "99999999999"}, None), ({"units_visited": "-1"}, None), ({"households_visited": "很多"}, None),
    ({"held_on": "2026-13-01"}, None), ({"screeners": ""}, None),
    ({"ended_on": "2000-01-01"}, "不能早于"),
])
def test_bad_round_input_is_refused(client, login_as, screening_world, in_app, values, message):
    login_as("staff", street_id=screening_world["east"].id)
    response = round_form(client, screening_world, **values).submit(client)
    assert response.status_code == 200
    errors = page_errors(response)
    assert errors and (message is None or any(message in e for e in errors)), errors
    assert count(in_app, ScreeningRound) == 0


def test_places_of_another_street_are_refused(client, login_as, screening_world, in_app):
    login_as("admin")
    form = round_form(client, screening_world)
    form.set("grids", [screening_world["heping1"].id, screening_world["west1"].id])
    response = form.submit(client)
    assert any("西城第1网格" in e for e in page_errors(response)), page_errors(response)
    form = round_form(client, screening_world)
    form.set("grids", None)
    assert any("请选择排查的网格" in e for e in page_errors(form.submit(client)))
    assert count(in_app, ScreeningRound) == 0


def test_nothing_found_is_said_explicitly_and_excludes_leads(client, login_as, screening_world, make_round, make_lead,
                                                              in_app):
    login_as("staff", street_id=screening_world["east"].id)
    assert_redirect(round_form(client, screening_world, found_none="y").submit(client))
    page = text_of(client.get(f"/admin/screening_rounds/details/?id={in_app(lambda: db.session.scalar(select(ScreeningRound.id)))}"))
    assert "本次排查未发现矛盾纠纷或风险" in page and "登记本次排查发现的线索" not in page

    busy = make_round(screening_world["east"].id, [screening_world["heping1"].id])
    page = text_of(client.get(f"/admin/screening_rounds/details/?id={busy.id}"))
    assert "尚未登记线索" in page
    assert f"/admin/screening_leads/new/?round_id={busy.id}" in page
    form = get_form(client, f"/admin/screening_leads/new/?round_id={busy.id}")
    assert form.get("round") == str(busy.id)
    make_lead(screening_world["heping1"].id, round_id=busy.id, description="排查发现的线索")
    response = get_form(client, f"/admin/screening_rounds/edit/?id={busy.id}").fill(found_none="y").submit(client)
    assert any("已登记线索" in e for e in page_errors(response)), page_errors(response)
    assert "排查发现的线索" in text_of(client.get(f"/admin/screening_rounds/details/?id={busy.id}"))


def test_themes_are_set_by_the_district(client, login_as, auth, screening_world, theme):
    login_as("staff", street_id=screening_world["east"].id)
    assert client.get("/admin/screening_themes/").status_code == 200
    assert client.get("/admin/screening_themes/new/").status_code == 403
    auth.logout()
    login_as("admin")
    form = get_form(client, "/admin/screening_themes/new/").fill(
        name="春节前专项排查", starts_on="2027-01-20", ends_on="2027-01-10")
    assert any("不能早于" in e for e in page_errors(form.submit(client)))


def test_staff_keep_their_reporters_and_the_grids_show_them(client, login_as, screening_world, make_user, in_app):
    account = make_user(role="reporter")
    login_as("staff", street_id=screening_world["east"].id)
    form = get_form(client, "/admin/grid_reporters/new/").fill(name="孙信息", phone="13912345678", kind="volunteer",
                                                               user=account.id)
    form.set("grids", [screening_world["heping1"].id, screening_world["heping2"].id])
    assert_redirect(form.submit(client))
    reporter = in_app(lambda: db.session.scalar(select(Reporter)))
    assert reporter.street_id == screening_world["east"].id and reporter.user_id == account.id

    grids = text_of(client.get("/admin/grids/?search=和平"))
    assert grids.count("孙信息") == 2
    export = client.get("/admin/grids/export/csv/").get_data(as_text=True)
    assert "孙信息" in export and "信息员" in export.splitlines()[0]


@pytest.mark.parametrize("change,message", [
    ({"phone": ""}, None), ({"phone": "12345"}, "手机号码"), ({"grids": None}, None),
])
def test_a_reporter_needs_a_phone_and_a_grid(client, login_as, screening_world, in_app, change, message):
    login_as("staff", street_id=screening_world["east"].id)
    form = get_form(client, "/admin/grid_reporters/new/").fill(name="孙信息", phone="13912345678", kind="volunteer")
    form.set("grids", [screening_world["heping1"].id])
    for key, value in change.items():
        form.set(key, value)
    response = form.submit(client)
    errors = page_errors(response)
    assert errors and (message is None or any(message in e for e in errors)), errors
    assert count(in_app, Reporter) == 0


def test_a_reporters_grids_lie_in_one_street_and_their_account_is_a_reporters(client, login_as, screening_world,
                                                                             make_user, in_app):
    login_as("admin")
    form = get_form(client, "/admin/grid_reporters/new/").fill(name="孙信息", phone="13912345678", kind="volunteer")
    form.set("grids", [screening_world["heping1"].id, screening_world["west1"].id])
    assert any("同一街道" in e for e in page_errors(form.submit(client)))
    staff = make_user(role="staff", street_id=screening_world["east"].id)
    form.set("grids", [screening_world["heping1"].id])
    form.set("user", staff.id)
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)
    assert count(in_app, Reporter) == 0


def test_the_grid_reporter_names_become_records_in_the_migration(tmp_path):
    """Upgrading a database whose grids name their reporter in free text."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from portal import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite"})
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="d1a0e0001")
        with db.engine.begin() as conn:
            stamp = "'2026-01-01', '2026-01-01', 1"
            conn.execute(text(f"INSERT INTO districts (id, code, name, created_at, updated_at, version) VALUES (1, 'D', '东城区', {stamp})"))
            conn.execute(text(f"INSERT INTO streets (id, district_id, code, name, is_pilot, created_at, updated_at, version) VALUES (1, 1, 'S1', '和平街道', 1, {stamp})"))
            conn.execute(text(f"INSERT INTO communities (id, street_id, code, name, kind, created_at, updated_at, version) VALUES (1, 1, 'C1', '和平社区', 'community', {stamp})"))
            conn.execute(text(f"INSERT INTO users (id, username, display_name, password_hash, role, active, created_at, updated_at, version) "
                              f"VALUES (1, 'admin', '管理员', 'x', 'admin', 1, {stamp})"))
            conn.execute(text("INSERT INTO audit_entries (at, actor_id, action, entity, entity_id, batch, summary, changes) "
                              "VALUES ('2026-01-01', 1, 'create', 'streets', 1, 'b', '和平街道', '{}')"))
            for grid_id, name in ((1, "'张三'"), (2, "' 张三 '"), (3, "'李四'"), (4, "NULL")):
                conn.execute(text(f"INSERT INTO grids (id, community_id, code, name, reporter_name, created_at, updated_at, version) "
                                  f"VALUES ({grid_id}, 1, 'G{grid_id}', '第{grid_id}网格', {name}, {stamp})"))
        upgrade(directory=directory)
        with db.engine.connect() as conn:
            reporters = conn.execute(text("SELECT r.name, r.street_id, group_concat(l.grid_id) FROM grid_reporters r "
                                          "JOIN grid_reporter_grids l ON l.reporter_id = r.id GROUP BY r.id ORDER BY r.name")).all()
        assert [(name, street, sorted(grids.split(","))) for name, street, grids in reporters] == [
            ("张三", 1, ["1", "2"]), ("李四", 1, ["3"])]
        with db.engine.connect() as conn:  # the users table was rebuilt for its new role check: nothing lost
            assert conn.execute(text("SELECT actor_id FROM audit_entries")).scalar_one() == 1
            conn.execute(text(f"INSERT INTO users (username, display_name, password_hash, role, active, created_at, updated_at, version) "
                              f"VALUES ('r', '信息员', 'x', 'reporter', 1, {stamp})"))
        downgrade(directory=directory, revision="d1a0e0001")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT reporter_name FROM grids ORDER BY id")).scalars().all() == ["张三", "张三", "李四", None]
        db.engine.dispose()
