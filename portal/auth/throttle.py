"""Guessing passwords is slowed down and refused, without letting anyone lock an official out.

Failed sign-ins are counted (portal.services.ratelimit, shared by every process):

1. per address first: an address with too many failures (``login``) is refused, whatever account
   it tries, until its window has passed;
2. per account, from anywhere (``login-account``): past the limit every further attempt on the
   account waits a little longer before it is answered (up to ``MAX_DELAY`` seconds), which makes
   guessing slow; a correct password from an address that has not been failing still gets in;
3. per account and address (``login-pair``): an address that keeps failing on an account under
   attack is refused for that account.
"""
import math
import time
from dataclasses import dataclass

from portal.services import ratelimit

STEP_DELAY = 1.0   # seconds added per failure past the account's limit
MAX_DELAY = 5.0


@dataclass
class Verdict:
    refused_for: int | None = None  # seconds until the address may try again
    delay: float = 0.0              # seconds to wait before answering

    @property
    def minutes(self):
        return max(1, math.ceil((self.refused_for or 0) / 60))


def _keys(username):
    name = (username or "").strip().lower()
    address = ratelimit.client_address()
    return {
        "login": ratelimit.client_key(address),
        "login-account": ratelimit.client_key("account:" + name),
        "login-pair": ratelimit.client_key(f"pair:{name}@{address}"),
    }


def assess(username):
    """How to treat a sign-in attempt on ``username`` from this request's address. Flushes."""
    keys = _keys(username)
    wait = ratelimit.blocked("login", keys["login"])
    if wait is not None:
        return Verdict(refused_for=wait)
    limit, _window = ratelimit.limits("login-account")
    past_limit = ratelimit.recent("login-account", keys["login-account"]) - limit + 1
    if past_limit <= 0:
        return Verdict()
    wait = ratelimit.blocked("login-pair", keys["login-pair"])
    if wait is not None:
        return Verdict(refused_for=wait)
    return Verdict(delay=min(MAX_DELAY, STEP_DELAY * past_limit))


def record_failure(username):
    """Count a failed sign-in on ``username`` from this address in every bucket. Flushes."""
    for bucket, key in _keys(username).items():
        ratelimit.record(bucket, key)


def pause(seconds):
    """Wait before answering (a function of its own so tests need not wait)."""
    time.sleep(seconds)
