"""Committee short names are unique however the data arrives: the database holds the rule, and
the migration that brought it in made the names an existing database shared unique first."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from tests.conftest import make_test_app

BEFORE = "d1a0e0001"  # the revision before the rule


def test_the_migration_makes_shared_short_names_unique_then_holds_the_rule(tmp_path_factory):
    app = make_test_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(
        tmp_path_factory.mktemp("short-names") / "old.sqlite"))
    directory = app.extensions["migrate"].directory
    stamp = "'2026-01-01 00:00:00'"
    with app.app_context():
        upgrade(directory=directory, revision=BEFORE)
        with db.engine.begin() as connection:
            for name, short in (("东城区人民调解委员会", "东"), ("东华街道人民调解委员会", "东"), ("东四社区人民调解委员会", "东"),
                                ("东华门社区人民调解委员会", "东华"), ("某工地调解小组", ""), ("某市场调解小组", "")):
                connection.execute(text(
                    "INSERT INTO committees (name, short_name, level, address, phone, opening_hours, is_public, "
                    f"created_at, updated_at, version) VALUES (:name, :short, 'district', '', '', '', 1, {stamp}, {stamp}, 1)"
                ), {"name": name, "short": short})
        upgrade(directory=directory)
        with db.engine.begin() as connection:
            shorts = [row[0] for row in connection.execute(text("SELECT short_name FROM committees ORDER BY id"))]
        # The first keeps its name; the others take their own next character; empty ones stay empty.
        assert shorts == ["东", "东华", "东四", "东华门", "", ""]
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO committees (name, short_name, level, address, phone, opening_hours, is_public, "
                f"created_at, updated_at, version) VALUES ('又一个', '东四', 'district', '', '', '', 1, {stamp}, {stamp}, 1)"))
        db.session.remove()
        db.engine.dispose()


def test_the_rule_holds_on_the_portals_database(app, make_committee, two_streets):
    """Data loaded without the committee screen (an import, a script) meets the same rule."""
    from portal.models import Committee

    make_committee(two_streets["east"].id, name="甲调解委员会", short_name="甲")
    with app.app_context():
        db.session.add(Committee(name="乙调解委员会", short_name="甲", level="street", street_id=two_streets["west"].id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add_all([Committee(name=f"工地{n}", short_name="", level="other_unit", street_id=two_streets["west"].id)
                            for n in range(2)])
        db.session.commit()  # no short name (a committee that numbers no cases): as many as there are
        db.session.remove()
