"""Every admin screen opens for the district office, in every locale."""
import pytest

from tests.helpers import text_of

ENDPOINTS = [
    "districts", "streets", "communities", "grids", "judicial_offices", "committees", "partner_bodies",
    "liaison_points", "mediators", "mediator_names", "cases", "training_sessions", "facilities",
    "dispute_types", "case_sources", "training_kinds", "facility_kinds", "equipment_kinds",
    "political_statuses", "education_levels", "ethnicities", "mediator_grades", "partner_kinds",
    "users", "audit_log", "screening_leads", "screening_rounds", "prevention_records", "grid_reporters",
    "screening_themes",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_and_create_pages_open(client, login_as, two_streets, endpoint):
    login_as("admin")
    response = client.get(f"/admin/{endpoint}/")
    assert response.status_code == 200, text_of(response)[:2000]
    if endpoint not in ("audit_log", "mediator_names"):
        response = client.get(f"/admin/{endpoint}/new/")
        assert response.status_code == 200, text_of(response)[:3000]
    for kind in ("csv", "xlsx"):
        response = client.get(f"/admin/{endpoint}/export/{kind}/")
        assert response.status_code == 200, text_of(response)[:2000]


def test_dashboard(client, login_as, two_streets):
    login_as("admin")
    response = client.get("/admin/")
    assert response.status_code == 200
