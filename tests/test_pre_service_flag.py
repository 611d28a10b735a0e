"""A new mediator without pre-service training is flagged on the case; their page shows their training."""
import html
from datetime import datetime
from decimal import Decimal

import pytest

from tests.fixtures.training import days_ago, this_year
from tests.helpers import get_form, text_of

FLAG = "These mediators have not completed pre-service training"


@pytest.fixture
def case_world(two_streets, make_mediator, make_case, set_rule):
    set_rule(pre_service=Decimal("8"), months=12)
    east = two_streets["east"].id
    return {
        **two_streets,
        "newcomer": make_mediator(east, name="新来的", joined_on=days_ago(30)),
        "veteran": make_mediator(east, name="老调解", joined_on=days_ago(3000)),
        "case": make_case(two_streets["east_committee"].id, title="楼道堆物纠纷"),
    }


def assign(client, case_id, *mediator_ids):
    form = get_form(client, f"/admin/cases/edit/?id={case_id}")
    form.set("mediators", ",".join(str(i) for i in mediator_ids))
    return form.submit(client, follow_redirects=True)


def test_assigning_a_new_untrained_mediator_warns_and_flags_the_case(client, login_as, case_world, make_training, make_attendance):
    login_as("staff", street_id=case_world["east"].id)
    client.get("/locale/en")
    response = assign(client, case_world["case"].id, case_world["newcomer"].id, case_world["veteran"].id)
    page = html.unescape(text_of(response))
    assert f"{FLAG}: 新来的." in page and "老调解." not in page
    details = html.unescape(text_of(client.get(f"/admin/cases/details/?id={case_world['case'].id}&tab=all")))
    assert f"{FLAG}: 新来的." in details

    # Once trained, the flag goes.
    course = make_training(title="岗前培训班", kind_code="pre_service", starts_at=datetime(this_year(), 1, 3, 9),
                           hours=Decimal("8"), ends_at=datetime(this_year(), 1, 3, 18), location_text="区司法局")
    make_attendance(course.id, case_world["newcomer"].id, hours=Decimal("8"))
    assert FLAG not in text_of(client.get(f"/admin/cases/details/?id={case_world['case'].id}&tab=all"))
    assert FLAG not in text_of(assign(client, case_world["case"].id, case_world["newcomer"].id))


def test_veterans_are_never_flagged(client, login_as, case_world):
    login_as("staff", street_id=case_world["east"].id)
    client.get("/locale/en")
    assert FLAG not in text_of(assign(client, case_world["case"].id, case_world["veteran"].id))


def test_hours_of_an_absence_do_not_count_as_pre_service(client, login_as, case_world, make_training, make_attendance):
    course = make_training(title="岗前培训班", kind_code="pre_service", hours=Decimal("8"),
                           ends_at=datetime(2026, 11, 20, 18), location_text="区司法局")
    make_attendance(course.id, case_world["newcomer"].id, hours=Decimal("8"), status="absent")
    login_as("admin")
    client.get("/locale/en")
    assert f"{FLAG}: 新来的." in html.unescape(text_of(assign(client, case_world["case"].id, case_world["newcomer"].id)))


def test_mediator_page_shows_training_record_and_hours_this_year(client, login_as, case_world, make_training, make_attendance):
    year = this_year()
    course = make_training(title="新法规专题", kind_code="new_law", starts_at=datetime(year, 1, 4, 9), hours=Decimal("3"),
                           location_text="会议室")
    old = make_training(title="去年的案例研讨", kind_code="case_study", starts_at=datetime(year - 1, 5, 4, 9),
                        hours=Decimal("2"), location_text="会议室")
    make_attendance(course.id, case_world["newcomer"].id, hours=Decimal("2.5"), status="late")
    make_attendance(old.id, case_world["newcomer"].id, hours=Decimal("2"))
    login_as("staff", street_id=case_world["east"].id)
    client.get("/locale/en")
    page = text_of(client.get(f"/admin/mediators/details/?id={case_world['newcomer'].id}"))
    assert "Training record" in page and "新法规专题" in page and "去年的案例研讨" in page
    assert f"Hours in {year}: 2.5 of" in page
    assert "New mediator: pre-service training 0 of 8 hours" in page
    assert page.index("新法规专题") < page.index("去年的案例研讨")
