"""The staff screens at phone width (390 px) in Chromium: nothing scrolls sideways, lists become
cards that name each value, the case page stacks, and a step's form fits the screen.

The walkthrough found the case list in one-character columns and the case page scrolling
sideways on a phone.
"""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import MediationSession
from tests.fixtures.browser import sign_in
from tests.helpers import assert_redirect, get_form

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def field_office(client, network, case_in, case_page, make_user, login_as, make_training, in_app):
    """A staff member's street with a case in every corner of its page: parties with long
    addresses, mediators, a meeting, an agreement, a follow-up and documents."""
    staff = make_user(role="staff", street_id=network["street"].id)
    login_as("staff", street_id=network["street"].id)
    case = case_in(network["community_committee"], title="张三与李四因楼上卫生间长期漏水导致楼下住户天花板及墙面受损赔偿纠纷")
    page = case_page(case.id)
    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    assert_redirect(form.set("mediators", [network["mediator"].id, network["helper"].id]).submit(client))
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    assert_redirect(page.add_meeting(facility=network["room"].id, location_text=""))
    assert_redirect(page.step("settle", kind="written", terms="被申请人于十日内赔偿申请人维修费用人民币三千五百元整。"))
    page.upload_dossier("application", "identity")
    session = make_training(office_id=network["office"].id, title="第四季度人民调解员业务培训（法律适用与调解技巧）")
    meeting_id = in_app(lambda: db.session.scalar(select(MediationSession.id)))
    return {"user": staff, "case": case, "session": session, "meeting": meeting_id, **network}


def overflow(page):
    """How far anything reaches past what shows of it sideways: the page past the screen's right
    edge, or a box (a table's scroll area) past its own width. 0 when nothing scrolls sideways."""
    return page.evaluate("""() => {
        let worst = document.documentElement.scrollWidth - window.innerWidth;
        for (const el of document.querySelectorAll("body *")) {
            const style = getComputedStyle(el);
            if (!["auto", "scroll"].includes(style.overflowX) || el.offsetParent === null) continue;
            worst = Math.max(worst, el.scrollWidth - el.clientWidth);
        }
        return worst;
    }""")


def narrow_cells(page):
    """Table columns squeezed to a character or two: the first words of the squeezed cells."""
    return page.evaluate("""() => Array.from(document.querySelectorAll("table td, table th"))
        .filter(cell => cell.offsetParent !== null && cell.innerText.trim().length > 1
                && cell.getBoundingClientRect().width < 40)
        .map(cell => cell.innerText.trim().slice(0, 8))""")


def test_main_staff_pages_fit_a_phone(chromium, live_server, field_office):
    context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                   has_touch=True, device_scale_factor=2)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, field_office["user"].username)
        case_id = field_office["case"].id
        pages = [
            "/admin/", "/admin/cases/", f"/admin/cases/details/?id={case_id}", f"/admin/cases/edit/?id={case_id}",
            "/admin/cases/new/", "/admin/online_applications/", "/admin/mediation_sessions/",
            f"/admin/mediation_sessions/details/?id={field_office['meeting']}", "/admin/follow_ups/",
            "/admin/mediators/", "/admin/committees/", "/admin/training_sessions/",
            f"/admin/training_sessions/attendance/?id={field_office['session'].id}", "/admin/room_bookings/",
            "/admin/facilities/",
        ]
        too_wide, squeezed = {}, {}
        for url in pages:
            page.goto(url)
            if overflow(page) > 0:
                too_wide[url] = overflow(page)
            if narrow_cells(page):
                squeezed[url] = narrow_cells(page)
        assert too_wide == {}
        assert squeezed == {}

        # The list is a stack of cards, each value with its label.
        page.goto("/admin/cases/")
        card = page.locator("table.model-list tbody tr").first
        assert card.evaluate("row => getComputedStyle(row).display") == "block"
        assert page.locator("table.model-list thead").evaluate("head => getComputedStyle(head).display") == "none"
        label = card.locator("td.col-title").evaluate("cell => getComputedStyle(cell, '::before').content")
        assert "标题" in label or "案件名称" in label, label

        # The case page stacks; a step's form opens within the screen.
        page.goto(f"/admin/cases/details/?id={case_id}")
        page.locator(".case-actions a", has_text="归档").first.click()
        box = page.locator("#case-dialog form[action*='/transition/archive/']").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert overflow(page) == 0
    finally:
        context.close()
