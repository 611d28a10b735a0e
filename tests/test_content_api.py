"""The content API: answers match the OpenAPI document, caching headers, CORS, locales, errors."""
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from portal import timeutil
from portal.extensions import db
from portal.models import ContentEntry
from portal.services.content import files as content_files
from tests.fixtures.content import PNG

BASE = "/api/v1"


class Contract:
    """Checks real responses against the schema the OpenAPI document gives their path and status."""

    def __init__(self, document):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource("urn:openapi", resource)
        self.checked = set()

    def schema_for(self, template, status):
        responses = self.document["paths"][template]["get"]["responses"]
        spec = responses[str(status)]
        if "$ref" in spec:
            spec = self.document["components"]["responses"][spec["$ref"].rsplit("/", 1)[1]]
        return spec["content"]["application/json"]["schema"]

    def check(self, template, response):
        if response.status_code == 200:
            declared = self.document["paths"][template]["get"]["responses"]["200"]["headers"]
            sent = [name for name in ("ETag", "Last-Modified") if name in response.headers]
            assert "ETag" in sent and set(sent) <= set(declared), f"{template}: sends {sent}, declares {list(declared)}"
        schema = self.schema_for(template, response.status_code)
        validator = Draft202012Validator({"$ref": "urn:openapi" + schema["$ref"]}, registry=self.registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(response.get_json()), key=lambda e: list(e.path))
        assert not errors, f"{template} {response.status_code}: {[e.message for e in errors]}"
        self.checked.add((template, response.status_code))
        return response.get_json()


@pytest.fixture
def contract(client):
    document = client.get(f"{BASE}/openapi.json").get_json()
    return Contract(document)


def test_openapi_document_is_valid(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    validate_spec(response.get_json())


def test_every_answer_matches_the_document(client, contract, content_world):
    east_code = content_world["east"].code
    contract.check("/", client.get(f"{BASE}/"))
    types = contract.check("/types", client.get(f"{BASE}/types?locale=en"))
    assert [t["key"] for t in types["items"]] == ["procedure", "rule", "notice", "faq"]
    contract.check("/types/{type_key}", client.get(f"{BASE}/types/procedure"))

    listing = contract.check("/types/{type_key}/entries", client.get(f"{BASE}/types/faq/entries?per_page=2&page=2"))
    assert (listing["total"], listing["pages"], [e["slug"] for e in listing["items"]]) == (5, 3, ["q3", "q4"])

    procedure = contract.check("/types/{type_key}/entries/{slug}",
                               client.get(f"{BASE}/types/procedure/entries/mediation?locale=zh_Hant_TW"))
    fields = procedure["fields"]
    assert fields["steps"][0]["title"] == "提出申請" and procedure["derived"] is True
    assert fields["attachment"]["mime"] == "image/png" and fields["attachment"]["url"].endswith(".png")
    assert fields["where_to_ask"]["name"] == "东华司法所" and fields["where_to_ask"]["kind"] == "judicial_office"
    rule = contract.check("/types/{type_key}/entries/{slug}", client.get(f"{BASE}/types/rule/entries/discipline"))
    assert rule["fields"]["effective_on"] == "2026-01-01"

    contacts = contract.check("/contacts", client.get(f"{BASE}/contacts?street={east_code}&per_page=50"))
    names = {c["name"] for c in contacts["items"]}
    assert names == {"东华司法所", "东华街道人民调解委员会", "和平社区人民调解委员会", "东华法律咨询室", "东华法官联系点"}
    contract.check("/contacts", client.get(f"{BASE}/contacts?kind=committee&q=和平"))
    contract.check("/streets", client.get(f"{BASE}/streets"))

    for url, template, status in (
        (f"{BASE}/types/nothing", "/types/{type_key}", 404),
        (f"{BASE}/types/faq/entries/secret-draft", "/types/{type_key}/entries/{slug}", 404),
        (f"{BASE}/types/faq/entries?locale=fr", "/types/{type_key}/entries", 400),
        (f"{BASE}/types/faq/entries?page=0", "/types/{type_key}/entries", 400),
        (f"{BASE}/contacts?kind=prison", "/contacts", 400),
        (f"{BASE}/contacts?street=NOPE", "/contacts", 400),
        (f"{BASE}/types?locale=de", "/types", 400),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        contract.check(template, response)
    assert len(contract.checked) >= 10


def backdate(entry_id, seconds=5):
    """Move an entry's, its type's and its fields' change times back: HTTP dates have a one-second
    resolution, so an edit made now must land in a later second than what a client was sent."""
    entry = db.session.get(ContentEntry, entry_id)
    for row in (entry, entry.content_type, *entry.content_type.fields):
        row.updated_at = timeutil.now() - timedelta(seconds=seconds)
    db.session.commit()


def test_unchanged_answers_give_304_and_changes_a_new_etag(client, content_world, app, in_app):
    url = f"{BASE}/types/faq/entries?locale=zh_Hans_CN"
    first = client.get(url)
    etag = first.headers["ETag"]
    # A list is not dated: an entry leaving it (deleted, hidden, past its window) leaves no row to date it by.
    assert "Last-Modified" not in first.headers
    assert first.headers["Cache-Control"].startswith("public")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""

    def edit():
        from portal.services.content import EntryInput, save_entry

        entry = db.session.get(ContentEntry, content_world["faqs"][0].id)
        save_entry(entry.content_type, EntryInput(
            slug=entry.slug, status="published", sort_order=entry.sort_order,
            locales={"zh_Hans_CN": {"title": "改过的问题", "data": {"answer": "<p>新答案</p>"}}},
        ), entry)
        db.session.commit()

    in_app(backdate, content_world["faqs"][0].id)
    changed_etag = client.get(url).headers["ETag"]
    # One entry is dated by its own rows: If-Modified-Since alone gives 304 until it changes.
    entry_url = f"{BASE}/types/faq/entries/{content_world['faqs'][0].slug}?locale=zh_Hans_CN"
    modified = client.get(entry_url).headers["Last-Modified"]
    assert client.get(entry_url, headers={"If-Modified-Since": modified}).status_code == 304
    in_app(edit)
    after = client.get(url, headers={"If-None-Match": changed_etag})
    assert after.status_code == 200 and "改过的问题" in after.get_data(as_text=True)
    assert after.headers["ETag"] != changed_etag
    changed = client.get(entry_url, headers={"If-Modified-Since": modified})
    assert changed.status_code == 200 and changed.headers["Last-Modified"] != modified


def test_entry_linking_a_contact_point_is_not_dated(client, content_world, app, in_app):
    """Its contact point can be hidden or deleted without a row left to date that by: ETag only."""
    linked = client.get(content_world["procedure"].api_url)
    assert linked.get_json()["fields"]["where_to_ask"]["name"] == "东华司法所"
    assert "Last-Modified" not in linked.headers and linked.headers["ETag"]
    assert "Last-Modified" in client.get(content_world["rule"].api_url).headers


def test_removing_a_field_in_the_type_screen_dates_the_type_anew(client, content_world, login_as, in_app):
    from portal.models import ContentType
    from tests.helpers import assert_redirect, get_form

    rule_id = in_app(lambda: db.session.scalar(db.select(ContentType.id).where(ContentType.key == "rule")))
    in_app(backdate, content_world["rule"].id)
    url = f"{BASE}/types/rule"
    before = client.get(url)
    modified = before.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    login_as("admin")
    form = get_form(client, f"/admin/content_types/edit/?id={rule_id}")
    removed = form.get("fields-0-key")
    form.set("del-fields-0", "y")
    assert_redirect(form.submit(client))
    after = client.get(url, headers={"If-Modified-Since": modified})
    assert after.status_code == 200 and removed not in [f["key"] for f in after.get_json()["fields"]]
    assert after.headers["Last-Modified"] != modified


def test_scheduled_entry_changes_the_answer_without_a_save(client, make_entry, clock):
    now = clock(timeutil.now().replace(microsecond=0))
    make_entry("notice", slug="later", title="稍后发布", publish_at=now + timedelta(hours=1))
    url = f"{BASE}/types/notice/entries"
    before = client.get(url)
    assert before.get_json()["total"] == 0
    clock(now + timedelta(hours=2))
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"],
                                     "If-Modified-Since": before.headers.get("Last-Modified", "")})
    assert after.status_code == 200 and after.get_json()["total"] == 1


def test_cors_only_for_configured_origins(client, app, monkeypatch, content_world):
    url = f"{BASE}/types"
    assert "Access-Control-Allow-Origin" not in client.get(url, headers={"Origin": "https://site.example"}).headers

    monkeypatch.setitem(app.config, "PORTAL_API_CORS_ORIGINS", ["https://site.example"])
    allowed = client.get(url, headers={"Origin": "https://site.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://site.example"
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    assert "Origin" in allowed.headers["Vary"]
    assert "Access-Control-Allow-Origin" not in client.get(url, headers={"Origin": "https://evil.example"}).headers
    preflight = client.options(url, headers={"Origin": "https://site.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]
    # Errors carry the header too, so a browser client can read them.
    missing = client.get(f"{BASE}/types/nothing", headers={"Origin": "https://site.example"})
    assert missing.status_code == 404 and missing.headers["Access-Control-Allow-Origin"] == "https://site.example"

    monkeypatch.setitem(app.config, "PORTAL_API_CORS_ORIGINS", "*")
    assert client.get(url, headers={"Origin": "https://any.example"}).headers["Access-Control-Allow-Origin"] == "*"


def test_locale_parameter_header_and_fallback(client, make_entry):
    make_entry("faq", slug="only-chinese", title="只有中文的问题")
    entry = client.get(f"{BASE}/types/faq/entries/only-chinese?locale=en").get_json()
    assert (entry["locale"], entry["requested_locale"], entry["title"]) == ("zh_Hans_CN", "en", "只有中文的问题")
    entry = client.get(f"{BASE}/types/faq/entries/only-chinese", headers={"Accept-Language": "zh-TW"}).get_json()
    assert (entry["locale"], entry["title"], entry["derived"]) == ("zh_Hant_TW", "只有中文的問題", True)
    types = client.get(f"{BASE}/types?locale=en").get_json()
    faq = next(t for t in types["items"] if t["key"] == "faq")
    assert faq["name"] == "Questions and answers" and faq["fields"][0]["label"] == "Answer"


@pytest.mark.parametrize("url,status,code", [
    ("/types/nothing", 404, "unknown_type"),
    ("/types/Faq", 404, "unknown_type"),
    ("/types/faq/entries/nothing", 404, "unknown_entry"),
    ("/types/faq/entries/%E4%B8%AD%E6%96%87", 404, "unknown_entry"),
    ("/types/faq/entries/" + "a" * 500, 404, "unknown_entry"),
    ("/types/faq/entries?locale=xx", 400, "unsupported_locale"),
    ("/types/faq/entries?page=abc", 400, "invalid_parameter"),
    ("/types/faq/entries?per_page=101", 400, "invalid_parameter"),
    ("/types/faq/entries?q=" + "x" * 51, 400, "invalid_parameter"),
    ("/contacts?street=%00", 400, "unknown_street"),
    ("/nothing/here", 404, "not_found"),
])
def test_errors_are_json_never_500(client, url, status, code):
    response = client.get(BASE + url)
    assert response.status_code == status and response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"]["code"] == code and body["error"]["message"]


def test_error_messages_are_translated(client):
    english = client.get(f"{BASE}/types/nothing?locale=en").get_json()["error"]["message"]
    simplified = client.get(f"{BASE}/types/nothing?locale=zh_Hans_CN").get_json()["error"]["message"]
    traditional = client.get(f"{BASE}/types/nothing", headers={"Accept-Language": "zh-TW"}).get_json()["error"]["message"]
    assert english == "There is no public content type with this key."
    assert simplified == "没有使用该键的公开内容类型。"
    assert traditional == "沒有使用該鍵的公開內容類型。"
    assert client.post(f"{BASE}/types").get_json()["error"]["code"] == "method_not_allowed"


def test_api_never_shows_unpublished_or_private_data(client, content_world, make_entry, app):
    make_entry("notice", slug="ended", title="已过期", unpublish_at=timeutil.now() - timedelta(minutes=1))
    with app.app_context():
        from portal.models import ContentType

        rule_type = db.session.scalar(db.select(ContentType).where(ContentType.key == "rule"))
        rule_type.is_public = False
        db.session.commit()
        db.session.remove()
    everything = "".join(
        client.get(BASE + path).get_data(as_text=True)
        for path in ("/types", "/types/faq/entries?per_page=100", "/types/notice/entries", "/contacts?per_page=100",
                     "/types/procedure/entries/mediation")
    )
    for secret in ("内部草稿", "已过期", "工作纪律", "内部调解小组", "西城谈心处", "东华调解室一", "13911112222", "王所长"):
        assert secret not in everything, secret
    assert client.get(f"{BASE}/types/rule/entries").status_code == 404
    assert client.get(f"{BASE}/types/rule").status_code == 404


def test_files_of_an_entry_are_public_only_while_it_is(client, content_world, app):
    procedure = client.get(f"{BASE}/types/procedure/entries/mediation").get_json()
    file_url = procedure["fields"]["attachment"]["url"].split("localhost", 1)[1]
    assert client.get(file_url).data == PNG
    with app.app_context():
        db.session.get(ContentEntry, content_world["procedure"].id).status = "draft"
        db.session.commit()
        db.session.remove()
    assert client.get(file_url).status_code == 404


def test_upload_helper_rejects_what_the_form_would(app):
    with app.app_context():
        assert content_files.sniff(PNG) == ("image/png", ".png")
        assert content_files.sniff(b"<svg/>") is None
        assert content_files.clean_name("../../etc/passwd.png", ".png") == "passwd.png"
        assert content_files.clean_name("a\x00b.exe", ".pdf") == "ab.pdf"
