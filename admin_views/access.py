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
