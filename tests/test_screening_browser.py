"""The reporter's page in a real Chromium on a 390-pixel phone, with JavaScript off: report a lead
with a photo and follow it, with nothing wider than the screen; and the office turning it into a
case from the lead's page on a desktop."""
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Lead
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import DESKTOP, sign_in
from tests.fixtures.cases import PNG

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
LONG_WORD = "漏水" * 60 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 4  # no space to break at


def fits(page):
    """Nothing on the page is wider than the screen (no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE_390, java_script_enabled=False,
                                   is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_reporter_reports_and_follows_a_lead_on_a_phone(phone, reporter_account, screening_world, upload_dir,
                                                          tmp_path, in_app):
    page = phone
    page.goto("/auth/login")
    assert fits(page)
    page.fill("input[name=username]", reporter_account["user"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/field_reports/$"))
    assert page.locator("h1").inner_text() == "上报矛盾纠纷或风险"
    assert fits(page)

    # The grid is preselected; the reporter picks the kind and the level, says what they saw, adds a photo.
    assert page.get_by_label("网格", exact=True).input_value() == str(screening_world["heping1"].id)
    page.get_by_label("纠纷类型").select_option(label="物业")
    page.get_by_role("radio", name=re.compile("^橙色")).check()
    page.get_by_label("发现了什么情况？").fill("电梯停运三天，二十多户业主聚集在物业办公室。" + LONG_WORD)
    photo = tmp_path / "现场.png"
    photo.write_bytes(PNG)
    page.get_by_label("照片（可选）").set_input_files(str(photo))
    page.get_by_role("button", name="提交上报").click()

    page.wait_for_url(re.compile(r"/admin/field_reports/lead/\d+/$"))
    assert "谢谢" in page.content()
    assert fits(page)
    assert page.locator(".field-status").inner_text().startswith("跟进中")
    assert page.locator("img.field-photo").count() == 1

    page.get_by_role("link", name=re.compile("返回我的上报")).click()
    page.wait_for_url(re.compile(r"/admin/field_reports/$"))
    assert page.locator(".field-lead").count() == 1 and "物业" in page.locator(".field-lead").inner_text()
    assert fits(page)

    lead = in_app(lambda: db.session.scalar(select(Lead)))
    assert lead.level == "orange" and lead.reporter_id == reporter_account["reporter"].id
    assert lead.description.startswith("电梯停运三天")


def test_mistakes_are_shown_on_the_phone_and_keep_the_input(phone, reporter_account, screening_world):
    page = phone
    page.goto("/auth/login")
    page.fill("input[name=username]", reporter_account["user"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/field_reports/$"))
    page.get_by_label("涉及人数").fill("0")
    page.get_by_label("发现了什么情况？").fill("楼道堆物")
    page.get_by_role("button", name="提交上报").click()
    assert "部分内容需要修改" in page.locator("#form-errors").inner_text()
    assert page.get_by_label("发现了什么情况？").input_value() == "楼道堆物"
    assert fits(page)


def test_the_office_turns_the_reported_lead_into_a_case(browser_page, make_user, make_lead, reporter_account,
                                                        screening_world, in_app):
    lead = make_lead(screening_world["heping1"].id, level="orange", reporter_id=reporter_account["reporter"].id,
                     parties=True, description="王大妈与刘大爷因漏水多次争吵。")
    staff = make_user(role="staff", street_id=screening_world["east"].id)
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, staff.username)
    page.goto("/admin/screening_board/")
    page.get_by_role("link", name=re.compile("王大妈与刘大爷")).click()
    page.get_by_text("转为案件", exact=True).first.click()  # opens the step's panel
    assert page.locator("select[name='convert-committee']").input_value() == str(screening_world["street_committee"].id)
    page.locator("form[action*='/step/convert/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/cases/details/\?id=\d+"))
    assert "王大妈与刘大爷邻里纠纷" in page.content()
    assert in_app(lambda: db.session.scalar(select(Case.start_level))) == "street"
    assert not page.script_errors
