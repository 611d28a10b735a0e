"""Every record kind can be created, edited, searched, exported and deleted through the admin."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Case, CaseSource, DisputeType, Equipment, Facility, Mediator, TrainingSession, User,
)
from tests.helpers import assert_redirect, filtered, get_form, listed_ids, text_of
from tests.idnumbers import female_id


# endpoint, form values (callables get the world), search term, edit (field, value), text after edit
SIMPLE = [
    ("streets", lambda w: {"district": w["district_id"], "code": "S90", "name": "新街口街道", "is_pilot": "y"},
     "新街口", ("name", "新街口街道（试点）"), "新街口街道（试点）"),
    ("communities", lambda w: {"street": w["east"].id, "code": "C900", "name": "柳荫社区", "kind": "community"},
     "柳荫", ("name", "柳荫街社区"), "柳荫街社区"),
    ("grids", lambda w: {"community": w["community"].id, "code": "G9", "name": "柳荫第九网格"},
     "柳荫第九", ("name", "柳荫第九网格（北）"), "柳荫第九网格（北）"),
    ("judicial_offices", lambda w: {"street": w["spare_street"].id, "name": "新街司法所", "address": "新街1号",
                                    "phone": "010-64012345", "opening_hours": "周一至周五", "head_name": "周所长", "is_public": "y"},
     "新街", ("head_name", "吴所长"), "吴所长"),
    ("partner_bodies", lambda w: {"name": "东城区人民法院", "kind": w["court_kind"], "phone": "010-65123456", "contact_name": "郑法官"},
     "法院", ("contact_name", "孙法官"), "孙法官"),
    ("liaison_points", lambda w: {"name": "和平里法官联系点", "street": w["east"].id, "judge_name": "冯法官",
                                  "judge_phone": "13812345678", "phone": "010-64012345", "opening_hours": "每周三上午", "is_public": "y"},
     "和平里", ("judge_name", "陈法官"), "陈法官"),
    ("dispute_types", lambda w: {"code": "wages", "name": "拖欠农民工工资", "name_en": "Unpaid migrant workers' wages",
                                 "sort_order": "200", "is_active": "y"},
     "工资", ("name_en", "Unpaid wages"), "Unpaid wages"),
    ("users", lambda w: {"username": "zhou", "display_name": "周科员", "password": "a-long-password", "role": "staff",
                         "street": w["east"].id, "active": "y"},
     "zhou", ("display_name", "周科长"), "周科长"),
]


@pytest.fixture
def world(two_streets, make_street, make_community, in_app):
    from portal.models import District, PartnerKind

    def ids():
        return (db.session.scalar(select(District.id)),
                db.session.scalar(select(PartnerKind.id).where(PartnerKind.code == "court")))

    district_id, court_kind = in_app(ids)
    return {**two_streets, "district_id": district_id, "court_kind": court_kind,
            "community": make_community(two_streets["east"].id), "spare_street": make_street(name="安外街道")}


@pytest.mark.parametrize("endpoint,values,term,edit,after", SIMPLE, ids=[s[0] for s in SIMPLE])
def test_simple_record_lifecycle(client, login_as, world, endpoint, values, term, edit, after):
    login_as("admin")
    form = get_form(client, f"/admin/{endpoint}/new/")
    form.fill(**values(world))
    assert_redirect(form.submit(client))

    found = listed_ids(client.get(f"/admin/{endpoint}/?search={term}"))
    assert len(found) == 1, f"search for {term!r} found {found}"
    record_id = found.pop()

    form = get_form(client, f"/admin/{endpoint}/edit/?id={record_id}")
    form.set(*edit)
    assert_redirect(form.submit(client))
    assert after in text_of(client.get(f"/admin/{endpoint}/details/?id={record_id}"))

    assert after in client.get(f"/admin/{endpoint}/export/csv/").get_data(as_text=True)
    assert client.get(f"/admin/{endpoint}/export/xlsx/").data[:2] == b"PK"

    delete = get_form(client, f"/admin/{endpoint}/", match="/delete/")
    delete.set("id", record_id)
    assert_redirect(delete.submit(client))
    assert record_id not in listed_ids(client.get(f"/admin/{endpoint}/"))


def test_mediator_lifecycle_with_id_derived_birth_date(client, login_as, world, in_app):
    login_as("staff", street_id=world["east"].id)
    id_number = female_id("19720315", 88)
    form = get_form(client, "/admin/mediators/new/")
    form.fill(name="林秀英", sex="female", id_number=id_number, mobile="13912345678", street=world["east"].id,
              employment="full_time", status="active", is_retired_cadre="y")
    assert_redirect(form.submit(client))

    def saved():
        m = db.session.scalar(select(Mediator).where(Mediator.name == "林秀英"))
        return m.id, m.birth_date.isoformat(), m.name_initials, m.street_id

    mediator_id, born, initials, street_id = in_app(saved)
    assert (born, initials, street_id) == ("1972-03-15", "lxy", world["east"].id)
    # Found by name, pinyin and initials.
    for term in ("林秀", "linxiu", "lxy"):
        assert listed_ids(client.get(f"/admin/mediators/?search={term}")) == {mediator_id}, term
    # Filter by employment, by committee and by the retired-cadre flag.
    assert listed_ids(filtered(client, "/admin/mediators/", "专职/兼职", "full_time")) == {mediator_id}
    assert listed_ids(filtered(client, "/admin/mediators/", "专职/兼职", "part_time")) == set()
    assert listed_ids(filtered(client, "/admin/mediators/", "离退休老党员、老干部", "1")) == {mediator_id}

    form = get_form(client, f"/admin/mediators/edit/?id={mediator_id}")
    form.set("status", "suspended")
    assert_redirect(form.submit(client))
    assert "暂停" in text_of(client.get(f"/admin/mediators/details/?id={mediator_id}"))


def test_case_with_parties_inline(client, login_as, world, make_mediator, in_app):
    login_as("staff", street_id=world["east"].id)
    mediator = make_mediator(world["east"].id, name="调解员甲")
    ids = in_app(lambda: dict(db.session.execute(select(DisputeType.code, DisputeType.id)).all()))
    source = in_app(lambda: db.session.scalar(select(CaseSource.id)))
    form = get_form(client, "/admin/cases/new/")
    form.fill(title="装修噪音纠纷", dispute_type=ids["neighbour"], source=source, start_level="street",
              committee=world["east_committee"].id, received_on="2026-11-01", facts="夜间装修。", amount="3000.50",
              status="registered", mediators=str(mediator.id))
    form.fill(**{
        "parties-0-role": "applicant", "parties-0-kind": "person", "parties-0-name": "张三", "parties-0-sex": "male",
        "parties-0-id_number": "11010519491231002X", "parties-0-phone": "13812345678",
        "parties-1-role": "respondent", "parties-1-kind": "organisation", "parties-1-name": "安居物业管理有限公司",
        "parties-1-id_number": "91350100M000100Y43", "parties-1-phone": "010-64012345", "parties-1-representative": "李经理",
    })
    assert_redirect(form.submit(client))

    def saved():
        case = db.session.scalar(select(Case).where(Case.title == "装修噪音纠纷"))
        return case.id, case.street_id, [(p.name, p.kind) for p in case.parties], [m.name for m in case.mediators]

    case_id, street_id, parties, mediators = in_app(saved)
    assert street_id == world["east"].id
    assert parties == [("张三", "person"), ("安居物业管理有限公司", "organisation")]
    assert mediators == ["调解员甲"]
    details = text_of(client.get(f"/admin/cases/details/?id={case_id}&tab=all"))
    assert "安居物业管理有限公司" in details and "3,000.5" in details
    assert case_id in listed_ids(client.get("/admin/cases/?search=装修"))
    assert case_id in listed_ids(filtered(client, "/admin/cases/", "街道", world["east"].id))
    assert listed_ids(filtered(client, "/admin/cases/", "街道", world["west"].id)) == set()
    assert case_id in listed_ids(filtered(client, "/admin/cases/", "人民调解委员会", "东华"))
    assert case_id in listed_ids(filtered(client, "/admin/cases/", "收案日期", "2026-10-01 to 2026-11-30", operation=4))


def test_training_session_lifecycle(client, login_as, world, in_app):
    """Attendance has its own fast page (tests/test_training_attendance.py); here the session itself."""
    login_as("trainer")
    from portal.models import TrainingKind

    kind = in_app(lambda: db.session.scalar(select(TrainingKind.id).where(TrainingKind.code == "new_law")))
    form = get_form(client, "/admin/training_sessions/new/")
    form.fill(title="民法典专题培训", kind=kind, topic="婚姻家庭编", trainer_name="王法官",
              starts_at="2026-12-01 09:00:00", ends_at="2026-12-01 12:00:00", hours="3",
              organiser_office=world["east_office"].id, location_text="街道会议室")
    assert_redirect(form.submit(client))

    session_id, street_id = in_app(lambda: db.session.execute(
        select(TrainingSession.id, TrainingSession.street_id).where(TrainingSession.title == "民法典专题培训")).one())
    assert street_id == world["east"].id
    assert session_id in listed_ids(client.get("/admin/training_sessions/?search=民法典"))
    form = get_form(client, f"/admin/training_sessions/edit/?id={session_id}")
    form.set("topic", "继承编")
    assert_redirect(form.submit(client))
    assert "继承编" in text_of(client.get(f"/admin/training_sessions/details/?id={session_id}"))
    assert "民法典专题培训" in client.get("/admin/training_sessions/export/csv/").get_data(as_text=True)


def test_facility_with_equipment_inline(client, login_as, world, in_app):
    login_as("staff", street_id=world["east"].id)
    from portal.models import EquipmentKind, FacilityKind

    room, computer = in_app(lambda: (
        db.session.scalar(select(FacilityKind.id).where(FacilityKind.code == "mediation_room")),
        db.session.scalar(select(EquipmentKind.id).where(EquipmentKind.code == "computer"))))
    form = get_form(client, "/admin/facilities/new/")
    form.fill(name="第二调解室", kind=room, judicial_office=world["east_office"].id, address="人民路1号",
              area_m2="25.5", capacity="10", is_public=None)
    form.fill(**{"equipment-0-kind": computer, "equipment-0-quantity": "2", "equipment-0-condition": "good"})
    assert_redirect(form.submit(client))

    def saved():
        facility = db.session.scalar(select(Facility).where(Facility.name == "第二调解室"))
        return facility.id, facility.street_id, [(e.quantity, e.condition) for e in facility.equipment]

    facility_id, street_id, equipment = in_app(saved)
    assert street_id == world["east"].id and equipment == [(2, "good")]
    # Deleting the facility removes its equipment too.
    delete = get_form(client, "/admin/facilities/", match="/delete/")
    delete.set("id", facility_id)
    assert_redirect(delete.submit(client))
    assert in_app(lambda: db.session.scalar(select(Equipment).limit(1))) is None


def test_user_account_can_sign_in_with_the_password_set_in_the_admin(client, login_as, auth, world, in_app):
    login_as("admin")
    form = get_form(client, "/admin/users/new/")
    form.fill(username="chen", display_name="陈科员", password="ledger-orchid-canal", role="viewer", active="y")
    assert_redirect(form.submit(client))
    assert in_app(lambda: db.session.scalar(select(User.password_hash).where(User.username == "chen"))) != "ledger-orchid-canal"
    auth.logout()
    assert auth.login("chen", "ledger-orchid-canal").status_code == 302
