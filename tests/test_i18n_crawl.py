"""Chinese pages say nothing in English and show no technical fields, read by a crawler over
every staff screen: its list, a record's details page with the record's history, its CSV
export, and the change history's entries.

The walkthrough found "Created By Id", "Updated By Id" on a liaison point's page, "phone hash"
and "zh_Hans_CN" on an online application's, and "stored name" and "sha256" in a case's history.
"""
import csv
import io
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, JudgeLiaisonPoint
from tests.fixtures.accounts import saved
from tests.fixtures.cases import PDF
from tests.helpers import assert_redirect, get_form, listed_ids, text_of
from tests.test_applications import application_form
from tests.test_i18n_pages import english_words, usernames

TECHNICAL = ("_id", "hash", "sha256", "stored_name", "zh_Hans", "zh_Hant", "created_by", "updated_by")


@pytest.fixture
def busy_district(client, app, network, case_in, case_page, login_as, auth, in_app, make_training, make_attendance,
                  make_booking):
    """A record of most kinds, each with some history: an online application and the case it made,
    a case taken to settlement with a meeting and a scanned document, a liaison point, training."""
    application_form(client, in_app, network["community"].id).submit(client)
    login_as("admin")
    case = case_in(network["community_committee"])
    page = case_page(case.id)
    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    assert_redirect(form.set("mediators", [network["mediator"].id]).submit(client))
    assert_redirect(page.step("accept"))
    assert_redirect(page.step("start_mediation"))
    assert_redirect(page.add_meeting(facility=network["room"].id, location_text=""))
    assert_redirect(page.step("settle", kind="written", terms="赔偿维修费三千元。"))
    assert page.upload("identity", PDF, filename="身份证明.pdf", title="申请人身份证明").status_code == 302
    saved(app, lambda: JudgeLiaisonPoint(name="和平法官联系点", street_id=network["street"].id, judge_name="陈立新",
                                         court_id=network["court"].id, opening_hours="每周三 14:30—17:00"))
    session = make_training(office_id=network["office"].id, title="业务培训")
    make_attendance(session.id, network["mediator"].id)
    make_booking(network["room"].id, __import__("datetime").datetime(2026, 12, 1, 9))
    return network


# Words in Latin letters that are no interface text: file extensions, format names in upload
# hints, and the initials a name search takes ("zs" finds 张三).
LATIN_DATA = {"pdf", "Word", "Excel", "PowerPoint", "zs"}


def entered_in_latin(app):
    """What people entered in Latin letters: reference data codes and English names, content type
    names, tracking codes (data, not interface text)."""
    from portal.models import OnlineApplication
    from portal.models.content import ContentField, ContentType
    from portal.models.lookups import LookupMixin

    texts = []
    with app.app_context():
        for mapper in db.Model.registry.mappers:
            model = mapper.class_
            if isinstance(model, type) and issubclass(model, LookupMixin):
                texts += [text for row in db.session.execute(select(model.code, model.name_en)) for text in row]
        texts += [text for row in db.session.execute(select(ContentType.key, ContentType.name_en)) for text in row]
        texts += list(db.session.scalars(select(ContentField.label_en)))
        texts += list(db.session.scalars(select(OnlineApplication.tracking_code)))
        db.session.remove()
    words = {word for text in texts if text for word in re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]{2,})*", text)}
    words |= {part for word in words for part in re.findall(r"[A-Za-z]{2,}", word)}
    codes = {f"{code[:5]}-{code[5:]}" for code in texts if code and code.isupper()}  # as the applicant reads it
    codes |= {part for code in codes for part in re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]{2,})*", code)}
    return words | codes | LATIN_DATA


def csv_words(text, data_words):
    found = []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            found += [w for w in re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]{2,})*", cell)
                      if w not in data_words and w not in {"ID", "PDF", "CSV", "XLSX", "KB", "MB", "X"}]
    return found


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW"])
def test_every_screen_details_history_and_export_speak_chinese(client, app, busy_district, locale):
    client.get(f"/locale/{locale}")
    data_words = usernames(app) | entered_in_latin(app)
    admin = app.extensions["portal_admin"]
    problems, details_seen, exports_seen = {}, 0, 0
    for view in admin._views:
        endpoint = getattr(view, "endpoint", None)
        if endpoint in (None, "admin"):
            continue
        listing = client.get(f"/admin/{endpoint}/")
        if listing.status_code != 200:
            continue
        words = english_words(text_of(listing), data_words)
        if words:
            problems[f"/admin/{endpoint}/"] = words
        if not hasattr(view, "get_one"):
            continue
        for record_id in sorted(listed_ids(listing))[:2]:
            url = f"/admin/{endpoint}/details/?id={record_id}"
            response = client.get(url)
            if response.status_code != 200:
                continue
            details_seen += 1
            html = text_of(response)
            words = english_words(html, data_words) + [t for t in TECHNICAL if t in _visible(html)]
            if words:
                problems[url] = words
        export = client.get(f"/admin/{endpoint}/export/csv/")
        if export.status_code == 200:
            exports_seen += 1
            words = csv_words(export.get_data(as_text=True), data_words)
            if words:
                problems[f"/admin/{endpoint}/export/csv/"] = words

    # Every entry of the change history, as the district office opens it.
    with app.app_context():
        entry_ids = db.session.scalars(select(AuditEntry.id)).all()
        db.session.remove()
    for entry_id in entry_ids:
        url = f"/admin/audit_log/details/?id={entry_id}"
        html = text_of(client.get(url))
        words = english_words(html, data_words) + [t for t in TECHNICAL if t in _visible(html)]
        if words:
            problems[url] = words
    assert details_seen > 15 and exports_seen > 15 and len(entry_ids) > 20
    assert problems == {}


def _visible(html):
    """The page without its markup (technical words in attributes and scripts are no one's reading)."""
    from tests.test_i18n_pages import VisibleText

    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)
