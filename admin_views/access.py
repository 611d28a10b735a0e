"""Access checks shared by every admin screen and page: the rules of portal.services.access,
applied on the server to every endpoint, with 403 for what the role may not do."""
from flask import abort, g, has_request_context, redirect, request, url_for
from flask_login import current_user

from portal.services.access import NONE, Action, allowed_actions, street_limit

# Which action each Flask-Admin model endpoint needs.
ENDPOINT_ACTIONS = {
    "index_view": Action.LIST,
    "details_view": Action.DETAILS,
    "create_view": Action.CREATE,
    "edit_view": Action.EDIT,
    "delete_view": Action.DELETE,
    "export": Action.EXPORT,
    "ajax_update": Action.EDIT,
}


class AreaAccessMixin:
    area = None                      # portal.services.access.Area
    disabled_actions = frozenset()   # actions this screen never offers (e.g. create on a log)
    endpoint_actions = {}            # own endpoints (method name) -> the Action they need

    def _allowed(self):
        if not has_request_context():
            return frozenset(Action)  # Flask-Admin builds form and column caches at start-up
        cache = g.setdefault("_allowed_actions", {})
        key = (id(self), getattr(current_user, "id", None))
        if key not in cache:
            actions = allowed_actions(current_user, self.area) if self.area else NONE
            cache[key] = frozenset(actions) - frozenset(self.disabled_actions)
        return cache[key]

    def permits(self, action):
        return Action(action) in self._allowed()

    def is_accessible(self):
        return bool(self._allowed() & {Action.LIST, Action.DETAILS})

    def is_visible(self):
        return Action.LIST in self._allowed()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def _handle_view(self, name, **kwargs):
        denied = super()._handle_view(name, **kwargs)
        if denied is not None:
            return denied
        needed = self.endpoint_action(name)
        if needed is not None and not self.permits(needed):
            abort(403)
        return None

    def endpoint_action(self, name):
        """The action an endpoint needs (LIST unless declared); None means the view checks itself."""
        if name in self.endpoint_actions:
            return self.endpoint_actions[name]
        return ENDPOINT_ACTIONS.get(name, Action.LIST)

    def street_limit(self):
        if not has_request_context() or not current_user.is_authenticated:
            return -1
        return street_limit(current_user, self.area)


# --- may the user see or open that record? ------------------------------------------------------

def _screens(model):
    from flask import current_app

    admin = current_app.extensions.get("portal_admin")
    return [view for view in (admin._views if admin is not None else [])
            if getattr(view, "model", None) is model and hasattr(view, "get_one")]


def screen_of(model, area):
    """The registered screen of ``model`` for ``area`` (the mediator directory…), or None."""
    return next((view for view in _screens(model) if view.area == area), None)


def _parent_of(obj):
    """The record ``obj`` belongs to (a mediation session's case), from its audit parent."""
    from sqlalchemy import inspect
    from sqlalchemy.orm import MANYTOONE

    column_name = getattr(type(obj), "__audit_parent__", None)
    if not column_name:
        return None
    for rel in inspect(type(obj)).relationships:
        if rel.direction is MANYTOONE and any(c.key == column_name for c in rel.local_columns):
            return getattr(obj, rel.key)
    return None


def _screens_showing(objs, action):
    """{obj: (screen, record shown)} for each of ``objs`` some screen shows the user for ``action``;
    a record without a screen of its own is judged by the record it belongs to. Asked of the
    screens themselves, so it follows their scope exactly (a staff member's street, a trainer's
    areas), with one query per screen and kind of record however many records are asked about."""
    found = {}
    pending = [(obj, obj) for obj in objs if obj is not None]
    for _depth in range(3):
        by_model = {}
        for asked, obj in pending:
            by_model.setdefault(type(obj), []).append((asked, obj))
        pending = []
        for model, items in by_model.items():
            screens = _screens(model)
            if not screens:
                pending += [(asked, parent) for asked, obj in items if (parent := _parent_of(obj)) is not None]
                continue
            left, shown_by = {obj.id for _asked, obj in items}, {}
            for view in screens:
                if left and view.permits(action):
                    ids = {record.id for record in view.get_query().filter(model.id.in_(left))}
                    shown_by.update(dict.fromkeys(ids, view))
                    left -= ids
            found.update((asked, (shown_by[obj.id], obj)) for asked, obj in items if obj.id in shown_by)
    return found


def _screen_showing(obj, action):
    return _screens_showing([obj], action).get(obj, (None, None))


def visible_urls(objs):
    """{obj: a details link to it (or the record it belongs to), or None}: visible_url for many."""
    shown = _screens_showing(objs, Action.DETAILS)
    return {obj: url_for(f"{shown[obj][0].endpoint}.details_view", id=shown[obj][1].id) if obj in shown else None
            for obj in objs}


def visible_url(obj):
    """A details link to ``obj`` (or the record it belongs to) when the user may open it, else None."""
    return visible_urls([obj])[obj]


def can_see(model, record_id):
    """Whether record ``record_id`` of ``model`` appears in some list or page the user may open."""
    from portal.extensions import db

    obj = db.session.get(model, record_id) if record_id is not None else None
    return obj is not None and any(_screen_showing(obj, action)[0] is not None for action in (Action.LIST, Action.DETAILS))
