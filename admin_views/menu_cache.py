"""The admin menu bar, drawn once per role, language and screen instead of on every request
(and the admin's static URLs, built once).

Drawing the menu walks every screen's access check and translates every label: a third of a
list page's time. What it shows depends only on the user's role (every screen's
``is_accessible``/``is_visible`` reads the role alone), the language and the screen that is
open, so the drawn markup is kept per (role, language, screen). What changes between requests
(the number of online applications waiting) is drawn as a slot and filled on each request.
"""
from flask import current_app, g, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.i18n import current_locale_code

SLOTS = {}        # slot name -> callable giving its markup for this request
KEPT_AT_MOST = 4096  # (role, language, screen, mount point) pairs; a bound, never reached in use


def register_slot(name, fill):
    SLOTS[name] = fill


def slot(name):
    """The place of ``name``'s per-request markup in the menu being drawn."""
    return Markup(f"<!--menu-slot:{name}-->")


def drawing_menu():
    return g.get("_drawing_menu", False)


def menu_markup(draw, admin_view):
    """The menu drawn by ``draw`` (the layout's macro), from the cache when drawn before."""
    user = current_user
    role = user.role if user.is_authenticated and user.is_active else None
    key = (role, current_locale_code(), getattr(admin_view, "endpoint", None), request.script_root)
    cache = current_app.extensions.setdefault("portal_menu_markup", {})
    markup = cache.get(key)
    if markup is None:
        g._drawing_menu = True
        try:
            markup = str(draw())
        finally:
            g._drawing_menu = False
        if len(cache) >= KEPT_AT_MOST:
            cache.clear()
        cache[key] = markup
    for name, fill in SLOTS.items():
        marker = str(slot(name))
        if marker in markup:
            markup = markup.replace(marker, str(fill()))
    return Markup(markup)


def static_url(admin_endpoint, **kwargs):
    """The URL of one of Flask-Admin's scripts or stylesheets, built once per mount point."""
    key = (request.script_root, admin_endpoint, tuple(sorted(kwargs.items())))
    cache = current_app.extensions.setdefault("portal_static_urls", {})
    if key not in cache:
        if len(cache) >= KEPT_AT_MOST:
            cache.clear()
        cache[key] = url_for(f"{admin_endpoint}.static", **kwargs)
    return cache[key]


def init_app(app):
    app.jinja_env.globals.update(menu_markup=menu_markup, static_url=static_url)
