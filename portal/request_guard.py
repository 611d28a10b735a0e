"""One guard in front of every request: input no page can make sense of is refused before any
view reads it, with a translated message (400, or 404 for an id that cannot exist), never a 500.

- NUL characters in the address (everywhere), in the query string or a form of the staff
  screens (PostgreSQL refuses text holding one; nothing a person types contains one). The public
  site and the API read their few arguments themselves, forgivingly: a stray NUL is dropped, a
  page number out of range is clamped, an unknown street is said so in the API's own terms;
- numbers beyond the database's integers in the query string's ids and counts
  (``?id=99999999999999999999``, ``?page=…``), and negative page numbers, sizes and offsets; only
  arguments the portal reads as integers are checked (a search for an ID number is a long string
  of digits, and so is a script's cache-busting ``_=1733212345678``);
- ids beyond the database's integers in forms (``id``, ``rowid``, ``…_id``);
- path arguments: the ``int`` converter itself matches only ids within the database's integers,
  so ``/files/2147483648/x.pdf`` is simply not found;
- a query string longer than any page of the portal writes.

Values a page could make sense of but must refuse (an amount of NaN, a date in 1066, a novel in
a notes field) are for the forms and models: forms.limits and portal.models.limits.
"""
import re

from flask import request
from flask_babel import gettext
from werkzeug.routing import IntegerConverter

from portal.errors import http_error
from portal.services.inputs import DB_INT_MAX, parse_int

MAX_QUERY_STRING = 8 * 1024
# Arguments that count things from 0: pages, sizes, offsets.
COUNTING_ARGS = frozenset({"page", "page_size", "per_page", "offset", "limit"})
# Other arguments the portal reads as integers (besides ids: "id", "…_id").
INTEGER_ARGS = COUNTING_ARGS | {"sort", "desc", "street", "committee", "office", "room", "kind", "year", "from", "to"}
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` in a route matches only numbers the database's integers can hold."""

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _id_like(name):
    # "parties-0-id": the key of a row edited inline.
    return name in ("id", "rowid") or name.endswith(("_id", "-id"))


def _refuse_nul():
    raise http_error(400, gettext("The address or the form contains characters that are not allowed."))


def _no_such_record():
    raise http_error(404, gettext("There is no such record."))


def _out_of_range():
    raise http_error(400, gettext("A number in the address is outside the allowed range."))


# Where the query and form checks apply: the staff screens, signing in, the language switch.
GUARDED_PATHS = ("/admin", "/auth", "/locale")


def check_request():
    if "\x00" in request.path:
        _refuse_nul()
    if len(request.query_string) > MAX_QUERY_STRING:
        raise http_error(414, gettext("The address is too long."))
    if request.path.startswith(GUARDED_PATHS):
        check_arguments()


def check_arguments():
    if b"%00" in request.query_string.lower():
        _refuse_nul()
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            _refuse_nul()
        if not (_id_like(name) or name in INTEGER_ARGS) or not _INTEGER.match(value):
            continue
        low = 0 if name in COUNTING_ARGS else -DB_INT_MAX
        if parse_int(value, low=low) is None:
            _no_such_record() if _id_like(name) else _out_of_range()
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in request.form.items(multi=True):
            if "\x00" in name:
                _refuse_nul()
            if _id_like(name) and _INTEGER.match(value) and parse_int(value) is None:
                _no_such_record()


def init_app(app):
    # First of the hooks (after the public forms' size limit, which must come before any read of
    # the body): nothing else, CSRF protection included, reads a hostile request before it.
    hooks = app.before_request_funcs.setdefault(None, [])
    position = 1 if hooks and getattr(hooks[0], "__name__", "") == "limit_form_size" else 0
    hooks.insert(position, check_request)


def install_converters(app):
    """Before any route is added: routes bind their converters when they are registered."""
    app.url_map.converters["int"] = BoundedIntegerConverter
