"""The case workspace in Chromium (issue 17): a case walked from acceptance to archive using only
the workspace (steps, meetings and uploads open in place and come back to their tab, errors keep
the input), tabs with the back button, the page's height at 1366×900, the phone layout at 390 px,
and an accessibility check (axe-core, vendored) of every tab."""
import re

import pytest

from portal import timeutil

from tests.fixtures.browser import sign_in
from tests.fixtures.cases import PDF

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TABS = ("overview", "parties", "records", "agreement", "follow_ups", "documents", "history")


@pytest.fixture
def open_page(chromium, live_server):
    contexts = []

    def make(viewport=WIDE):
        context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.script_errors = []
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def dialog_submit(page, navigates=True):
    """Send the dialog's form; once saved, the page loads again on its tab."""
    button = page.locator("#case-dialog button[type=submit], #case-dialog input[type=submit]").first
    if not navigates:
        button.click()
        return
    with page.expect_navigation():
        button.click()


def open_step(page, label):
    page.locator(".case-actions a", has_text=label).first.click()
    page.locator("#case-dialog form").wait_for()


def test_walk_a_case_from_acceptance_to_archive_in_the_workspace(open_page, network, case_in, make_user, load_case):
    page = open_page()
    user = make_user(role="staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], days_ago=10)
    sign_in(page, user.username)
    page.goto(f"/admin/cases/details/?id={case.id}")

    open_step(page, "受理")
    dialog_submit(page)
    assert re.search(rf"/admin/cases/details/\?id={case.id}$", page.url), page.url
    assert "已受理" in page.inner_text(".case-status")
    assert load_case(case.id).number in page.inner_text("h1")

    open_step(page, "开始调解")
    dialog_submit(page)
    page.wait_for_function("document.querySelector('.case-status').textContent.includes('调解中')")

    # The records tab opens in place; the address follows, and the back button returns.
    page.click(".case-tabs a[data-tab=records]")
    page.wait_for_url(re.compile(r"tab=records"))
    assert page.locator(".case-section-records").is_visible()
    page.go_back()
    page.wait_for_function("!location.search.includes('tab=')")
    page.locator(".case-section-overview").wait_for()
    page.go_forward()
    page.locator(".case-section-records").wait_for()

    # A meeting, from the records tab, in a dialog; it comes back to the tab.
    page.click(".case-section-records a[data-dialog]")
    form = page.locator("#case-dialog form")
    form.wait_for()
    day = load_case(case.id).accepted_on.isoformat()
    form.locator("[name=kind]").select_option("mediation", force=True)  # a select2 list
    form.locator("[name=starts_at]").fill(f"{day} 09:00:00")
    form.locator("[name=ends_at]").fill(f"{day} 11:00:00")
    form.locator("[name=location_text]").fill("和平社区调解室")
    form.locator("[name=summary]").fill("双方陈述意见。")
    dialog_submit(page)
    assert "tab=records" in page.url, (page.url, page.inner_text("body")[:1500])
    assert "和平社区调解室" in page.inner_text(".case-section-records")

    # Settling: an error keeps what was typed, in the dialog.
    open_step(page, "调解成功")
    form = page.locator("#case-dialog form")
    form.locator("[name=kind]").select_option("written")
    form.locator("[name=terms]").fill("")
    form.locator("[name=signed_on]").fill("1999-01-01")
    dialog_submit(page, navigates=False)
    page.locator("#case-dialog .invalid-feedback, #case-dialog .alert-danger").first.wait_for()
    assert page.locator("#case-dialog [name=kind]").input_value() == "written"
    page.locator("#case-dialog [name=terms]").fill("李四赔偿张三一千元。")
    page.locator("#case-dialog [name=signed_on]").fill(day)
    dialog_submit(page)
    page.wait_for_function("document.querySelector('.case-status').textContent.includes('调解成功')")

    # The dossier's scans, from the documents tab, each with its kind.
    needs = page.inner_text(".case-needs")
    assert "归档前尚缺材料" in needs
    page.click(".case-tabs a[data-tab=documents]")
    page.locator(".case-section-documents form.case-upload").wait_for()
    kinds = ["application", "identity", "rights_notice", "mediation_record", "agreement"]
    page.set_input_files(".case-section-documents input[type=file]",
                         files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF} for kind in kinds])
    selects = page.locator(".case-section-documents select[name=kinds]")
    for index, kind in enumerate(kinds):
        selects.nth(index).select_option(kind)
    with page.expect_navigation():
        page.click(".case-section-documents form.case-upload button[type=submit]")
    assert "tab=documents" in page.url
    assert "卷宗材料齐全" not in page.inner_text(".case-needs")  # a follow-up visit is still open

    # The follow-up visit, from its tab: its findings, then the case can be archived.
    page.click(".case-tabs a[data-tab=follow_ups]")
    page.locator(".case-section-follow_ups a[data-dialog]").first.click()
    form = page.locator("#case-dialog form")
    form.wait_for()
    form.locator("[name=done_on]").fill(timeutil.today().isoformat())
    for name, value in (("method", "phone"), ("performed", "fully"), ("satisfaction", "satisfied"), ("risk", "none")):
        form.locator(f"[name={name}]").select_option(value, force=True)
    form.locator("[name=visited_by]").fill("王调解")
    dialog_submit(page)
    assert "tab=follow_ups" in page.url
    assert "卷宗材料齐全" in page.inner_text(".case-needs")

    open_step(page, "归档")
    dialog_submit(page)
    page.wait_for_function("document.querySelector('.case-status').textContent.includes('已归档')")
    assert load_case(case.id).status == "archived"
    assert page.script_errors == []


def test_the_first_tab_of_the_demo_case_fits_under_1800_pixels(open_page, network, complete_case, make_user):
    ids = complete_case()
    page = open_page()
    sign_in(page, make_user(role="staff", street_id=network["street"].id).username)
    page.goto(f"/admin/cases/details/?id={ids['case']}")
    height = page.evaluate("document.documentElement.scrollHeight")
    content = page.evaluate("Math.ceil(document.querySelector('.case-workspace').getBoundingClientRect().bottom + scrollY)")
    print(f"case page at 1366×900, first tab: page {height} px, content ends at {content} px")
    assert height < 1800 and content < 1800, (height, content)
    # The header stays in view while the page scrolls.
    page.mouse.wheel(0, 1200)
    page.wait_for_timeout(200)
    assert page.locator(".case-header h1").bounding_box()["y"] >= -1


def test_at_390_pixels_the_header_stepper_and_tabs_work(open_page, network, complete_case, make_user):
    ids = complete_case()
    page = open_page(PHONE)
    sign_in(page, make_user(role="staff", street_id=network["street"].id).username)
    page.goto(f"/admin/cases/details/?id={ids['case']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for part in (".case-header h1", ".case-stepper", ".case-tabs"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, part
    # The tabs wrap into rows of small tabs, every one within the screen, and open their tab.
    for link in page.locator(".case-tabs a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
    last = page.locator(".case-tabs a[data-tab=history]")
    last.click()
    page.wait_for_url(re.compile(r"tab=history"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def run_axe(page):
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return result.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")


def test_every_tab_passes_an_accessibility_check_and_works_by_keyboard(open_page, network, complete_case, make_user):
    ids = complete_case()
    page = open_page()
    sign_in(page, make_user(role="staff", street_id=network["street"].id).username)
    problems = {}
    for tab in TABS:
        page.goto(f"/admin/cases/details/?id={ids['case']}&tab={tab}")
        violations = run_axe(page)
        if violations:
            problems[tab] = violations
    assert problems == {}, {tab: [v["id"] for v in found] for tab, found in problems.items()}
    # Headings in order: one h1, then h2s, no level skipped.
    levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4, h1, h2, h3, h4')]"
                           ".filter(h => h.offsetParent !== null || h.classList.contains('sr-only'))"
                           ".map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    # By keyboard: tab to a section link and open it with Enter; focus is visible.
    page.goto(f"/admin/cases/details/?id={ids['case']}")
    page.focus(".case-tabs a[data-tab=parties]")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"tab=parties"))
    assert page.evaluate("document.activeElement.id") == "tab-parties"
