"""The OpenAPI 3.1 document of the content API, served at /api/v1/openapi.json.

tests/test_content_api.py validates the document itself and every real response of the suite
against it, so a change to a response shape must be made here too.
"""
from flask import url_for

from portal.models.content import CONTENT_LOCALES, ContactKind, FieldKind


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema):
    return {"oneOf": [schema, {"type": "null"}]}


def _object(properties, required=None):
    return {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
        "additionalProperties": False,
    }


STRING = {"type": "string"}
TIMESTAMP = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}

SCHEMAS = {
    "Locale": {"type": "string", "enum": list(CONTENT_LOCALES)},
    "Error": _object({
        "error": _object({"code": STRING, "message": STRING, "parameter": STRING}, required=["code", "message"]),
    }),
    "Index": _object({"types": URL, "contacts": URL, "streets": URL, "openapi": URL}),
    "Field": _object({
        "key": STRING,
        "kind": {"type": "string", "enum": [k.value for k in FieldKind]},
        "label": STRING,
        "required": {"type": "boolean"},
        "target": _nullable({"type": "string", "enum": [k.value for k in ContactKind]}),
    }),
    "ContentType": _object({
        "key": STRING,
        "name": STRING,
        "names": _object({code: STRING for code in CONTENT_LOCALES}),
        "fields": {"type": "array", "items": _ref("Field")},
        "entries_url": URL,
    }),
    "ContentTypeList": _object({"items": {"type": "array", "items": _ref("ContentType")}, "locale": _ref("Locale")}),
    "Step": _object({"title": STRING, "description": STRING}),
    "File": _object({"name": STRING, "mime": STRING, "size": {"type": "integer", "minimum": 0}, "url": URL}),
    "Street": _object({"code": STRING, "name": STRING}),
    "ContactPoint": _object({
        "id": STRING,
        "kind": {"type": "string", "enum": [k.value for k in ContactKind]},
        "kind_label": STRING,
        "name": STRING,
        "level": _nullable(STRING),
        "street": _nullable(_ref("Street")),
        "community": _nullable(STRING),
        "address": STRING,
        "phone": STRING,
        "opening_hours": STRING,
        "judge": _nullable({"type": "string", "description": "The liaison judge, for a judge liaison point."}),
    }),
    "FieldValue": {
        "description": "Text (short, long, or sanitised HTML for rich text; an ISO date for dates), "
                       "steps, a file, a contact point, or null when empty.",
        "oneOf": [
            {"type": "null"},
            STRING,
            {"type": "array", "items": _ref("Step")},
            _ref("File"),
            _ref("ContactPoint"),
        ],
    },
    "Entry": _object({
        "type": STRING,
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
        "locale": _ref("Locale"),
        "requested_locale": _ref("Locale"),
        "derived": {"type": "boolean", "description": "The text was converted from the other Chinese script."},
        "title": STRING,
        "published_at": _nullable(TIMESTAMP),
        "updated_at": TIMESTAMP,
        "url": URL,
        "fields": {"type": "object", "additionalProperties": _ref("FieldValue")},
    }),
    "EntryPage": _object({
        "items": {"type": "array", "items": _ref("Entry")},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
        "total": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 1},
        "locale": _ref("Locale"),
    }),
    "ContactPage": _object({
        "items": {"type": "array", "items": _ref("ContactPoint")},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
        "total": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 1},
        "locale": _ref("Locale"),
    }),
    "Community": _object({"code": STRING, "name": STRING}),
    "StreetWithCommunities": _object({"code": STRING, "name": STRING,
                                      "communities": {"type": "array", "items": _ref("Community")}}),
    "StreetList": _object({"items": {"type": "array", "items": _ref("StreetWithCommunities")}}),
}

PARAMETERS = {
    "locale": {
        "name": "locale", "in": "query", "required": False, "schema": _ref("Locale"),
        "description": "Language of the answer. An entry not written in it comes in the nearest language "
                       "it has (see `locale` in the entry). Without it, Accept-Language decides.",
    },
    "page": {"name": "page", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}},
    "per_page": {"name": "per_page", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
    "q": {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 50},
          "description": "Search in titles (entries) or names (contact points)."},
    "type_key": {"name": "type_key", "in": "path", "required": True, "schema": STRING},
    "slug": {"name": "slug", "in": "path", "required": True, "schema": STRING},
    "kind": {"name": "kind", "in": "query", "required": False,
             "schema": {"type": "string", "enum": [k.value for k in ContactKind]}},
    "street": {"name": "street", "in": "query", "required": False, "schema": STRING,
               "description": "Street code (see /streets)."},
    "community": {"name": "community", "in": "query", "required": False, "schema": STRING,
                  "description": "Community code (see /streets): the community's own points and those serving "
                                 "its whole street. Needs `street`."},
}

HEADERS = {
    "ETag": {"schema": STRING, "description": "Send it back in If-None-Match to get 304 when nothing changed."},
    "X-Request-ID": {"schema": STRING, "description": "This request's id in the portal's logs (every answer has one)."},
}
DATED_HEADERS = {
    **HEADERS,
    "Last-Modified": {
        "schema": STRING,
        "description": "When the type or entry last changed; send it back in If-Modified-Since. Not sent for an "
                       "entry that links a contact point (use the ETag).",
    },
}


def _param(*names):
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _get(summary, schema, params=(), errors=(400,), dated=False):
    """A GET operation; ``dated`` ones also send Last-Modified (lists cannot date a row that left them)."""
    responses = {
        "200": {
            "description": "OK",
            "headers": DATED_HEADERS if dated else HEADERS,
            "content": {"application/json": {"schema": _ref(schema)}},
        },
        "304": {"description": "Not modified since the ETag (or date) the client sent."},
    }
    for status in errors:
        responses[str(status)] = {"$ref": f"#/components/responses/{'NotFound' if status == 404 else 'BadRequest'}"}
    return {"get": {"summary": summary, "parameters": _param(*params), "responses": responses}}


PATHS = {
    "/": _get("Links to the collections", "Index", errors=()),
    "/types": _get("Public content types and their fields", "ContentTypeList", ["locale"]),
    "/types/{type_key}": _get("One content type", "ContentType", ["type_key", "locale"], errors=(400, 404),
                              dated=True),
    "/types/{type_key}/entries": _get(
        "Published entries of a type, newest first within their set order", "EntryPage",
        ["type_key", "locale", "page", "per_page", "q"], errors=(400, 404),
    ),
    "/types/{type_key}/entries/{slug}": _get(
        "One published entry by its address", "Entry", ["type_key", "slug", "locale"], errors=(400, 404), dated=True,
    ),
    "/contacts": _get(
        "Public contact points: offices, committees, liaison points, consultation rooms, talk points",
        "ContactPage", ["locale", "page", "per_page", "q", "kind", "street", "community"],
    ),
    "/streets": _get("Streets, for filtering contact points", "StreetList", errors=()),
}


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dispute resolution portal: public content API",
            "version": "1.0.0",
            "description": "Read-only public data: procedures, rules, notices, questions and answers, and contact "
                           "points, in Simplified Chinese, Traditional Chinese and English. Errors are JSON "
                           "objects with a stable code and a translated message.",
        },
        "servers": [{"url": url_for("api.index", _external=True).rstrip("/")}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "responses": {
                "BadRequest": {"description": "A parameter is invalid (for example an unsupported locale).",
                               "content": {"application/json": {"schema": _ref("Error")}}},
                "NotFound": {"description": "No such public type or published entry.",
                             "content": {"application/json": {"schema": _ref("Error")}}},
            },
        },
    }
