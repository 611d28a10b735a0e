"""Three in place per office, the equipment inventory, office funds: over HTTP, with exports."""
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.models import OfficeFunding
from tests.fixtures.training import this_year
from tests.helpers import assert_redirect, get_form, page_errors, text_of


@pytest.fixture
def equipped(two_streets, make_facility, make_equipment, make_funds):
    """East has everything but a vehicle (its car is out of order); west has only an office with a phone."""
    east_office, west_office = two_streets["east_office"].id, two_streets["west_office"].id
    office = make_facility(office_id=east_office, name="东华司法所办公室", kind_code="office")
    room = make_facility(office_id=east_office, name="东华调解室", kind_code="mediation_room")
    for kind, n in (("computer", 3), ("phone", 2), ("archive_cabinet", 4), ("notice_board", 1)):
        make_equipment(office.id, kind, quantity=n)
    make_equipment(room.id, "computer", quantity=1, condition="poor")
    make_equipment(office.id, "vehicle", quantity=1, condition="broken")
    make_funds(east_office, this_year(), amount=Decimal("80000"))
    make_funds(west_office, this_year() - 1, amount=Decimal("30000"))
    west = make_facility(office_id=west_office, name="西城司法所办公室", kind_code="office")
    make_equipment(west.id, "phone", quantity=1)
    return two_streets


def checklist_row(html, office_id):
    match = re.search(rf'<tr data-office="{office_id}">(.*?)</tr>', html, re.S)
    assert match, f"office {office_id} not listed"
    return match.group(1)


def missing_of(html, office_id):
    cell = re.search(r'<td class="missing">(.*?)</td>', checklist_row(html, office_id), re.S).group(1)
    return re.sub(r"<[^>]+>", "", cell).strip()


def test_checklist_shows_what_each_office_is_missing(client, login_as, equipped):
    login_as("admin")
    client.get("/locale/en")
    html = text_of(client.get("/admin/office_checklist/"))
    assert missing_of(html, equipped["east_office"].id) == "Vehicle"
    assert missing_of(html, equipped["west_office"].id) == (
        "Funds、Mediation room、Computer、Archive cabinet、Vehicle、Publicity and notice board"
    )
    # Last year's funds count for last year only.
    html = text_of(client.get(f"/admin/office_checklist/?year={this_year() - 1}"))
    assert "Funds" in missing_of(html, equipped["east_office"].id)
    assert "Funds" not in missing_of(html, equipped["west_office"].id)


def test_adding_what_is_missing_completes_the_checklist(client, in_app, login_as, equipped):
    login_as("staff", street_id=equipped["east"].id)
    client.get("/locale/en")
    form = get_form(client, "/admin/facilities/new/")
    form.fill(name="司法所车库", kind=_kind_id(in_app, "other"), judicial_office=equipped["east_office"].id,
              **{"equipment-0-kind": _equipment_kind_id(in_app, "vehicle"), "equipment-0-quantity": "1",
                 "equipment-0-condition": "good"})
    assert_redirect(form.submit(client))
    html = text_of(client.get("/admin/office_checklist/"))
    assert missing_of(html, equipped["east_office"].id) == "All in place"
    # Staff see their own office only.
    assert f'data-office="{equipped["west_office"].id}"' not in html


def test_only_incomplete_offices_and_export(client, login_as, equipped):
    login_as("admin")
    client.get("/locale/en")
    html = text_of(client.get("/admin/office_checklist/?show=incomplete"))
    assert f'data-office="{equipped["west_office"].id}"' in html
    response = client.get("/admin/office_checklist/export/xlsx/")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Judicial office" and rows[0][-1] == "Missing"
    east = next(r for r in rows if r[0] == "东华司法所")
    assert east[2] == 80000 and east[-1] == "Vehicle"


def test_funds_records_are_validated_and_unique_per_year(client, in_app, login_as, equipped):
    login_as("staff", street_id=equipped["east"].id)
    client.get("/locale/en")
    form = get_form(client, "/admin/office_funds/new/")
    form.fill(judicial_office=equipped["east_office"].id, year=this_year(), amount="1000", source="街道补助")
    response = form.submit(client)
    assert response.status_code == 200
    assert "Another record already has the same" in " ".join(page_errors(response))
    form.fill(year=this_year() + 1, amount="-5")
    response = form.submit(client)
    assert "Number must be at least 0." in " ".join(page_errors(response))
    # Another street's office cannot be chosen.
    form.fill(judicial_office=equipped["west_office"].id, amount="100")
    assert form.submit(client).status_code == 200
    assert in_app(lambda: db.session.query(OfficeFunding).count()) == 2


def test_inventory_by_street_kind_and_condition(client, login_as, equipped):
    login_as("admin")
    client.get("/locale/en")
    html = text_of(client.get("/admin/equipment_inventory/"))
    table = re.search(r'<table[^>]*id="inventory">(.*?)</table>', html, re.S).group(1)
    east_row = re.search(r"东华街道</th>(.*?)</tr>", table, re.S).group(1)
    numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", east_row)]
    # computer 4 (3 good + 1 poor), phone 2, cabinet 4, vehicle 1 (broken, still inventory), board 1, other 0; total 12
    assert numbers == [4, 2, 4, 1, 1, 0, 12]
    html = text_of(client.get("/admin/equipment_inventory/?condition=broken"))
    assert "西城街道" not in re.search(r'<table[^>]*id="inventory">(.*?)</table>', html, re.S).group(1)


def test_inventory_export_has_summary_conditions_and_items(client, login_as, equipped):
    login_as("viewer")
    client.get("/locale/en")
    response = client.get("/admin/equipment_inventory/export/xlsx/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["By street", "By condition", "Items"]
    items = list(book["Items"].iter_rows(values_only=True))
    assert len(items) == 1 + 7
    assert ("东华街道", "东华司法所", "东华司法所办公室", "Office", "Vehicle", 1, "Out of order", None) in items
    totals = list(book["By street"].iter_rows(values_only=True))[-1]
    assert totals[0] == "Total" and totals[-1] == 13


def test_trainers_may_look_but_not_export_facilities(client, login_as, equipped):
    login_as("trainer")
    assert client.get("/admin/office_checklist/").status_code == 200
    assert client.get("/admin/equipment_inventory/").status_code == 200
    assert client.get("/admin/equipment_inventory/export/xlsx/").status_code == 403
    assert client.get("/admin/office_checklist/export/xlsx/").status_code == 403


def test_facility_form_keeps_public_fields_at_hand(client, login_as, equipped):
    login_as("admin")
    client.get("/locale/en")
    page = text_of(client.get("/admin/facilities/new/"))
    assert page.index('name="is_public"') < page.index('name="opening_hours"') < page.index('name="area_m2"')
    assert "Shown on the public site's contact points" in page.replace("&#39;", "'")


def _kind_id(in_app, code):
    from portal.models import FacilityKind
    from tests.fixtures.records import lookup

    return in_app(lambda: lookup(FacilityKind, code).id)


def _equipment_kind_id(in_app, code):
    from portal.models import EquipmentKind
    from tests.fixtures.records import lookup

    return in_app(lambda: lookup(EquipmentKind, code).id)


def test_funds_street_is_derived(in_app, equipped):
    def street():
        return db.session.scalar(select(OfficeFunding.street_id).where(OfficeFunding.judicial_office_id == equipped["east_office"].id))

    assert in_app(street) == equipped["east"].id
