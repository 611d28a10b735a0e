"""Dossier spot check: N archived cases of the inspected office drawn at random, and each
dossier checked against the documents it must hold (portal.services.cases.required_documents).

The draw is seeded and recorded: the seed is kept on the inspection, the cases drawn as rows in
the order drawn, so anyone can see which were drawn and repeat the draw from the same archive
(cases archived by the inspection day, in id order).
"""
import random
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseStatus, DossierCheck
from portal.services import cases as lifecycle
from portal.services.inspections import InspectionRuleError

MAX_DRAW = 50
OUTCOMES = ("ok", "missing", "incorrect")
NOTE_MAX = 2000


def archive_ids(inspection):
    """Ids of the cases the office had archived by the inspection day, in id order."""
    return db.session.scalars(
        select(Case.id).where(Case.street_id == inspection.street_id, Case.status == CaseStatus.ARCHIVED,
                              Case.archived_on <= inspection.inspected_on)
        .order_by(Case.id)
    ).all()


def drawn_ids(ids, count, seed):
    """The ``count`` ids drawn by ``seed`` (all of them when there are fewer), in the order drawn."""
    return random.Random(seed).sample(list(ids), min(count, len(ids)))


def draw(inspection, count, *, seed=None):
    """Draw ``count`` dossiers for ``inspection`` and record them; refused when already drawn."""
    if inspection.draw_seed is not None or inspection.dossier_checks:
        raise InspectionRuleError(_l("The dossiers of this inspection were already drawn."))
    if not isinstance(count, int) or not 1 <= count <= MAX_DRAW:
        raise InspectionRuleError(_l("Draw between 1 and %(n)s dossiers."), n=MAX_DRAW)
    ids = archive_ids(inspection)
    if not ids:
        raise InspectionRuleError(_l("The office had no archived case by the inspection day: nothing to draw."))
    seed = secrets.randbelow(2**31 - 1) if seed is None else seed
    inspection.draw_seed = seed
    inspection.drawn_at = timeutil.now()
    for position, case_id in enumerate(drawn_ids(ids, count, seed), start=1):
        inspection.dossier_checks.append(DossierCheck(case_id=case_id, position=position))
    db.session.flush()
    return inspection.dossier_checks


def required_kinds(check):
    """The kinds of paper the drawn case's dossier must hold, in binding order, with what the
    portal has of each (scans and papers it makes)."""
    return [item for item in lifecycle.dossier_checklist(check.case) if item.required]


def record(check, results, note=""):
    """Record what the inspector found for each required paper ("ok", "missing", "incorrect")."""
    kinds = [item.kind.value for item in required_kinds(check)]
    chosen = {}
    for kind in kinds:
        value = results.get(kind)
        if value not in OUTCOMES:
            raise InspectionRuleError(_l("Say for every required document whether it is present and correct."))
        chosen[kind] = value
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InspectionRuleError(_l("A note can be at most %(n)s characters."), n=NOTE_MAX)
    check.results = chosen
    check.complete = all(value == "ok" for value in chosen.values())
    check.note = note
    db.session.flush()
