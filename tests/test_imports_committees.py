"""Committees with their place and parent: codes as natural key, parents listed above, the
street's rules (short names unique, community in the street), staff kept to their street."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import Committee
from tests.fixtures.imports import xlsx_bytes
from tests.helpers import assert_redirect

HEADER = ["代码", "名称", "简称", "级别", "上级调委会", "社区", "联系电话", "成立日期", "登记日期"]


def committees(in_app):
    return in_app(lambda: {c.code or c.name: (c.name, c.short_name, c.level, c.parent.name if c.parent else None,
                                              c.street_id, c.community_id)
                           for c in db.session.scalars(select(Committee))})


def test_a_network_of_committees_with_parents_listed_above(client, login_as, network, make_community, importer, in_app, upload_dir):
    login_as("staff", street_id=network["street"].id)
    second = make_community(network["street"].id, name="光明社区", code="C-GM")
    token, preview = importer.load("committees", xlsx_bytes([
        HEADER,
        ["DH-GM", "光明社区人民调解委员会", "光明", "社区（村）级", "东华街道人民调解委员会", "C-GM", "010-64012345", "2019-01-01", "2019-01-10"],
        ["DH-GM-1", "光明社区第一网格调解小组", "光明一", "网格调解小组", "DH-GM", "光明社区", "", "", ""],
        # An existing committee given its code: matched by name within the street.
        ["DH-HP", "和平社区人民调解委员会", "和平", "社区（村）级", "东华街道人民调解委员会", "和平社区", "010-87654321", "", ""],
    ]))
    assert preview.statuses() == {2: "new", 3: "new", 4: "changed"}, preview.rows[3]
    assert preview.cell(4, "code") == "— → DH-HP"
    assert_redirect(importer.save(token))
    saved = committees(in_app)
    assert saved["DH-GM"] == ("光明社区人民调解委员会", "光明", "community", "东华街道人民调解委员会", network["street"].id, second.id)
    assert saved["DH-GM-1"][3] == "光明社区人民调解委员会"  # a parent from the same file
    assert saved["DH-HP"][0] == "和平社区人民调解委员会"

    # The same file again: every row matched, by code now.
    token, preview = importer.load("committees", xlsx_bytes([
        HEADER,
        ["DH-GM", "光明社区人民调解委员会", "光明", "社区（村）级", "东华街道人民调解委员会", "C-GM", "010-64012345", "2019-01-01", "2019-01-10"],
        ["DH-GM-1", "光明社区第一网格调解小组", "光明一", "网格调解小组", "DH-GM", "光明社区", "", "", ""],
    ]))
    assert preview.statuses() == {2: "unchanged", 3: "unchanged"}


def test_the_rules_of_the_committee_form_apply_to_each_row(client, login_as, network, importer, upload_dir):
    login_as("staff", street_id=network["street"].id)
    token, preview = importer.load("committees", xlsx_bytes([
        HEADER,
        ["X1", "新一调委会", "和平", "社区（村）级", "", "", "", "", ""],                       # short name taken
        ["X2", "新二调委会", "新二", "社区（村）级", "", "", "", "2020-05-01", "2020-04-01"],   # registered before founded
        ["X3", "新三调委会", "新三", "省级", "", "", "", "", ""],                                # no such level
        ["X4", "新四调委会", "新四", "街道级", "新四调委会", "", "", "", ""],                    # its own parent (not above it)
        ["X5", "新五调委会", "新五", "社区（村）级", "", "没有的社区", "", "", ""],
        ["X1", "新六调委会", "新六", "社区（村）级", "", "", "", "", ""],                       # code twice in the file
        ["X8", "新八调委会", "新八", "社区（村）级", "", "", "", "", ""],
        ["X9", "新八调委会", "新九", "社区（村）级", "", "", "", "", ""],                       # a name twice in the street
    ]))
    assert preview.statuses() == {2: "error", 3: "error", 4: "error", 5: "error", 6: "error", 7: "error", 8: "new", 9: "error"}
    assert "已被其他记录使用" in preview.problem(2, "short_name")
    assert "成立日期" in preview.problem(3, "registered_on")
    assert "可选值" in preview.problem(4, "level")
    assert "新四调委会" in preview.problem(5, "parent")
    assert "没有的社区" in preview.problem(6, "community")
    assert "第 2 行" in preview.problem(7, "code")
    assert "已被其他记录使用" in preview.problem(9, "name")
    assert not preview.can_save


def test_staff_import_only_into_their_own_street(client, login_as, network, importer, in_app, upload_dir):
    login_as("staff", street_id=network["street"].id)
    token, preview = importer.load("committees", xlsx_bytes([
        ["名称", "简称", "级别", "街道"],
        ["西城某调委会", "西某", "街道级", "西城街道"],
        ["东华某调委会", "东某", "街道级", "东华街道"],
    ]))
    # Another street is not one the user may name: an error, not silently dropped.
    assert "西城街道" in preview.problem(2, "street")
    assert preview.statuses()[3] == "new"
    assert not preview.can_save
    # An existing committee of another street, named by its code, is refused too.
    in_app(lambda: (setattr(db.session.get(Committee, network["other_committee"].id), "code", "XC-1"), db.session.commit()))
    token, preview = importer.load("committees", xlsx_bytes([["代码", "名称", "级别"], ["XC-1", "西城街道人民调解委员会", "街道级"]]))
    assert "其他街道" in preview.problem(2, "code")
