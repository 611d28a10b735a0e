"""A rate limit per client address, shared by every process through the database.

Each attempt is a row in ``rate_limit_hits`` (the address is stored only as a keyed hash);
an attempt is refused when the address already made ``limit`` attempts within the window.
Rows older than the window are removed as new attempts come in, so the table stays small.
"""
import hashlib
import hmac
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select

from portal import timeutil
from portal.extensions import db
from portal.models.applications import RateLimitHit

# bucket -> (attempts, window in seconds); overridden by the PORTAL_RATE_LIMITS setting.
DEFAULT_LIMITS = {
    "apply": (20, 3600),   # a service hall may send many applicants from one address
    "track": (30, 900),
    "login": (20, 900),          # failed sign-ins from one address: then refused
    "login-account": (10, 900),  # failed sign-ins to one account, from anywhere: then slowed down
    "login-pair": (5, 900),      # …and from an address that failed on that account: then refused
}


def limits(bucket):
    configured = current_app.config.get("PORTAL_RATE_LIMITS") or {}
    return tuple(configured.get(bucket, DEFAULT_LIMITS[bucket]))


def client_address():
    """The client's address; behind PORTAL_PROXY_HOPS trusted proxies, the one they forwarded.

    Only the hops the installation declares are trusted: anything further left in
    X-Forwarded-For was written by the client and could be anything.
    """
    hops = int(current_app.config.get("PORTAL_PROXY_HOPS") or 0)
    route = request.access_route if hops else []
    if hops and len(route) >= hops and request.headers.get("X-Forwarded-For"):
        return route[-hops]
    return request.remote_addr or "unknown"


def client_key(address=None):
    """A keyed hash of the client's address: countable, but not the address itself."""
    address = address if address is not None else client_address()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:64]


def attempt(bucket, client=None):
    """Count one attempt; returns seconds to wait when over the limit, else None. Flushes."""
    client = client or client_key()
    wait = blocked(bucket, client)
    if wait is None:
        record(bucket, client)
    return wait


def recent(bucket, client=None):
    """How many attempts ``client`` made against ``bucket`` within its window (older ones are
    removed on the way)."""
    _limit, window = limits(bucket)
    client = client or client_key()
    since = timeutil.now() - timedelta(seconds=window)
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.bucket == bucket, RateLimitHit.at < since))
    attempts = select(RateLimitHit.at).where(
        RateLimitHit.bucket == bucket, RateLimitHit.client == client, RateLimitHit.at >= since
    )
    return db.session.scalar(select(func.count()).select_from(attempts.subquery()))


def blocked(bucket, client=None):
    """Seconds to wait when ``client`` has used up ``bucket``'s attempts, else None; counts nothing."""
    limit, window = limits(bucket)
    client = client or client_key()
    now = timeutil.now()
    since = now - timedelta(seconds=window)
    if recent(bucket, client) < limit:
        return None
    oldest = db.session.scalar(select(func.min(RateLimitHit.at)).where(
        RateLimitHit.bucket == bucket, RateLimitHit.client == client, RateLimitHit.at >= since
    ))
    return max(1, int((oldest + timedelta(seconds=window) - now).total_seconds()))


def record(bucket, client=None):
    """Count one attempt against ``bucket``. Flushes."""
    db.session.add(RateLimitHit(bucket=bucket, client=client or client_key(), at=timeutil.now()))
    db.session.flush()
