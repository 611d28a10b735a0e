"""HTTP details of the API: conditional responses (ETag, Last-Modified, 304) and CORS."""
import hashlib
import json

from flask import Response, current_app, request

from portal import timeutil

CORS_ALLOWED_HEADERS = "Accept-Language, If-None-Match, If-Modified-Since"


def json_response(document, *, last_modified=None):
    """``document`` as JSON with a strong ETag of its bytes; 304 when the client has it already.

    The ETag is computed from the body, so it changes whenever anything in the answer changes
    (including an entry appearing or disappearing at its scheduled time); Last-Modified is given
    only where the rows of the answer date it by themselves (see portal.api).
    """
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:40])
    if last_modified is not None:
        response.last_modified = timeutil.to_utc(last_modified)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config.get("PORTAL_API_MAX_AGE", 60)
    response.vary.add("Accept-Language")
    return response.make_conditional(request)


def cors_origins():
    """Origins allowed to read the API from a browser (PORTAL_API_CORS_ORIGINS; "*" for any)."""
    value = current_app.config.get("PORTAL_API_CORS_ORIGINS") or ()
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",")]
    return {item.rstrip("/") for item in value if item}


def add_cors_headers(response):
    if not request.path.startswith("/api/"):
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    allowed = cors_origins()
    if not origin or not (origin.rstrip("/") in allowed or "*" in allowed):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def newest(*stamps):
    """The latest of ``stamps`` that are not None (None when all are)."""
    present = [s for s in stamps if s is not None]
    return max(present) if present else None
