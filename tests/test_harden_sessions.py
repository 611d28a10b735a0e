"""Sign-out signs out everywhere; sessions end with a new password, role, street or a disabled
account; remember-me lasts 30 days at most; passwords are not guessable; signing in costs the
same whether the account exists; guessers are slowed and refused, officials are not locked out;
the sign-in log (not the record history) keeps every attempt."""
import time

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEntry, SignIn, User
from tests.fixtures.accounts import PASSWORD, Auth
from tests.helpers import assert_redirect, csrf_token, get_form, page_errors, text_of

WEAK = ["password", "12345678", "aaaaaaaa", "qwertyuiop", "woaini1314", "zhangsan123"]


def signed_in(client):
    return client.get("/admin/").status_code == 200


def login(client, username, password=PASSWORD, *, remember=False, address="127.0.0.1"):
    environ = {"REMOTE_ADDR": address}
    page = client.get("/auth/login", environ_base=environ)
    data = {"username": username, "password": password, "csrf_token": csrf_token(text_of(page))}
    if remember:
        data["remember"] = "y"
    return client.post("/auth/login", data=data, environ_base=environ)


def copy_of(app, client, *names):
    """A second browser holding copies of ``client``'s cookies (as a thief would)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


# --- sessions end --------------------------------------------------------------------------------

def test_sign_out_ends_a_copied_session_cookie(app, client, make_user, auth):
    user = make_user("admin")
    assert_redirect(auth.login(user.username))
    thief = copy_of(app, client, "session")
    assert signed_in(thief)
    auth.logout()
    assert not signed_in(client) and not signed_in(thief)


def test_sign_out_ends_the_remember_me_cookie_too(app, client, make_user):
    user = make_user("admin")
    assert_redirect(login(client, user.username, remember=True))
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    # The remember-me cookie alone (a new browser session) signs in…
    assert signed_in(copy_of(app, client, "remember_token"))
    Auth(client).logout()
    # …but not after the user signed out, even a copy taken before.
    replay = app.test_client()
    replay.set_cookie("remember_token", cookie.value)
    assert not signed_in(replay)


def test_remember_me_lasts_thirty_days_at_most_and_is_same_site(app, client, make_user, monkeypatch):
    user = make_user("admin")
    response = login(client, user.username, remember=True)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    assert "SameSite=Lax" in header and "HttpOnly" in header
    assert app.config["REMEMBER_COOKIE_DURATION"].days <= 30
    cookie = client.get_cookie("remember_token")
    # 31 days later the same cookie is refused, whatever expiry the browser was told.
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr("portal.auth.sessions.time.time", lambda: later)
    replay = app.test_client()
    replay.set_cookie("remember_token", cookie.value)
    assert not signed_in(replay)


def test_an_instance_cannot_configure_a_longer_remember_me(tmp_path_factory):
    from datetime import timedelta

    from tests.conftest import make_test_app

    app = make_test_app(tmp_path_factory, REMEMBER_COOKIE_DURATION=timedelta(days=365))
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)


def change_password(client, current, new, confirm=None):
    form = get_form(client, "/admin/account/")
    form.fill(current=current, new=new, confirm=confirm if confirm is not None else new)
    return form.submit(client)


def test_changing_ones_password_ends_the_other_sessions_but_not_this_one(app, client, make_user):
    user = make_user("staff", street_id=None)
    other_browser = app.test_client()
    assert_redirect(login(client, user.username))
    assert_redirect(login(other_browser, user.username))
    response = change_password(client, PASSWORD, "maple-lantern-drift-47")
    assert_redirect(response)
    assert signed_in(client) and not signed_in(other_browser)
    assert_redirect(login(other_browser, user.username, "maple-lantern-drift-47"))


@pytest.mark.parametrize("change", [{"role": "trainer"}, {"active": None}, {"password": "river-cobalt-sonnet-19"}])
def test_a_role_change_disabling_or_new_password_by_the_office_ends_the_users_sessions(app, client, login_as, make_user, change):
    target = make_user("viewer")
    theirs = app.test_client()
    assert_redirect(login(theirs, target.username))
    login_as("admin")
    form = get_form(client, f"/admin/users/edit/?id={target.id}")
    for name, value in change.items():
        form.set(name, value)
    assert_redirect(form.submit(client))
    assert not signed_in(theirs)


def test_an_edit_of_the_display_name_leaves_sessions_alone(app, client, login_as, make_user):
    target = make_user("viewer")
    theirs = app.test_client()
    assert_redirect(login(theirs, target.username))
    login_as("admin")
    assert_redirect(get_form(client, f"/admin/users/edit/?id={target.id}").set("display_name", "新名字").submit(client))
    assert signed_in(theirs)


# --- passwords ------------------------------------------------------------------------------------

@pytest.mark.parametrize("weak", WEAK)
def test_the_user_screen_refuses_guessable_passwords(client, login_as, in_app, weak):
    login_as("admin")
    form = get_form(client, "/admin/users/new/")
    form.fill(username="chen", display_name="陈科员", password=weak, role="viewer", active="y")
    response = form.submit(client)
    assert response.status_code == 200
    assert any("太容易被猜到" in e or "至少需要" in e for e in page_errors(response)), page_errors(response)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(User))) == 1


def test_the_account_page_refuses_guessable_and_wrong_input(client, login_as):
    user = login_as("trainer")
    assert "太容易被猜到" in " ".join(page_errors(change_password(client, PASSWORD, "password")))
    assert "不能包含用户名" in " ".join(page_errors(change_password(client, PASSWORD, user.username + "-lantern-drift")))
    assert "不是您当前的密码" in " ".join(page_errors(change_password(client, "not-my-password", "maple-lantern-drift-47")))
    assert "两次输入的新密码不一致" in " ".join(page_errors(change_password(client, PASSWORD, "maple-lantern-drift-47", "maple")))
    # Nothing changed: the old password still signs in.
    Auth(client).logout()
    assert_redirect(login(client, user.username))


def test_the_account_page_is_for_every_role_and_needs_its_token(client, make_user, login_as):
    for n, role in enumerate(("admin", "staff", "trainer", "viewer")):
        if n:
            Auth(client).logout()
        login_as(role, street_id=None)
        assert client.get("/admin/account/").status_code == 200
    assert client.post("/admin/account/", data={"current": PASSWORD, "new": "a", "confirm": "a"}).status_code == 400


@pytest.mark.parametrize("weak", ["password", "12345678"])
def test_the_command_line_refuses_guessable_passwords(runner, in_app, weak):
    result = runner.invoke(args=["portal", "create-user", "zhou", "--role", "admin"], input=f"{weak}\n{weak}\n")
    assert result.exit_code != 0 and ("too easy to guess" in result.output or "at least" in result.output)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(User))) == 0


# --- timing -----------------------------------------------------------------------------------------

def test_unknown_user_disabled_account_and_wrong_password_do_the_same_hash_work(client, make_user, monkeypatch):
    from portal.auth import passwords

    real = passwords.check_password_hash
    calls = []

    def counting(stored, password):
        calls.append(stored.split("$")[0])
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    active = make_user("admin")
    disabled = make_user("viewer", active=False)
    for username in (active.username, "nobody-at-all", disabled.username):
        calls.clear()
        login(client, username, "wrong-password-here")
        assert len(calls) == 1, username
        # The same method and cost as a real account's hash.
        assert calls[0] == real.__globals__["generate_password_hash"]("x").split("$")[0]


# --- guessing ---------------------------------------------------------------------------------------

@pytest.fixture
def limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", {"login": (6, 900), "login-account": (3, 900), "login-pair": (2, 900)})
    waits = []
    monkeypatch.setattr("portal.auth.throttle.pause", waits.append)
    return waits


def test_an_address_that_keeps_failing_is_refused_whatever_it_tries(app, make_user, limits):
    victim, other = make_user("admin"), make_user("viewer")
    attacker = app.test_client()
    for n in range(6):
        login(attacker, f"guess{n}", "wrong-password", address="10.6.6.6")
    response = login(attacker, other.username, address="10.6.6.6")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "登录失败次数过多" in text_of(response)
    # Others are not affected.
    assert_redirect(login(app.test_client(), victim.username, address="10.1.1.1"))


def test_nobody_can_lock_an_official_out_guessing_slows_down(app, make_user, limits, in_app):
    official = make_user("staff", street_id=None)
    for n in range(5):  # five addresses, each guessing a few times
        guesser = app.test_client()
        for _ in range(2):
            login(guesser, official.username, "wrong-password", address=f"10.9.9.{n}")
    # The account has seen 10 failures: every further attempt waits before it is answered…
    owner = app.test_client()
    response = login(owner, official.username, address="10.1.2.3")
    # …but the right password from an address that has not been failing still gets in.
    assert_redirect(response)
    assert limits and 0 < limits[-1] <= 5
    # An address that failed on this account is refused for it now.
    response = login(app.test_client(), official.username, address="10.9.9.0")
    assert response.status_code == 429


def test_failed_sign_ins_are_logged_and_shown_to_the_owner_at_next_sign_in(app, client, make_user, limits, in_app):
    official = make_user("admin")
    assert_redirect(login(client, official.username))
    Auth(client).logout()
    stranger = app.test_client()
    login(stranger, official.username, "wrong-password", address="10.7.7.7")
    login(stranger, official.username, "wrong-again", address="10.7.7.7")
    login(stranger, "no-such-user", "whatever", address="10.7.7.7")
    response = login(client, official.username, address="10.1.1.1")
    assert_redirect(response)
    home = client.get("/admin/", environ_base={"REMOTE_ADDR": "10.1.1.1"})
    warning = " ".join(page_errors(home))
    assert "2 次" in warning and "10.7.7.7" in warning
    # The next sign-in has nothing new to report.
    client.post("/auth/logout", data={"csrf_token": csrf_token(text_of(home))}, environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert_redirect(login(client, official.username))
    assert "10.7.7.7" not in " ".join(page_errors(client.get("/admin/")))
    rows = in_app(lambda: [(s.username, s.address, s.outcome, s.user_id is not None)
                           for s in db.session.scalars(select(SignIn).order_by(SignIn.id))])
    assert ("no-such-user", "10.7.7.7", "unknown_user", False) in rows
    assert rows.count((official.username, "10.7.7.7", "wrong_password", True)) == 2
    assert [r for r in rows if r[2] == "success"] and all(r[3] for r in rows if r[2] == "success")


def test_sign_ins_write_nothing_into_the_record_history(client, make_user, in_app):
    user = make_user("admin")
    before = in_app(lambda: db.session.scalar(select(func.count()).select_from(AuditEntry)))
    version = in_app(lambda: db.session.get(User, user.id).version)
    for _ in range(3):
        assert_redirect(login(client, user.username))
        Auth(client).logout()
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(AuditEntry))) == before
    # Nor is signing in a change of the account (an office editing it meanwhile is not refused).
    assert in_app(lambda: db.session.get(User, user.id).version) == version
    assert in_app(lambda: db.session.get(User, user.id).last_login_at) is not None


def test_the_district_office_browses_the_sign_in_log_and_nobody_else(app, client, make_user, login_as, limits):
    login(app.test_client(), "mallory", "guess", address="10.3.3.3")
    login_as("admin")
    html = text_of(client.get("/admin/sign_ins/"))
    assert "mallory" in html and "10.3.3.3" in html and "用户名不存在" in html
    assert client.get("/admin/sign_ins/export/csv/").status_code == 200
    for role in ("staff", "trainer", "viewer"):
        other = app.test_client()
        Auth(other).login(make_user(role).username)
        assert other.get("/admin/sign_ins/").status_code == 403


def test_each_user_sees_their_own_recent_sign_ins(client, login_as, make_user, app, limits):
    user = login_as("viewer")
    login(app.test_client(), user.username, "wrong-password", address="10.4.4.4")
    html = text_of(client.get("/admin/account/"))
    assert "10.4.4.4" in html and "密码错误" in html


def test_the_sign_in_log_names_the_browser_in_the_readers_language(app):
    from flask_babel import force_locale

    from portal.auth.agents import summary

    wechat = ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 "
              "MicroMessenger/8.0.47")
    with app.test_request_context():
        names = {}
        for code in ("zh_Hans_CN", "zh_Hant_TW", "en"):
            with force_locale(code):
                names[code] = summary(wechat)
    assert names == {"zh_Hans_CN": "微信 · Android", "zh_Hant_TW": "微信 · Android", "en": "WeChat · Android"}
