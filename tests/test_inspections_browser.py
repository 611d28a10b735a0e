"""Inspections in a real Chromium on a 390-pixel phone: the inspector records findings on site,
the office answers its rectification item with a photo, the district accepts it; nothing wider
than the screen, and the report prints."""
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Inspection, Rectification
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PNG
from tests.fixtures.inspections import rectification_of
from tests.test_screening_browser import PHONE_390, fits

pytestmark = pytest.mark.browser

LONG_NOTE = "卷宗缺少送达回证" * 20 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 4


@pytest.fixture
def phone_with_js(chromium, live_server):
    context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE_390, is_mobile=True,
                                   has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page, username):
    page.goto("/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_findings_on_site_and_the_rectification_answered_on_a_phone(
        phone_with_js, make_user, inspection_world, make_inspection, upload_dir, tmp_path, in_app):
    page = phone_with_js
    inspection = make_inspection(inspection_world["east_office"].id, inspection_world["template"].id)
    _sign_in(page, make_user(role="inspector").username)
    page.goto(f"/admin/inspections/details/?id={inspection}")
    assert fits(page)
    cards = page.locator(".inspection-findings .card")
    assert cards.count() == 3
    cards.nth(0).get_by_label("符合要求").check()
    cards.nth(1).get_by_label("基本符合").check()
    cards.nth(2).get_by_label("不符合").check()
    cards.nth(2).locator("textarea").fill(LONG_NOTE)
    page.get_by_role("button", name="保存检查结果").click()
    page.wait_for_url(re.compile(r"/admin/inspections/details/"))
    assert "检查结果已保存" in page.content()
    assert fits(page)
    item = in_app(lambda: rectification_of(inspection)[0].id)

    page.context.clear_cookies()
    _sign_in(page, make_user(role="staff", street_id=inspection_world["east"].id).username)
    assert "rectification-panel" in page.content()
    page.goto(f"/admin/rectifications/details/?id={item}")
    assert fits(page)
    page.get_by_label("整改情况").fill("已补齐送达回证并重新装订。")
    photo = tmp_path / "整改.png"
    photo.write_bytes(PNG)
    page.get_by_label("佐证材料（照片或PDF扫描件，可选）").set_input_files(str(photo))
    page.get_by_role("button", name="答复整改情况").click()
    page.wait_for_url(re.compile(r"/admin/rectifications/details/"))
    assert "整改情况已报区司法局" in page.content()
    assert fits(page)
    stored = in_app(lambda: db.session.get(Rectification, item))
    assert stored.status == "answered" and stored.evidence_name == "整改.png"

    page.context.clear_cookies()
    _sign_in(page, make_user(role="admin").username)
    page.goto(f"/admin/rectifications/details/?id={item}")
    page.locator("form[action*='/step/accept/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/rectifications/details/"))
    assert in_app(lambda: db.session.get(Rectification, item).status) == "accepted"
    page.goto(f"/admin/inspections/print/?id={inspection}")
    assert "检查情况报告" in page.content()
    assert fits(page)
    assert in_app(lambda: db.session.scalar(select(Inspection.id))) == inspection
