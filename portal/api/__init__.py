"""The read-only public content API (/api/v1): content types, published entries, contact points.

For other fronts (the district website, a mini-program, a screen in a service hall). Answers
are JSON described by /api/v1/openapi.json, with an ETag (304 when unchanged), CORS
for the configured origins, and JSON errors with a code and a translated message.
"""
from flask import Blueprint, current_app, request, url_for
from flask_babel import force_locale

from portal.api import serialize
from portal.api.errors import ApiBadRequest, ApiNotFound
from portal.api.http import add_cors_headers, json_response, newest
from portal.api.openapi import openapi_document
from portal.models.content import FieldKind
from portal.services import contacts, content
from portal.services.inputs import clean_term

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 10_000


# --- parameters -----------------------------------------------------------------------------------

def requested_locale():
    """``?locale=`` when given (400 if the portal does not speak it), else from Accept-Language."""
    from portal.i18n import from_accept_language

    supported = current_app.config["PORTAL_LOCALES"]
    asked = request.args.get("locale")
    if asked is None:
        return from_accept_language(request.accept_languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if asked not in supported:
        raise ApiBadRequest("unsupported_locale", "locale")
    return asked


def _int_arg(name, default, low, high):
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiBadRequest("invalid_parameter", name) from None
    if not low <= value <= high:
        raise ApiBadRequest("invalid_parameter", name)
    return value


def paging():
    return _int_arg("page", 1, 1, MAX_PAGE), _int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)


def search_arg():
    value = (request.args.get("q") or "").strip()
    if len(value) > 50:
        raise ApiBadRequest("invalid_parameter", "q")
    return clean_term(value)


def content_type_or_404(type_key):
    found = content.public_type(type_key)
    if found is None:
        raise ApiNotFound("unknown_type")
    return found


# --- freshness ------------------------------------------------------------------------------------
# Every answer carries a strong ETag of its body, which serves 304s exactly. Last-Modified is
# sent only where the rows of the answer date it by themselves: a list changes when a row leaves
# it (deleted, hidden, past its window) without any remaining row saying when, and an entry's
# linked contact point can be hidden or deleted the same way.

def type_changed(content_type):
    """When a type's answer last changed: the type or one of its fields (saving the type through
    its screen marks the type changed, so a removed field counts too)."""
    return newest(content_type.updated_at, *(f.updated_at for f in content_type.fields))


def entry_changed(entry):
    """When an entry's answer last changed, or None when a linked contact point could change it."""
    if any(f.kind == FieldKind.RECORD and (entry.data or {}).get(f.key) is not None for f in entry.content_type.fields):
        return None
    # A scheduled entry's answer begins at its publish time, without a save.
    return newest(entry.updated_at, entry.publish_at, type_changed(entry.content_type))


# --- endpoints ------------------------------------------------------------------------------------

@bp.route("/")
def index():
    document = {
        "types": url_for("api.types", _external=True),
        "contacts": url_for("api.contact_points", _external=True),
        "streets": url_for("api.streets", _external=True),
        "openapi": url_for("api.openapi", _external=True),
    }
    return json_response(document)


@bp.route("/types")
def types():
    locale = requested_locale()
    items = [serialize.type_json(t, locale) for t in content.public_types()]
    return json_response({"items": items, "locale": locale})


@bp.route("/types/<type_key>")
def content_type(type_key):
    locale = requested_locale()
    found = content_type_or_404(type_key)
    return json_response(serialize.type_json(found, locale), last_modified=type_changed(found))


@bp.route("/types/<type_key>/entries")
def entries(type_key):
    locale = requested_locale()
    found = content_type_or_404(type_key)
    page, per_page = paging()
    items, total = content.visible_entries(found, search=search_arg(), page=page, per_page=per_page)
    context = serialize.EntryContext(items)
    with force_locale(locale):
        document = serialize.page_json(
            [serialize.entry_json(e, locale, context) for e in items],
            page=page, per_page=per_page, total=total, locale=locale,
        )
    return json_response(document)


@bp.route("/types/<type_key>/entries/<slug>")
def entry(type_key, slug):
    locale = requested_locale()
    found = content_type_or_404(type_key)
    item = content.visible_entry(found, slug)
    if item is None:
        raise ApiNotFound("unknown_entry")
    with force_locale(locale):
        document = serialize.entry_json(item, locale, serialize.EntryContext([item]))
    return json_response(document, last_modified=entry_changed(item))


@bp.route("/contacts")
def contact_points():
    locale = requested_locale()
    page, per_page = paging()
    kind = request.args.get("kind")
    if kind and contacts.parse_kind(kind) is None:
        raise ApiBadRequest("invalid_parameter", "kind")
    street_code = request.args.get("street")
    street = contacts.street_by_code(street_code) if street_code else None
    if street_code and street is None:
        raise ApiBadRequest("unknown_street", "street")
    community_code = request.args.get("community")
    community = contacts.community_by_code(community_code, street) if community_code else None
    if community_code and community is None:
        raise ApiBadRequest("unknown_community", "community")
    points, total = contacts.search_contacts(
        street_id=street.id if street else None, kind=contacts.parse_kind(kind), search=search_arg(),
        page=page, per_page=per_page, community=community,
    )
    with force_locale(locale):
        document = serialize.page_json(
            [serialize.contact_json(p) for p in points], page=page, per_page=per_page, total=total, locale=locale,
        )
    return json_response(document)


@bp.route("/streets")
def streets():
    rows = contacts.streets_with_communities()
    document = {"items": [{"code": s.code, "name": s.name,
                           "communities": [{"code": c.code, "name": c.name} for c in s.communities]} for s in rows]}
    return json_response(document)


@bp.route("/openapi.json")
def openapi():
    return json_response(openapi_document())


def init_app(app):
    app.register_blueprint(bp)
    app.after_request(add_cors_headers)
