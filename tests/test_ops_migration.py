"""Migration ops0001 moves content files' bytes out of the database into the file store, and
back on a downgrade."""
import hashlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal.extensions import db
from portal.storage.local import LocalStore
from tests.conftest import make_test_app


def test_content_file_bytes_move_to_the_store_and_back(tmp_path_factory, scratch_database):
    uploads = str(tmp_path_factory.mktemp("migrated-uploads"))
    app = make_test_app(tmp_path_factory, SQLALCHEMY_DATABASE_URI=scratch_database(), PORTAL_UPLOAD_DIR=uploads)
    directory = app.extensions["migrate"].directory
    payload = b"\x89PNG\r\n\x1a\n" + b"old image" * 10
    digest = hashlib.sha256(payload).hexdigest()
    with app.app_context():
        upgrade(directory=directory, revision="d1a0e0001")
        db.session.execute(text("INSERT INTO content_blobs (sha256, size, data) VALUES (:d, :s, :p)"),
                           {"d": digest, "s": len(payload), "p": payload})
        db.session.commit()

        upgrade(directory=directory)
        assert "data" not in {c["name"] for c in inspect(db.engine).get_columns("content_blobs")}
        assert LocalStore(uploads).read(f"content/{digest}") == payload

        downgrade(directory=directory, revision="d1a0e0001")
        assert bytes(db.session.execute(text("SELECT data FROM content_blobs")).scalar()) == payload
        db.session.remove()
        db.engine.dispose()
