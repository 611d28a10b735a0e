"""Attendance of a session from a sign-in sheet: people by ID number or name, the roster's rules,
and trainers may do it (and nothing else)."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import Mediator, TrainingAttendance
from tests.fixtures.imports import xlsx_bytes
from tests.helpers import assert_redirect


def roster(in_app, session_id):
    return in_app(lambda: sorted((a.mediator.name, a.status, a.hours_credited, a.score) for a in db.session.scalars(
        select(TrainingAttendance).where(TrainingAttendance.session_id == session_id))))


def test_a_sign_in_sheet_fills_the_roster(client, login_as, network, make_training, make_mediator, importer, in_app, upload_dir):
    session = make_training(office_id=network["office"].id, starts_at=datetime(2026, 11, 20, 9, 0), hours=Decimal("3.0"))
    twin = make_mediator(network["other_street"].id, name="王调解")  # the same name in another street
    login_as("trainer")
    helper_id = in_app(lambda: db.session.get(Mediator, network["helper"].id).id_number)
    token, preview = importer.load("attendance", xlsx_bytes([
        ["姓名", "身份证号码", "状态", "计入学时", "成绩"],
        ["李调解", "", "出席", "", 95],
        ["王调解", "", "迟到", 2, ""],           # two mediators have this name
        ["", helper_id, "缺席", 3, ""],          # absent with hours
        ["赵六", "", "出席", "", ""],            # nobody of that name
        ["李调解", "", "出席", 4, ""],           # twice, and more than the session's hours
    ]), session=session.id)
    assert preview.statuses() == {2: "new", 3: "error", 4: "error", 5: "error", 6: "error"}, preview.rows
    assert "多个" in preview.problem(3, "name")
    assert "缺席" in preview.problem(4, "hours")
    assert "赵六" in preview.problem(5, "name")
    assert "第 2 行" in preview.problem(6, "name")

    token, preview = importer.load("attendance", xlsx_bytes([
        ["姓名", "身份证号码", "状态", "计入学时", "成绩"],
        ["李调解", "", "出席", "", 95],
        ["王调解", twin.id_number, "迟到", 2, ""],
    ]), session=session.id)
    assert preview.statuses() == {2: "new", 3: "new"}
    assert_redirect(importer.save(token))
    assert roster(in_app, session.id) == [("李调解", "present", Decimal("3.0"), Decimal("95.0")),
                                          ("王调解", "late", Decimal("2.0"), None)]

    # Hours corrected on a second sheet: changed, not added.
    token, preview = importer.load("attendance", xlsx_bytes([["姓名", "计入学时"], ["李调解", 2.5]]), session=session.id)
    assert preview.statuses() == {2: "changed"}
    assert preview.cell(2, "hours") == "3.0 → 2.5"


def test_trainers_import_attendance_only(client, login_as, network, make_training, upload_dir):
    session = make_training(office_id=network["office"].id)
    login_as("trainer")
    assert client.get(f"/admin/imports/attendance/?session={session.id}").status_code == 200
    for kind in ("mediators", "committees", "cases", "grids", "partner_bodies", "liaison_points"):
        assert client.get(f"/admin/imports/{kind}/").status_code == 403
        assert client.get(f"/admin/imports/{kind}/template/").status_code == 403
    hub = client.get("/admin/imports/").get_data(as_text=True)
    assert 'id="kind-attendance"' in hub and 'id="kind-mediators"' not in hub


def test_before_the_session_a_sheet_only_plans_the_roster(client, login_as, network, make_training, importer, in_app,
                                                          upload_dir):
    from portal import timeutil

    with timeutil.frozen(datetime(2026, 11, 29, 10, 0)):
        session = make_training(office_id=network["office"].id, starts_at=datetime(2026, 12, 3, 9, 0))
        login_as("trainer")
        token, preview = importer.load("attendance", xlsx_bytes([
            ["姓名", "状态"], ["李调解", ""], ["王调解", "出席"]]), session=session.id)
        assert preview.statuses() == {2: "new", 3: "error"}, preview.rows
        assert "2026-12-03 09:00" in preview.problem(3, "status")
        token, preview = importer.load("attendance", xlsx_bytes([["姓名"], ["李调解"]]), session=session.id)
        assert_redirect(importer.save(token))
    assert roster(in_app, session.id) == [("李调解", "planned", Decimal("0"), None)]
