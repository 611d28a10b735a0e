"""Demo data for ``portal seed-demo``: a believable district, drawn from the seed plan.

The foundation loads geography, offices, committees, mediators, cases, facilities and training;
each area then adds its own (``AREA_LOADERS``). Everything is derived from one random seed, so
two runs give the same district.
"""
import random
from importlib import import_module

from sqlalchemy import func, select

from portal.demo import foundation
from portal.demo.context import DemoContext
from portal.extensions import db
from portal.models import Street, User

DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = tuple((name, str(role), description) for name, role, _street, description in foundation.DEMO_USERS)
SEED = 2026

# Each area's demo module, run in this order after the foundation: "module" with load(ctx).
AREA_LOADERS = ("portal.demo.cases", "portal.demo.training", "portal.demo.public", "portal.demo.screening",
                "portal.demo.statistics", "portal.demo.inspections")


def database_is_empty():
    """True when no street and no account exists (reference lookups don't count)."""
    return not db.session.scalar(select(func.count()).select_from(Street)) and not db.session.scalar(
        select(func.count()).select_from(User)
    )


def load_demo_data():
    from portal.services.actor import acting_as

    ctx = DemoContext(rng=random.Random(SEED))
    with acting_as(None):
        counts = foundation.load(ctx, DEMO_PASSWORD)
        for module_name in AREA_LOADERS:
            # Loaders count what they added: an area adding to a kind the foundation made adds up.
            for kind, number in (import_module(module_name).load(ctx) or {}).items():
                counts[kind] = counts.get(kind, 0) + number
    return counts
