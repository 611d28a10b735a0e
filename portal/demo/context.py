"""What the foundation's demo loader hands to each area's demo module.

Every area that has demo data writes ``portal/demo/<area>.py`` with ``def load(ctx) -> dict``
(returning counts for the summary) and is listed in ``portal.demo.AREA_LOADERS``. Loaders add
objects to ``db.session`` and flush; the CLI commits once at the end.
"""
import random
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    rng: random.Random
    district: object = None
    streets: list = field(default_factory=list)            # Street, the 8 pilot streets first
    communities: list = field(default_factory=list)        # Community
    offices: list = field(default_factory=list)            # JudicialOffice, one per street
    committees: list = field(default_factory=list)         # Committee, every level
    mediators: list = field(default_factory=list)          # Mediator
    cases: list = field(default_factory=list)              # Case
    facilities: list = field(default_factory=list)         # Facility
    partners: list = field(default_factory=list)           # PartnerBody (court first)
    training_sessions: list = field(default_factory=list)  # TrainingSession
    users: dict = field(default_factory=dict)              # username -> User
