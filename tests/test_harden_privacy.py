"""Readers without access to personal data (inspectors) never read a party's name inside a case
title, nor a party's home address given as a meeting's place or an agreement's place of
performance: lists, case page, details, exports and history alike. The office reads them in full."""
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Case, CaseAgreement, CaseParty, MediationSession
from tests.helpers import text_of

TITLE = "张三与李四邻里纠纷"
MASKED = "张*与李*邻里纠纷"
HOME = "和平里1号（张三家中）"


@pytest.fixture
def case_with_records(app, two_streets, make_case):
    case = make_case(two_streets["east_committee"].id, title=TITLE)
    with app.app_context():
        stored = db.session.get(Case, case.id)
        starts = datetime(2026, 11, 20, 9, 0)
        db.session.add_all([
            MediationSession(case=stored, kind="mediation", starts_at=starts, ends_at=starts + timedelta(hours=2),
                             location_text=HOME, recorder="书记员"),
            MediationSession(case=stored, kind="investigation", starts_at=starts + timedelta(days=1),
                             ends_at=starts + timedelta(days=1, hours=1), location_text="和平社区活动室", recorder="书记员"),
            CaseAgreement(case=stored, kind="written", signed_on=stored.received_on, terms="赔偿一千元",
                          performance_place="和平里2号", amount=Decimal("1000"), copies=3),
        ])
        db.session.commit()
        ids = {"case": case.id, "meetings": [s.id for s in stored.sessions], "agreement": stored.agreement.id}
        db.session.remove()
    return ids


def pages(client, ids):
    case = ids["case"]
    return {
        "list": text_of(client.get("/admin/cases/")),
        "case page": text_of(client.get(f"/admin/cases/details/?id={case}&tab=all")),
        "export": text_of(client.get("/admin/cases/export/csv/")),
        "meetings": text_of(client.get("/admin/mediation_sessions/")),
        "meeting": text_of(client.get(f"/admin/mediation_sessions/details/?id={ids['meetings'][0]}")),
        "meetings export": text_of(client.get("/admin/mediation_sessions/export/csv/")),
        "agreement": text_of(client.get(f"/admin/case_agreements/details/?id={ids['agreement']}")),
    }


def test_inspectors_read_titles_and_places_without_the_parties(client, login_as, case_with_records):
    login_as("viewer")
    for name, html in pages(client, case_with_records).items():
        assert "张三" not in html and "李四" not in html, name
        assert "和平里1号" not in html and "和平里2号" not in html, name
    shown = pages(client, case_with_records)
    for name in ("list", "case page", "export"):
        assert MASKED in shown[name], name
    assert "当事人住址" in shown["meetings"] and "当事人住址" in shown["case page"] and "当事人住址" in shown["agreement"]
    # A place that is nobody's home stays readable.
    assert "和平社区活动室" in shown["meetings"]
    # The record pages name their case masked too.
    assert MASKED in shown["meeting"]


def test_the_office_reads_everything_in_full(client, login_as, two_streets, case_with_records):
    login_as("staff", street_id=two_streets["east"].id)
    shown = pages(client, case_with_records)
    assert TITLE in shown["list"] and TITLE in shown["case page"] and TITLE in shown["export"]
    assert HOME in shown["meetings"] and "和平里2号" in shown["agreement"]


def test_a_corrected_name_still_hides_the_old_one_in_the_title(app, client, login_as, case_with_records):
    with app.app_context():
        party = db.session.query(CaseParty).filter_by(case_id=case_with_records["case"], name="张三").one()
        party.name = "张叁"  # the title still says 张三
        db.session.commit()
        db.session.remove()
    login_as("viewer")
    html = text_of(client.get(f"/admin/cases/details/?id={case_with_records['case']}&tab=all"))
    assert "张三" not in html and "张叁" not in html


def test_the_history_masks_titles_and_home_addresses(app, client, login_as, case_with_records):
    with app.app_context():
        stored = db.session.get(Case, case_with_records["case"])
        stored.title = "张三、李四与王五邻里纠纷"
        stored.sessions[0].location_text = "和平里2号"
        db.session.commit()
        db.session.remove()
    login_as("viewer")
    html = text_of(client.get(f"/admin/cases/details/?id={case_with_records['case']}&tab=all"))
    assert "张三" not in html and "李四" not in html and "和平里" not in html.replace("和平社区活动室", "")
