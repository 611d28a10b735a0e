"""Without Chromium the browser tests are skipped with the reason, except in CI where they fail."""
import pytest

from tests.fixtures import browser


def test_missing_browser_skips_with_the_reason(monkeypatch):
    monkeypatch.setattr(browser.os.path, "exists", lambda path: False)
    monkeypatch.delenv("PORTAL_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        browser.require_browser()


def test_missing_browser_fails_when_required(monkeypatch):
    monkeypatch.setattr(browser.os.path, "exists", lambda path: False)
    monkeypatch.setenv("PORTAL_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PORTAL_REQUIRE_BROWSER=1"):
        browser.require_browser()


def test_present_browser_is_used(monkeypatch):
    monkeypatch.setattr(browser.os.path, "exists", lambda path: path == browser.CHROMIUM)
    monkeypatch.setenv("PORTAL_REQUIRE_BROWSER", "1")
    assert browser.require_browser() is None
