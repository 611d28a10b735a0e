"""The public site in a real headless Chromium: applying and tracking, switching language, the flow
chart on screen, on a phone and in print, and the editors' steps and rich text editors."""
import re

import pytest
from sqlalchemy import select

from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Case, ContentEntry, OnlineApplication
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import PHONE
from tests.idnumbers import female_id

pytestmark = pytest.mark.browser


def test_application_filled_in_and_tracked_in_the_browser(browser_page, public_world, in_app, make_user):
    page = browser_page
    page.goto("/apply/")
    assert page.title().startswith("申请调解")
    page.get_by_label("您的姓名").fill("周晓梅")
    page.get_by_label("您的身份证号码").fill(female_id("19850307", 452))
    page.get_by_label("您的电话号码").fill("13812340001")
    page.get_by_label("姓名或单位名称").fill("李四")
    page.get_by_label("纠纷发生地所在社区（村）").select_option(label="和平社区")
    page.get_by_label("纠纷类型").select_option(label="邻里")
    page.get_by_label("纠纷事实").fill("楼上装修每天晚上十点后仍在施工。")
    page.get_by_label("请求事项").fill("请对方晚上十点后停止施工。")
    honeypot = page.locator("#website").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0  # the honeypot stays out of sight
    page.get_by_label("我已阅读当事人的权利和义务").check()
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url(re.compile(r"/apply/submitted$"))
    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{5}-[2-9A-Z]{5}", code)

    page.get_by_role("link", name="查询进度").first.click()
    page.get_by_label("查询码").fill(code)
    page.get_by_label("申请时填写的电话号码").fill("13812340001")
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.locator(".application-state")).to_contain_text("已收到，等待审查")
    assert "周晓梅" not in page.content()

    case = in_app(lambda: db.session.scalar(select(Case.title).join(OnlineApplication, OnlineApplication.case_id == Case.id)))
    assert case == "周晓梅与李四邻里纠纷"

    # The office of the street signs in and finds the case in its list.
    staff = make_user(role="staff", street_id=public_world["east"].id)
    page.goto("/auth/login")
    page.locator("#username").fill(staff.username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/"))
    page.goto("/admin/cases/")
    assert "周晓梅与李四邻里纠纷" in page.content()
    assert not page.script_errors


def test_errors_are_announced_and_keep_the_input(browser_page, public_world):
    page = browser_page
    page.goto("/apply/")
    page.get_by_label("您的姓名").fill("周晓梅")
    page.get_by_label("您的身份证号码").fill("110101198503074520")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()  # focus moves to the list of errors
    assert summary.get_attribute("role") == "alert"
    assert "校验位" in summary.inner_text()
    assert page.get_by_label("您的姓名").input_value() == "周晓梅"
    assert page.locator("#applicant_id_number").get_attribute("aria-invalid") == "true"


def test_locale_switcher_changes_the_language(browser_page):
    page = browser_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans-CN"
    assert page.locator("h1").inner_text() == "多元纠纷化解服务"

    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Dispute Resolution Services")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Apply for mediation").is_visible()

    page.get_by_role("link", name="繁體中文").click()
    expect(page.locator("h1")).to_have_text("多元糾紛化解服務")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"
    page.goto("/contacts/")  # the choice stays while browsing
    assert page.locator("h1").inner_text() == "聯繫點"


def test_keyboard_reaches_the_content_first(browser_page):
    page = browser_page
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_flow_chart_renders_on_screen_on_a_phone_and_in_print(browser_page, make_entry):
    steps = [{"title": f"第{n}步", "description": "说明文字" * n} for n in range(1, 5)]
    made = make_entry("procedure", slug="flow", title="调解流程图", fields={"steps": steps})
    page = browser_page
    page.goto(made.url)
    assert page.title() == "调解流程图 · 办事流程 · 多元纠纷化解服务"
    boxes = page.locator(".flow-box")
    arrows = page.locator(".flow-arrow")
    assert boxes.count() == 4 and arrows.count() == 3

    def layout():
        rects = [boxes.nth(i).bounding_box() for i in range(4)]
        joints = [arrows.nth(i).bounding_box() for i in range(3)]
        return rects, joints

    rects, joints = layout()
    for index, joint in enumerate(joints):
        above, below = rects[index], rects[index + 1]
        assert above["height"] > 20 and above["width"] > 200
        # Each arrow runs from the bottom of one box to the top of the next.
        assert above["y"] + above["height"] <= joint["y"] + 1 and joint["y"] + joint["height"] <= below["y"] + 1
    arrowhead = page.evaluate("getComputedStyle(document.querySelector('.flow-arrow'), '::after').borderTopStyle")
    assert arrowhead == "solid"
    assert page.locator(".flow-step").first.locator("h3").inner_text() == "第1步"

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone_box = boxes.first.bounding_box()
    assert phone_box["x"] >= 0 and phone_box["x"] + phone_box["width"] <= PHONE["width"]

    expect(page.get_by_role("button", name="打印本页")).to_be_visible()  # shown once script can print
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="打印本页").is_visible()
    assert not page.locator(".site-nav").is_visible() and not page.locator(".locale-switcher").is_visible()
    assert boxes.first.is_visible() and arrows.first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    assert not page.script_errors


def test_editor_adds_reorders_steps_and_writes_rich_text(browser_page, make_user, in_app):
    admin = make_user(role="admin")
    page = browser_page
    page.goto("/auth/login")
    page.locator("#username").fill(admin.username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/"))
    page.goto("/admin/content_entries/new/?type=procedure")

    section = page.locator("#section-zh_Hans_CN")
    section.get_by_label("标题").first.fill("新流程")
    section.locator("textarea[name='zh_Hans_CN-summary']").fill("简介")
    editor = section.locator("[data-steps]")
    editor.get_by_role("button", name="添加步骤").click()
    rows = editor.locator("[data-step-row]")
    assert rows.count() == 3
    for index, title in enumerate(("甲", "乙", "丙")):
        rows.nth(index).locator("[data-part=title]").fill(title)
    rows.nth(2).get_by_role("button", name="上移").click()  # 丙 before 乙
    assert rows.nth(1).locator("label").first.inner_text() == "第 2 步"

    area = section.locator(".rich-editor-area")
    area.click()
    page.keyboard.type("详细说明")
    section.get_by_role("button", name="加粗").click()
    page.keyboard.type("重点")
    page.locator("#status").select_option("published")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/content_entries/edit/"))

    def saved():
        entry = db.session.scalar(select(ContentEntry).where(ContentEntry.title == "新流程"))
        translation = entry.translation("zh_Hans_CN")
        return [s["title"] for s in translation.data["steps"]], translation.data.get("details", "")

    steps, details = in_app(saved)
    assert steps == ["甲", "丙", "乙"]
    assert "详细说明" in details and re.search(r"<(b|strong)>重点</(b|strong)>", details)
    assert not page.script_errors
