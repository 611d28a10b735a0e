"""The kinds of records that can be imported, in the order the import page lists them.

Adding a kind: a module here with a Kind subclass (model, area, columns, natural key), listed
below. Nothing else changes: the engine, the template, the pages and the access checks follow.
"""
from portal.services.imports.kinds.attendance import AttendanceImport
from portal.services.imports.kinds.cases import CaseImport
from portal.services.imports.kinds.committees import CommitteeImport
from portal.services.imports.kinds.grids import GridImport
from portal.services.imports.kinds.mediators import MediatorImport
from portal.services.imports.kinds.partners import LiaisonPointImport, PartnerBodyImport
from portal.services.imports.kinds.reporters import ReporterImport

KINDS = {kind.key: kind for kind in (
    CommitteeImport(), MediatorImport(), CaseImport(), AttendanceImport(), GridImport(),
    ReporterImport(), PartnerBodyImport(), LiaisonPointImport(),
)}


def get(key):
    return KINDS.get(key)


def permitted(user):
    """The kinds ``user`` may import, in order."""
    return [kind for kind in KINDS.values() if kind.permitted(user)]
