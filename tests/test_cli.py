"""The ``flask portal …`` commands."""
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Committee, CommitteeLevel, DisputeType, JudgeLiaisonPoint, Mediator, Street, TrainingSession, User
from portal.services.identity import is_valid_id_number
from tests.demo_walkthrough import check_the_demo_district


def test_create_user_prompts_for_the_password(runner, app, make_street):
    street = make_street(code="S07")
    result = runner.invoke(args=["portal", "create-user", "wang", "--role", "staff", "--street", "S07"],
                           input="a-good-password\na-good-password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "wang"))
        assert user.role == "staff" and user.street_id == street.id and user.check_password("a-good-password")
        assert "a-good-password" not in result.output


def test_create_user_refuses_bad_requests(runner, app):
    assert "Staff accounts need --street" in runner.invoke(
        args=["portal", "create-user", "li", "--role", "staff"], input="a-good-password\na-good-password\n").output
    assert "No street with code" in runner.invoke(
        args=["portal", "create-user", "li", "--role", "staff", "--street", "NOPE"], input="a-good-password\na-good-password\n").output
    assert "at least 8" in runner.invoke(
        args=["portal", "create-user", "li", "--role", "admin"], input="short\nshort\n").output
    runner.invoke(args=["portal", "create-user", "li", "--role", "admin"], input="a-good-password\na-good-password\n")
    assert "already exists" in runner.invoke(
        args=["portal", "create-user", "li", "--role", "admin"], input="a-good-password\na-good-password\n").output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_init_db_is_idempotent_and_seeds_the_fifteen_dispute_types(runner, app):
    assert runner.invoke(args=["portal", "init-db"]).exit_code == 0
    result = runner.invoke(args=["portal", "init-db"])
    assert "0 reference entries added" in result.output
    with app.app_context():
        names = set(db.session.scalars(select(DisputeType.name)))
    assert {"婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁", "环境污染",
            "劳动争议", "消费", "医疗", "道路交通事故", "物业", "其他"} <= names


def test_seed_demo_builds_the_district_once(runner, app):
    result = runner.invoke(args=["portal", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin" in result.output and "demo-pass-2026" in result.output
    with app.app_context():
        count = lambda model, *where: db.session.scalar(select(func.count()).select_from(model).where(*where))  # noqa: E731
        assert count(Street, Street.is_pilot.is_(True)) == 8
        assert count(JudgeLiaisonPoint) == 21
        assert count(Mediator) >= 300
        assert count(Case) >= 500
        assert count(Committee, Committee.level == CommitteeLevel.GRID) > 0
        assert db.session.scalar(select(func.count(func.distinct(Case.dispute_type_id)))) == 15
        assert count(TrainingSession) > 0
        hearing = db.session.scalar(select(TrainingSession).where(TrainingSession.title.like("%庭审%")))
        assert hearing is not None
        assert all(is_valid_id_number(v) for v in db.session.scalars(select(Mediator.id_number)))
        assert {u.role for u in db.session.scalars(select(User))} == {"admin", "staff", "trainer", "viewer", "reporter", "inspector"}
    # What a walkthrough found wrong in the demo (tests/demo_walkthrough.py).
    check_the_demo_district(app, result.output)
    again = runner.invoke(args=["portal", "seed-demo"])
    assert "already has records" in again.output
