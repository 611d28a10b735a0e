"""On SQLite, ids of deleted rows never come back (history and restore rely on it)."""
import pytest
from sqlalchemy import Integer, text

from portal.extensions import db


def test_every_table_with_an_integer_key_uses_autoincrement(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL sequences never reuse ids")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")).all()
    def integer_key(name):
        table = db.metadata.tables.get(name)
        keys = list(table.primary_key.columns) if table is not None else []
        return len(keys) == 1 and isinstance(keys[0].type, Integer)

    missing = [name for name, sql in rows if integer_key(name) and "AUTOINCREMENT" not in sql]
    assert missing == []


def test_a_deleted_records_id_is_not_given_to_the_next_one(app, make_street, in_app):
    from portal.models import Street

    first = make_street(name="甲街道")
    in_app(lambda: (db.session.delete(db.session.get(Street, first.id)), db.session.commit()))
    second = make_street(name="乙街道")
    assert second.id != first.id
