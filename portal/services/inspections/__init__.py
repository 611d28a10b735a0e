"""Inspections of judicial offices and the annual target assessment.

- ``checklists``: what a checklist template must satisfy (weights summing to 100…).
- ``visits``: an inspection, its findings (one per checklist item), its score, and the
  rectification items its failed findings make.
- ``rectifications``: the office's answer, the district's acceptance or reopening (under a row
  lock, so two people deciding at once get one result), overdue items.
- ``spot_check``: the seeded random draw of archived dossiers and the check of each.
- ``uploads``: photos, scans and evidence kept in the file store.
- ``assessment``: the year's scheme, each office's scorecard from the portal's own figures and
  the scores judged by hand, the ranking, publishing and the final freeze.

Like every service, functions change objects and flush; the request commits.
"""


class InspectionRuleError(Exception):
    """Something the inspection or assessment rules refuse; ``str()`` is the translated reason."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self):
        return str(self.message) % {k: str(v) for k, v in self.params.items()} if self.params else str(self.message)


def lock(model, record_id):
    """The record, read afresh and locked until the transaction ends (PostgreSQL; SQLite serialises
    writers instead): a second person acting on it at the same moment waits, then sees what the
    first one did."""
    from sqlalchemy import select

    from portal.extensions import db

    return db.session.execute(
        select(model).where(model.id == record_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
