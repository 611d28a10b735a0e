"""Signing in and out."""
from tests.helpers import csrf_token, text_of


def test_anonymous_admin_pages_redirect_to_login_with_next(client):
    response = client.get("/admin/cases/")
    assert response.status_code == 302
    assert "/auth/login?next=" in response.headers["Location"]


def test_login_page_is_in_chinese_and_has_csrf(client):
    html = text_of(client.get("/auth/login"))
    assert "登录" in html and "用户名" in html and "密码" in html
    assert csrf_token(html)


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_user, auth):
    user = make_user("admin")
    for username, password in ((user.username, "wrong-password"), ("nobody", "whatever-1")):
        response = auth.login(username, password)
        assert response.status_code == 200
        assert "用户名或密码错误，或账号已停用。" in text_of(response)
    assert client.get("/admin/cases/").status_code == 302


def test_disabled_account_cannot_sign_in(client, make_user, auth):
    user = make_user("admin", active=False)
    assert auth.login(user.username).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_login_follows_a_safe_next_and_ignores_an_external_one(client, make_user, auth):
    user = make_user("admin")
    response = auth.login(user.username, next_url="/admin/mediators/")
    assert response.headers["Location"].endswith("/admin/mediators/")
    auth.logout()
    response = auth.login(user.username, next_url="https://evil.example/")
    assert response.headers["Location"].endswith("/admin/")
    auth.logout()
    response = auth.login(user.username, next_url="//evil.example/x")
    assert "evil" not in response.headers["Location"]


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user("admin")
    response = client.post("/auth/login", data={"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_logout_needs_post_with_csrf(client, login_as):
    login_as("admin")
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    token = csrf_token(text_of(client.get("/admin/")))
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_private_pages_are_not_cached_and_all_pages_are_hardened(client, login_as):
    login_as("admin")
    private = client.get("/admin/")
    assert private.headers["Cache-Control"] == "no-store"
    for response in (private, client.get("/")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_successful_sign_ins_do_not_count(app, client, make_user, auth, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", {"login-account": (2, 900), "login": (2, 900)})
    user = make_user("admin")
    for _ in range(4):
        assert auth.login(user.username).status_code == 302
        auth.logout()


def test_content_security_policy(client, login_as):
    public = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self';" in public and "unsafe-inline" not in public
    login_as("admin")
    admin = client.get("/admin/").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in admin and "object-src 'none'" in admin
