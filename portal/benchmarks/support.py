"""What every benchmark needs: an app on a throw-away database with a fresh schema."""
import os
import tempfile

from flask_migrate import upgrade
from sqlalchemy import text


def bench_app(database_url=None, **config):
    """An app on ``database_url`` (default: a new temporary SQLite file)."""
    from portal import create_app

    url = database_url or "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="portal-bench-"), "bench.sqlite")
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", **config})


def fresh_schema(app):
    """Drop everything (PostgreSQL: the whole public schema) and migrate to the latest schema."""
    from portal.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade(directory=app.extensions["migrate"].directory)
