"""Who is acting: the logged-in user in a request, or a user a CLI command or job names."""
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context

_acting_user_id: ContextVar[int | None] = ContextVar("acting_user_id", default=None)


def current_actor_id():
    explicit = _acting_user_id.get()
    if explicit is not None:
        return explicit
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return None


@contextmanager
def acting_as(user_id):
    token = _acting_user_id.set(user_id)
    try:
        yield
    finally:
        _acting_user_id.reset(token)
