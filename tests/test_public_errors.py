"""Error answers keep what the HTTP error says besides its status: Retry-After on 429, Allow on 405,
on the pages and in the API alike."""
import pytest
from werkzeug.exceptions import TooManyRequests

from tests.helpers import get_form, text_of
from tests.test_applications import APPLICANT_PHONE


def shared_handler_answer(app, path, error):
    """What the app's one error handler answers to ``error`` raised while serving ``path``."""
    with app.test_request_context(path):
        return app.make_response(app.handle_user_exception(error))


@pytest.mark.parametrize("path,mimetype", [("/track/", "text/html"), ("/api/v1/types", "application/json")])
def test_429_says_when_to_come_back(app, path, mimetype):
    response = shared_handler_answer(app, path, TooManyRequests(retry_after=42))
    assert response.status_code == 429 and response.mimetype == mimetype
    assert response.headers["Retry-After"] == "42"
    assert len(response.headers.getlist("Content-Type")) == 1


def test_rate_limited_status_check_answers_429_with_retry_after(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", {"track": (1, 900)})
    assert get_form(client, "/track/").fill(code="ABCDE-FGHJK", phone=APPLICANT_PHONE).submit(client).status_code == 200
    blocked = get_form(client, "/track/").fill(code="ABCDE-FGHJK", phone=APPLICANT_PHONE).submit(client)
    assert blocked.status_code == 429 and 0 < int(blocked.headers["Retry-After"]) <= 900
    assert blocked.mimetype == "text/html" and "频繁" in text_of(blocked)


@pytest.mark.parametrize("path", ["/contacts/", "/api/v1/types", "/sitemap.xml"])
def test_405_lists_the_allowed_methods(client, path):
    response = client.post(path)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
