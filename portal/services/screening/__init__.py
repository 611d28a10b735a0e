"""Dispute screening and early warning: the rules behind reporters, rounds, leads and prevention
records, the early-warning board, the figures and the reporters' own page.

- ``leads``: reporting a lead, its deadline, its level, its outcomes (resolved on the spot,
  turned into a case, handed over, closed) and the missed-deadline sweep.
- ``reporters``: which reporter an account is, their grids, their own leads.
- ``rounds``, ``prevention``: what a screening round and a prevention record must satisfy.
- ``photos``: photos sent with a lead (checked by content and size, kept outside static).
- ``board``: open red and orange leads for the early-warning board and the dashboard panels.
- ``figures``: the figures per street and month, in SQL, and what the monthly report takes;
  ``report_figures`` hands those to the monthly reports (registered when the app starts).

Like every service, functions change objects and flush; the request commits.
"""
from flask import has_request_context


class ScreeningRuleError(Exception):
    """Something the screening rules refuse; ``str()`` gives the translated reason."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self):
        params = {key: _text(value) for key, value in self.params.items()}
        return str(self.message) % params if params else str(self.message)


def _text(value):
    from datetime import date, datetime

    if isinstance(value, (date, datetime)):
        from portal.i18n import format_value

        return format_value(value) if has_request_context() else value.isoformat(sep=" ")
    return str(value)
