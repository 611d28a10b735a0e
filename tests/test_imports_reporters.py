"""Grid reporters from a street's ledger: matched by name within the street of their grids, their
grids by code or name, all in one street, and a staff member imports only into their own street."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models.screening import Reporter
from tests.fixtures.imports import csv_bytes, xlsx_bytes
from tests.helpers import assert_redirect

HEADER = ["姓名", "联系电话", "兼任", "网格", "备注"]


def _reporters(in_app):
    def read():
        query = select(Reporter).options(selectinload(Reporter.grids)).order_by(Reporter.name)
        return [(r.name, r.phone, r.street_id, sorted(g.code for g in r.grids)) for r in db.session.scalars(query)]

    return in_app(read)


def test_reporters_with_their_grids_and_a_second_import_updates_them(
        client, login_as, two_streets, make_community, make_grid, importer, in_app, upload_dir):
    east = make_community(two_streets["east"].id, name="和平社区")
    west = make_community(two_streets["west"].id, name="西苑社区")
    first, second = make_grid(east.id, name="和平一网格"), make_grid(east.id, name="和平二网格")
    other = make_grid(west.id, name="西苑一网格")
    login_as("staff", street_id=two_streets["east"].id)
    sheet = [HEADER,
             ["王建国", "13812345678", "网格员", f"{first.code}、和平二网格", ""],
             ["李芳", "", "志愿者", first.code, "退休教师"],
             ["赵六", "13912345678", "", other.name, ""],          # another street's grid: not theirs
             ["钱七", "12345", "", first.code, ""],                 # not a phone number
             ["孙八", "", "", "", ""]]                              # no grid
    token, preview = importer.load("grid_reporters", xlsx_bytes(sheet))
    assert preview.statuses() == {2: "new", 3: "new", 4: "error", 5: "error", 6: "error"}
    assert "西苑一网格" in preview.problem(4, "grids")
    assert preview.problem(5, "phone") and preview.problem(6, "grids")
    assert not preview.can_save
    token, preview = importer.load("grid_reporters", xlsx_bytes(sheet[:3]))
    assert_redirect(importer.save(token))
    assert _reporters(in_app) == [
        ("李芳", "", two_streets["east"].id, [first.code]),
        ("王建国", "13812345678", two_streets["east"].id, [first.code, second.code]),
    ]
    # The same ledger again, one reporter moved to the second grid only: no one twice.
    sheet[2][3] = second.code
    token, preview = importer.load("grid_reporters", csv_bytes(sheet[:3], "gbk"), "reporters.csv")
    assert preview.statuses() == {2: "unchanged", 3: "changed"}
    assert_redirect(importer.save(token))
    assert [row[3] for row in _reporters(in_app)] == [[second.code], [first.code, second.code]]


def test_grids_of_two_streets_on_one_row_are_refused(
        client, login_as, two_streets, make_community, make_grid, importer, in_app, upload_dir):
    east = make_grid(make_community(two_streets["east"].id).id)
    west = make_grid(make_community(two_streets["west"].id).id)
    login_as("admin")
    token, preview = importer.load("grid_reporters", xlsx_bytes([HEADER, ["王建国", "", "", f"{east.code}、{west.code}", ""]]))
    assert preview.statuses() == {2: "error"}
    assert "同一街道" in preview.problem(2, "grids") or "一个街道" in preview.problem(2, "grids")
    assert _reporters(in_app) == []


def test_viewers_import_no_reporters_and_street_offices_do(client, login_as, auth, network, upload_dir):
    login_as("viewer")
    assert client.get("/admin/imports/grid_reporters/").status_code == 403
    auth.logout()
    login_as("staff", street_id=network["street"].id)
    assert client.get("/admin/imports/grid_reporters/").status_code == 200
