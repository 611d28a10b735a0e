"""Foreign keys hold on SQLite too, also on connections the migrations used (they switch them off)."""
import pytest
from sqlalchemy import text

from portal.extensions import db


def test_every_pooled_connection_enforces_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL always enforces foreign keys")
        connections = [db.engine.connect() for _ in range(3)]
        try:
            assert [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in connections] == [1, 1, 1]
        finally:
            for connection in connections:
                connection.close()


def test_deleting_a_referenced_row_fails(app, make_street, make_community):
    from sqlalchemy.exc import IntegrityError

    from portal.models import Street

    street = make_street()
    make_community(street.id)
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text("DELETE FROM streets WHERE id = :id"), {"id": street.id})
            db.session.flush()
        db.session.rollback()
        assert db.session.get(Street, street.id) is not None
