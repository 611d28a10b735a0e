"""Grids, partner bodies and judge liaison points (the district office's)."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import Grid, PartnerBody
from tests.fixtures.imports import csv_bytes, xlsx_bytes
from tests.helpers import assert_redirect


def test_grids_matched_by_code_within_their_community(client, login_as, network, importer, in_app, upload_dir):
    login_as("admin")
    sheet = [["社区", "代码", "名称"], ["和平社区", "HP-01", "和平一网格"],
             ["和平社区", "HP-02", "和平社区第二网格"], ["没有的社区", "X-01", "某网格"]]
    token, preview = importer.load("grids", xlsx_bytes(sheet))
    assert preview.statuses() == {2: "new", 3: "new", 4: "error"}
    token, preview = importer.load("grids", xlsx_bytes(sheet[:3]))
    assert_redirect(importer.save(token))
    sheet[2][2] = "和平二网格"
    token, preview = importer.load("grids", csv_bytes(sheet[:3], "gbk"), "grids.csv")
    assert preview.statuses() == {2: "unchanged", 3: "changed"}
    assert preview.cell(3, "name") == "和平社区第二网格 → 和平二网格"
    assert_redirect(importer.save(token))
    assert in_app(lambda: sorted((g.code, g.name) for g in db.session.scalars(select(Grid)))) == [
        ("HP-01", "和平一网格"), ("HP-02", "和平二网格")]


def test_partner_bodies_and_liaison_points(client, login_as, network, importer, in_app, upload_dir):
    login_as("admin")
    token, preview = importer.load("partner_bodies", xlsx_bytes([
        ["名称", "类别", "街道", "联系人", "电话"],
        ["东华派出所", "公安派出所", "东华街道", "刘警官", "010-64010110"],   # exists: gets its street and contact
        ["东城区劳动仲裁院", "Labour and social security", "", "", "12333"],  # kind named in English
        ["某单位", "不存在的类别", "", "", ""],
    ]))
    assert preview.statuses() == {2: "changed", 3: "new", 4: "error"}, preview.rows
    token, preview = importer.load("partner_bodies", xlsx_bytes([
        ["名称", "類別", "聯繫人"], ["东城区劳动仲裁院", "勞動保障部門", "陈主任"]]))  # headers in Traditional
    assert_redirect(importer.save(token))
    assert in_app(lambda: db.session.scalar(select(PartnerBody.contact_name).where(PartnerBody.name == "东城区劳动仲裁院"))) == "陈主任"

    token, preview = importer.load("liaison_points", xlsx_bytes([
        ["名称", "街道", "社区", "法院", "联系法官", "法官电话", "开放时间"],
        ["和平社区法官联系点", "东华街道", "和平社区", "东城区人民法院", "李明", "13812345678", "每周三上午"],
        ["西城联系点", "西城街道", "和平社区", "东华派出所", "张三", "", ""],  # community of another street; not a court
    ]))
    assert preview.statuses() == {2: "new", 3: "error"}
    assert "不在西城街道" in preview.problem(3, "community")
    assert "东华派出所" in preview.problem(3, "court")


def test_staff_and_viewers_do_not_import_what_they_cannot_edit(client, login_as, network, upload_dir):
    login_as("staff", street_id=network["street"].id)
    for kind in ("grids", "partner_bodies", "liaison_points"):
        assert client.get(f"/admin/imports/{kind}/").status_code == 403
    for kind in ("committees", "mediators", "cases"):
        assert client.get(f"/admin/imports/{kind}/").status_code == 200
