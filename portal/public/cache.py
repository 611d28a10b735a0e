"""The public site's and the content API's answers, cached (Flask-Caching).

Only what any visitor would get is kept: GET requests of the published pages and the API, from
visitors who are not signed in and have no message waiting, answered 200 without touching their
session. Each answer is kept per address and language; a change to content, a contact point or a
record they show (a committee, an office, a facility…) is committed → every kept answer is
dropped at once. Scheduled entries appear and go within PORTAL_CACHE_TIMEOUT seconds.

The cache is in the process by default; with PORTAL_CACHE_URL (redis://…) the hosts share one,
so a change made on one host is seen by all. With the in-process cache, the workers of one host
learn of a change from a stamp file in the instance folder (one stat per request).
Kept answers carry an ETag, so conditional requests get their 304 from the cache too.
"""
import hashlib
import os

from flask import Response, current_app, g, request, session
from sqlalchemy import event

from portal.extensions import cache, db

CACHED_ENDPOINTS = frozenset({
    "public.home", "public.content_index", "public.entry", "public.contact_points", "public.sitemap",
    "public.robots",
})
CACHED_BLUEPRINTS = frozenset({"api"})
KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Language", "Vary")
GENERATION_KEY = "public:generation"
CHANGED_FLAG = "public_content_changed"
NEVER = "never"


def init_app(app):
    url = app.config.get("PORTAL_CACHE_URL")
    settings = {"CACHE_DEFAULT_TIMEOUT": app.config.get("PORTAL_CACHE_TIMEOUT", 60), "CACHE_KEY_PREFIX": "portal:"}
    if url:
        settings.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=url)
    else:
        settings.update(CACHE_TYPE=app.config.get("PORTAL_CACHE_TYPE", "SimpleCache"), CACHE_THRESHOLD=2000)
    cache.init_app(app, config=settings)
    app.before_request(serve_from_cache)
    app.after_request(keep_in_cache)
    for name, hook in (("after_flush", _note_changes), ("after_commit", _after_commit),
                       ("after_rollback", _forget_changes)):
        if not event.contains(db.session, name, hook):
            event.listen(db.session, name, hook)


# --- what may be kept --------------------------------------------------------------------------------

def _cacheable_request():
    if request.method not in ("GET", "HEAD") or not current_app.config.get("PORTAL_CACHE_ENABLED", True):
        return False
    if request.endpoint not in CACHED_ENDPOINTS and request.blueprint not in CACHED_BLUEPRINTS:
        return False
    # Signed in, or a message waiting: the page is that person's, never kept nor served from the cache.
    if "_user_id" in session or "_flashes" in session:
        return False
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies


def _key():
    from portal.i18n import current_locale_code, from_accept_language

    languages = f"{current_locale_code()}|{from_accept_language(request.accept_languages) or ''}"
    return f"public:{_current_generation()}:{languages}:{request.full_path}"


def _current_generation():
    """The generation of kept answers, renewed when a scheduled entry's time has come (its
    appearing or going changes pages nobody saved): the next such time is kept per generation."""
    from portal import timeutil
    from portal.services.content import next_scheduled_change

    generation = _generation()
    boundary_key = f"public:next-change:{generation}"
    boundary = cache.get(boundary_key)
    if boundary is None:
        boundary = next_scheduled_change() or NEVER
        cache.set(boundary_key, boundary)
    if boundary != NEVER and timeutil.now() >= boundary:
        invalidate()
        generation = _generation()
    return generation


# --- serving and keeping -------------------------------------------------------------------------------

def serve_from_cache():
    if not _cacheable_request():
        return None
    g.public_cache_key = _key()
    kept = cache.get(g.public_cache_key)
    if kept is None:
        return None
    g.public_cache_hit = True
    body, headers = kept
    response = Response(body, status=200, headers=headers)
    return response.make_conditional(request)


def keep_in_cache(response):
    key = g.get("public_cache_key")
    if key is None or g.get("public_cache_hit"):
        return response
    if response.status_code != 200 or response.is_streamed or response.direct_passthrough or session.modified:
        return response
    if "ETag" not in response.headers:
        response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:40])
        response.make_conditional(request)
        if response.status_code != 200:
            return response
    headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    cache.set(key, (response.get_data(), headers))
    return response


# --- dropping everything kept when public content changes ------------------------------------------------

def _public_models():
    from portal.models import Committee, Community, Facility, FacilityKind, JudgeLiaisonPoint, JudicialOffice, Street
    from portal.models import content

    models = {Committee, Community, Facility, FacilityKind, JudgeLiaisonPoint, JudicialOffice, Street}
    models.update(cls for cls in vars(content).values() if isinstance(cls, type) and hasattr(cls, "__tablename__"))
    return tuple(models)


def _note_changes(session, flush_context):
    if session.info.get(CHANGED_FLAG):
        return
    public = _public_models()
    if any(isinstance(obj, public) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[CHANGED_FLAG] = True


def _after_commit(session):
    if session.info.pop(CHANGED_FLAG, False):
        invalidate()


def _forget_changes(session):
    session.info.pop(CHANGED_FLAG, None)


def invalidate():
    """Drop every kept answer: a new generation (shared in Redis; the stamp file for the workers
    of this host), so old keys are never read again and expire."""
    if current_app.config.get("PORTAL_CACHE_URL"):
        cache.cache.inc(GENERATION_KEY)  # atomic in Redis
    else:
        cache.clear()
    stamp = _stamp_path()
    try:
        os.makedirs(os.path.dirname(stamp), exist_ok=True)
        # One byte more each time: two changes within the file system's clock tick still differ.
        with open(stamp, "ab") as file:
            if file.tell() > 4096:
                file.truncate(0)
            file.write(b".")
    except OSError:  # a read-only instance folder: the timeout still bounds how old an answer gets
        current_app.logger.warning("could not touch the public cache stamp %s", stamp)


def _generation():
    if current_app.config.get("PORTAL_CACHE_URL"):
        return cache.get(GENERATION_KEY) or 0
    try:
        stamp = os.stat(_stamp_path())
    except OSError:
        return 0
    return f"{stamp.st_mtime_ns}.{stamp.st_size}"


def _stamp_path():
    return os.path.join(current_app.instance_path, "public-cache.stamp")
