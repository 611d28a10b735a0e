"""The district's diversified dispute resolution portal."""
import os

from flask import Flask

from portal.config import DefaultConfig, env_overrides, normalise_database_url
from portal.database import engine_options


def create_app(test_config=None):
    """Create and configure an app: defaults, ``instance/config.py``, environment, ``test_config``."""
    # PORTAL_INSTANCE_PATH: where an installed portal keeps instance/ (a container's volume).
    app = Flask(__name__, instance_relative_config=True, instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or None)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    if test_config:
        app.config.update(test_config)

    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    # A database error's text (logged with its traceback) never carries the statement's values,
    # which may be ID numbers or phones.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"hide_parameters": True, **engine_options(app.config)}
    if not app.config.get("SECRET_KEY"):
        from portal.secret_key import load_or_create

        app.config["SECRET_KEY"] = load_or_create(app.instance_path)
        app.config["PORTAL_SECRET_KEY_GENERATED"] = True  # one host's file: see portal check-deploy

    from portal import request_guard

    request_guard.install_converters(app)
    _init_extensions(app)
    _register_modules(app)
    return app


def _init_extensions(app):
    from portal import database, i18n
    from portal.extensions import csrf, db, migrate
    from portal.services import audit, search

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    audit.init_app(app)
    search.init_app(app)


def _register_modules(app):
    import admin_views
    from portal import api, auth, cli, errors, ops, public, request_guard, security, template_helpers
    from portal.public import cache as public_cache

    ops.init_app(app)  # first: the request id and request log wrap everything below
    security.init_app(app)
    template_helpers.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    public.init_app(app)
    api.init_app(app)
    public_cache.init_app(app)  # after the public site's and the API's own hooks
    admin_views.init_app(app)
    cli.init_app(app)
    request_guard.init_app(app)  # last, so its hook goes in front of the others
