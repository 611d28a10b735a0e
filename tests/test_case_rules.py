"""The state machine's table, written out here independently of the code: every move it allows
and every one it refuses (the HTTP tests take each path; this covers every combination)."""
import pytest

from portal.models import CaseStatus, Transition
from portal.services import cases as lifecycle

ALLOWED = {
    ("registered", "accept"), ("registered", "refuse"), ("registered", "transfer"),
    ("accepted", "start_mediation"), ("accepted", "fail"), ("accepted", "escalate"), ("accepted", "transfer"),
    ("in_mediation", "settle"), ("in_mediation", "fail"), ("in_mediation", "escalate"), ("in_mediation", "transfer"),
    ("escalated", "start_mediation"), ("escalated", "escalate"), ("escalated", "transfer"),
    ("settled", "archive"), ("failed", "archive"), ("refused", "archive"), ("transferred", "archive"),
    # The applicant withdraws: before or after acceptance, while the case is still being handled.
    ("registered", "withdraw"), ("accepted", "withdraw"), ("in_mediation", "withdraw"), ("escalated", "withdraw"),
    ("withdrawn", "archive"),
}


class FakeCase:
    def __init__(self, status):
        self.status = status


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("transition", list(Transition))
def test_every_move_is_allowed_or_refused_as_the_table_says(app, status, transition):
    case = FakeCase(status)
    with app.test_request_context():
        if (status.value, transition.value) in ALLOWED:
            assert lifecycle.check_transition(case, transition) == lifecycle.RULES[transition][1]
        else:
            with pytest.raises(lifecycle.CaseRuleError) as refused:
                lifecycle.check_transition(case, transition)
            assert str(transition.label) in str(refused.value)

