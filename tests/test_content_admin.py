"""Content edited in the admin, as the district office does it: generated forms, derived Chinese,
publishing, preview, revisions with diff and revert, files, record links and access."""
import io
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ContentEntry, ContentRevision
from tests.fixtures.content import PNG
from tests.helpers import assert_redirect, csrf_token, form_from_html, get_form, page_errors, text_of

NEW_PROCEDURE = "/admin/content_entries/new/?type=procedure"


def entry_by_slug(slug):
    return db.session.scalar(select(ContentEntry).where(ContentEntry.slug == slug))


def fill_procedure(form, **extra):
    form.fill(**{
        "slug": "water-dispute", "status": "published",
        "zh_Hans_CN__title": "漏水纠纷调解指南",
        "zh_Hans_CN__summary": "楼上漏水怎么办。",
        "zh_Hans_CN__steps-0-title": "联系物业", "zh_Hans_CN__steps-0-description": "先请物业查明漏水原因。",
        "zh_Hans_CN__steps-1-title": "申请调解", "zh_Hans_CN__steps-1-description": "向社区调委会申请调解。",
        "en__title": "Water leaks between flats",
        "en__summary": "What to do about a leak from upstairs.",
        "en__steps-0-title": "Call the management", "en__steps-0-description": "Ask them to find the cause.",
        "en__steps-1-title": "Apply for mediation", "en__steps-1-description": "Apply to the community committee.",
        **extra,
    })
    return form


def test_office_writes_a_procedure_and_it_appears_in_three_locales(client, login_as, in_app):
    login_as("admin")
    chooser = text_of(client.get("/admin/content_entries/new/"))
    assert "?type=procedure" in chooser and "?type=faq" in chooser

    form = fill_procedure(get_form(client, NEW_PROCEDURE))
    assert_redirect(form.submit(client))

    def saved():
        entry = entry_by_slug("water-dispute")
        return {t.locale: (t.title, t.derived, t.data["steps"][0]["title"]) for t in entry.translations}, len(entry.revisions)

    translations, revisions = in_app(saved)
    assert translations == {
        "zh_Hans_CN": ("漏水纠纷调解指南", False, "联系物业"),
        "zh_Hant_TW": ("漏水糾紛調解指南", True, "聯繫物業"),
        "en": ("Water leaks between flats", False, "Call the management"),
    }
    assert revisions == 1

    client.get("/locale/zh_Hant_TW")
    page = text_of(client.get("/content/procedure/water-dispute"))
    assert "漏水糾紛調解指南" in page and "聯繫物業" in page and 'lang="zh-Hant-TW"' in page
    client.get("/locale/en")
    page = text_of(client.get("/content/procedure/water-dispute"))
    assert "Water leaks between flats" in page and "Call the management" in page
    api = client.get("/api/v1/types/procedure/entries/water-dispute?locale=zh_Hant_TW").get_json()
    assert api["title"] == "漏水糾紛調解指南" and api["derived"] is True


def test_edited_traditional_version_is_kept_and_no_longer_derived(client, login_as, make_entry, in_app):
    login_as("admin")
    made = make_entry("faq", slug="fees", title="调解收费吗？", fields={"answer": "<p>不收费。</p>"})
    entry_id = made.id
    form = get_form(client, f"/admin/content_entries/edit/?id={entry_id}")
    assert form.get("zh_Hant_TW-title") == "調解收費嗎？"  # the derived text is shown for review
    form.fill(zh_Hant_TW__title="調解要收費嗎？")
    assert_redirect(form.submit(client))

    # A later change to the Simplified text leaves the hand-written Traditional one alone.
    form = get_form(client, f"/admin/content_entries/edit/?id={entry_id}")
    form.fill(zh_Hans_CN__answer="<p>完全免费。</p>")
    assert_redirect(form.submit(client))

    def translations():
        entry = db.session.get(ContentEntry, entry_id)
        return {t.locale: (t.title, t.derived, t.data.get("answer")) for t in entry.translations}

    assert in_app(translations) == {
        "zh_Hans_CN": ("调解收费吗？", False, "<p>完全免费。</p>"),
        "zh_Hant_TW": ("調解要收費嗎？", False, "<p>不收費。</p>"),
    }


def test_derived_traditional_follows_the_simplified_text_until_edited(client, login_as, make_entry, in_app):
    login_as("admin")
    made = make_entry("faq", slug="time", title="调解要多久？", fields={"answer": "<p>一个月。</p>"})
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    form.fill(zh_Hans_CN__title="调解一般要多久？")
    assert_redirect(form.submit(client))
    hant = in_app(lambda: db.session.get(ContentEntry, made.id).translation("zh_Hant_TW"))
    assert (hant.title, hant.derived) == ("調解一般要多久？", True)


def test_missing_required_fields_and_bad_slug_change_nothing(client, login_as, in_app):
    login_as("admin")
    form = fill_procedure(get_form(client, NEW_PROCEDURE), slug="Bad Slug!", zh_Hans_CN__summary="",
                          **{"zh_Hans_CN__steps-0-title": "", "zh_Hans_CN__steps-0-description": "",
                             "zh_Hans_CN__steps-1-title": "", "zh_Hans_CN__steps-1-description": ""})
    response = form.submit(client)
    assert response.status_code == 200
    errors = " ".join(page_errors(response))
    assert "连字符" in errors and "此项为必填项" in errors
    assert in_app(lambda: db.session.scalar(select(ContentEntry.id).where(ContentEntry.slug.like("%bad%")))) is None

    form = fill_procedure(get_form(client, NEW_PROCEDURE), zh_Hans_CN__title="", zh_Hant_TW__title="")
    response = form.submit(client)
    assert "简体或繁体中文" in " ".join(page_errors(response))


def test_publish_window_out_of_order_is_refused(client, login_as, in_app):
    login_as("admin")
    form = fill_procedure(get_form(client, NEW_PROCEDURE), publish_at="2026-12-10T09:00", unpublish_at="2026-12-01T09:00")
    response = form.submit(client)
    assert response.status_code == 200 and "晚于" in " ".join(page_errors(response))
    assert in_app(lambda: entry_by_slug("water-dispute")) is None


def test_duplicate_slug_is_refused(client, login_as, make_entry):
    login_as("admin")
    make_entry("procedure", slug="water-dispute")
    response = fill_procedure(get_form(client, NEW_PROCEDURE)).submit(client)
    assert response.status_code == 200 and "已被" in " ".join(page_errors(response))


def test_empty_slug_is_made_from_the_title(client, login_as, in_app):
    login_as("admin")
    assert_redirect(fill_procedure(get_form(client, NEW_PROCEDURE), slug="", en__title="").submit(client))
    slugs = in_app(lambda: db.session.scalars(select(ContentEntry.slug).where(ContentEntry.title == "漏水纠纷调解指南")).all())
    assert slugs == ["lou-shui-jiu-fen-tiao-jie-zhi-nan"]


HOSTILE = (
    '<p onclick="steal()">Hello<script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">click</a><img src="x" onerror="alert(3)">'
    '<iframe src="https://evil.example/"></iframe><a href="https://ok.example/">ok</a>'
)


def assert_harmless(text):
    for marker in ("alert(", "steal()", "onclick", "onerror", "javascript:", "<iframe", "evil.example"):
        assert marker not in text, marker


def test_hostile_html_is_neutralised_on_save_and_output(client, login_as, in_app, make_entry):
    login_as("admin")
    made = make_entry("faq", slug="xss", title="安全测试", fields={"answer": "<p>原文</p>"})
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    form.fill(zh_Hans_CN__answer=HOSTILE, status="published")
    assert_redirect(form.submit(client))
    stored = in_app(lambda: db.session.get(ContentEntry, made.id).translation("zh_Hans_CN").data["answer"])
    for text in (stored, text_of(client.get("/content/faq/xss")), text_of(client.get(made.api_url))):
        assert_harmless(text)
    assert "https://ok.example/" in stored

    # Even HTML that reached the database some other way is cleaned on the way out.
    def smuggle():
        translation = db.session.get(ContentEntry, made.id).translation("zh_Hans_CN")
        translation.data = {"answer": HOSTILE}
        db.session.commit()

    in_app(smuggle)
    page = text_of(client.get("/content/faq/xss"))
    api = text_of(client.get(made.api_url + "?locale=zh_Hans_CN"))
    for text in (page, api):
        assert_harmless(text)


def test_preview_of_a_draft_is_for_editors_only(client, login_as, make_entry, auth, make_user, app):
    made = make_entry("notice", slug="draft-notice", title="尚未发布的通知", status="draft")
    assert client.get(made.url).status_code == 404
    assert client.get(made.api_url).status_code == 404
    # Not signed in: sent to the login page.
    response = client.get(f"/admin/content_entries/preview/?id={made.id}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]

    login_as("admin")
    preview = client.get(f"/admin/content_entries/preview/?id={made.id}")
    assert preview.status_code == 200
    html = text_of(preview)
    assert "尚未发布的通知" in html and "preview-banner" in html
    assert "<h1>尚未发布的通知</h1>" in html  # the same template the public gets
    auth.logout()

    # Office staff and inspectors read entries but cannot preview or edit them.
    for role in ("staff", "viewer"):
        user = make_user(role=role, street_id=None)
        auth.login(user.username)
        assert client.get("/admin/content_entries/").status_code == 200
        assert client.get(f"/admin/content_entries/preview/?id={made.id}").status_code == 403
        assert client.get(f"/admin/content_entries/edit/?id={made.id}").status_code == 403
        assert client.get(NEW_PROCEDURE).status_code == 403
        auth.logout()
    trainer = make_user(role="trainer")
    auth.login(trainer.username)
    assert client.get("/admin/content_entries/").status_code == 403


def test_publishing_through_the_form_makes_a_draft_public(client, login_as, make_entry):
    made = make_entry("notice", slug="soon", title="即将发布", status="draft")
    login_as("admin")
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    form.fill(status="published")
    assert_redirect(form.submit(client))
    assert client.get(made.url).status_code == 200
    assert "即将发布" in text_of(client.get("/"))


def test_revisions_diff_and_revert(client, login_as, make_entry, in_app):
    login_as("admin")
    made = make_entry("faq", slug="agreement", title="协议有效吗？", fields={"answer": "<p>有效。</p>"})
    for answer in ("<p>具有法律约束力。</p>", "<p>具有法律约束力，应当履行。</p>"):
        form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
        form.fill(zh_Hans_CN__answer=answer)
        assert_redirect(form.submit(client))
    # Saving without changes keeps no new revision.
    assert_redirect(get_form(client, f"/admin/content_entries/edit/?id={made.id}").submit(client))
    numbers = in_app(lambda: db.session.scalars(
        select(ContentRevision.number).where(ContentRevision.entry_id == made.id).order_by(ContentRevision.number)).all())
    assert numbers == [1, 2, 3]

    listing = text_of(client.get(f"/admin/content_entries/revisions/?id={made.id}"))
    assert "#3" in listing and "#1" in listing
    assert "修订版本 (3)" in text_of(client.get(f"/admin/content_entries/details/?id={made.id}"))
    diff = text_of(client.get(f"/admin/content_entries/diff/?id={made.id}&from=1&to=3"))
    assert "有<mark>效</mark>" in diff and "<mark>法律约束力，应当履行</mark>" in diff

    token = csrf_token(listing)
    response = client.post("/admin/content_entries/revert/", data={"id": made.id, "revision": 1, "csrf_token": token})
    assert_redirect(response)

    def state():
        entry = db.session.get(ContentEntry, made.id)
        return (entry.translation("zh_Hans_CN").data["answer"], entry.translation("zh_Hant_TW").data["answer"],
                entry.status, [r.note for r in entry.revisions])

    answer, hant, status, notes = in_app(state)
    assert answer == "<p>有效。</p>" and hant == "<p>有效。</p>" and status == "published"
    assert notes[-1] == "reverted:1" and len(notes) == 4
    assert "有效。" in text_of(client.get("/content/faq/agreement"))

    # A revert without the CSRF token, or of another entry's revision, changes nothing.
    assert client.post("/admin/content_entries/revert/", data={"id": made.id, "revision": 2}).status_code == 400
    other = make_entry("faq", slug="other", title="别的问题")
    response = client.post("/admin/content_entries/revert/", data={"id": other.id, "revision": 3, "csrf_token": token})
    assert response.status_code == 404


def test_stale_edit_keeps_the_input_and_saves_nothing(client, login_as, make_entry, in_app):
    login_as("admin")
    made = make_entry("faq", slug="stale", title="旧标题")
    mine = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    theirs = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    theirs.fill(zh_Hans_CN__title="他人的标题")
    assert_redirect(theirs.submit(client))
    mine.fill(zh_Hans_CN__title="我的标题")
    response = mine.submit(client)
    assert response.status_code == 200
    assert "我的标题" in text_of(response) and page_errors(response)
    assert in_app(lambda: db.session.get(ContentEntry, made.id).title) == "他人的标题"


def _post_with_file(client, form, field, payload, filename):
    data = form.data()
    data.add(field, (io.BytesIO(payload), filename))
    path = form.action.split("localhost", 1)[-1]
    return client.post(path, data=data, content_type="multipart/form-data")


def test_image_upload_is_public_only_while_the_entry_is(client, login_as, make_entry, in_app):
    login_as("admin")
    made = make_entry("notice", slug="with-image", title="带图片的通知")
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    assert_redirect(_post_with_file(client, form, "shared-image", PNG, "../../地图.png"))
    page = text_of(client.get(made.url))
    match = re.search(r'<img src="(/files/\d+/[^"]+)"', page)
    assert match, page
    file_url = match.group(1)
    image = client.get(file_url)
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == PNG
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(file_url, headers={"If-None-Match": image.headers["ETag"]}).status_code == 304

    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    form.fill(status="draft")
    assert_redirect(form.submit(client))
    assert client.get(file_url).status_code == 404


@pytest.mark.parametrize("payload,filename,message", [
    (b"<svg onload=alert(1)></svg>", "evil.png", "PNG"),
    (b"MZ\x90\x00 not an image", "tool.pdf", "PDF"),
])
def test_uploads_of_other_kinds_are_refused(client, login_as, make_entry, in_app, payload, filename, message):
    login_as("admin")
    made = make_entry("notice", slug="bad-upload")
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    response = _post_with_file(client, form, "shared-image", payload, filename)
    assert response.status_code == 200 and message in " ".join(page_errors(response))
    assert in_app(lambda: db.session.get(ContentEntry, made.id).data.get("image")) is None


def test_oversize_upload_is_refused(client, login_as, make_entry, app, monkeypatch, in_app):
    monkeypatch.setitem(app.config, "PORTAL_CONTENT_FILE_MAX_BYTES", 50)
    login_as("admin")
    made = make_entry("notice", slug="big-upload")
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    response = _post_with_file(client, form, "shared-image", PNG + b"\x00" * 100, "big.png")
    assert response.status_code == 200 and "MB" in " ".join(page_errors(response))
    assert in_app(lambda: db.session.get(ContentEntry, made.id).data.get("image")) is None


def test_record_link_shows_only_public_contact_points(client, login_as, public_world, in_app):
    login_as("admin")
    offices = client.get("/admin/content_entries/records/?target=judicial_office&query=东华").get_json()
    assert [name for _id, name in offices] == ["东华司法所 · 东华街道"]
    hidden = client.get("/admin/content_entries/records/?target=committee&query=内部").get_json()
    assert hidden == []

    office_id = public_world["east_office"].id
    form = fill_procedure(get_form(client, NEW_PROCEDURE), shared__where_to_ask=office_id)
    assert_redirect(form.submit(client))
    page = text_of(client.get("/content/procedure/water-dispute"))
    assert "东华司法所" in page and "人民路1号" in page and "王所长" not in page

    # A hidden committee cannot be linked by posting its id.
    form = fill_procedure(get_form(client, NEW_PROCEDURE), slug="other", shared__where_to_ask=public_world["hidden_committee"].id)
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)

    # The office made non-public: the link disappears from the page.
    from portal.models import JudicialOffice

    def hide():
        db.session.get(JudicialOffice, office_id).is_public = False
        db.session.commit()

    in_app(hide)
    assert "东华司法所" not in text_of(client.get("/content/procedure/water-dispute"))


def test_office_defines_a_new_type_and_writes_an_entry(client, login_as, in_app):
    login_as("admin")
    form = get_form(client, "/admin/content_types/new/")
    form.fill(key="guide", name="办事指引", name_en="Guides", is_public="y", sort_order=50)
    form.fill(**{
        "fields-0-key": "intro", "fields-0-kind": "long_text", "fields-0-label": "引言", "fields-0-label_en": "Introduction",
        "fields-0-required": "y", "fields-0-sort_order": 10,
        "fields-1-key": "held_on", "fields-1-kind": "date", "fields-1-label": "日期", "fields-1-label_en": "Date",
        "fields-1-sort_order": 20,
    })
    assert_redirect(form.submit(client))

    form = get_form(client, "/admin/content_entries/new/?type=guide")
    assert "zh_Hans_CN-intro" in form and "shared-held_on" in form
    form.fill(slug="first-guide", status="published", zh_Hans_CN__title="第一份指引", zh_Hans_CN__intro="引言内容",
              shared__held_on="2026-12-01")
    assert_redirect(form.submit(client))
    page = text_of(client.get("/content/guide/first-guide"))
    assert "第一份指引" in page and "引言内容" in page and "2026" in page
    assert "办事指引" in text_of(client.get("/"))  # the new type is in the menu
    api = client.get("/api/v1/types/guide/entries?locale=zh_Hans_CN").get_json()
    assert api["items"][0]["fields"] == {"intro": "引言内容", "held_on": "2026-12-01"}

    # Required field of the new type enforced by the generated form.
    form = get_form(client, "/admin/content_entries/new/?type=guide")
    form.fill(slug="second", zh_Hans_CN__title="第二份")
    assert "此项为必填项" in " ".join(page_errors(form.submit(client)))


def test_type_key_rules(client, login_as, in_app):
    from portal.models import ContentType

    login_as("admin")
    form = get_form(client, "/admin/content_types/new/")
    form.fill(key="Bad Key", name="坏键", name_en="Bad")
    response = form.submit(client)
    assert response.status_code == 200 and page_errors(response)

    form = get_form(client, "/admin/content_types/new/")
    form.fill(key="events", name="活动", name_en="Events",
              **{"fields-0-key": "title", "fields-0-kind": "text", "fields-0-label": "标题"})
    assert page_errors(form.submit(client))

    form = get_form(client, "/admin/content_types/new/")
    form.fill(key="links", name="链接", name_en="Links",
              **{"fields-0-key": "office", "fields-0-kind": "record", "fields-0-label": "司法所"})
    assert page_errors(form.submit(client))
    assert in_app(lambda: db.session.scalar(select(ContentType.id).where(ContentType.key.in_(["events", "links"])))) is None

    notice_id = in_app(lambda: db.session.scalar(select(ContentType.id).where(ContentType.key == "notice")))
    page = text_of(client.get(f"/admin/content_types/edit/?id={notice_id}"))
    assert re.search(r'<label[^>]*for="fields-0-label_en"[^>]*>\s*名称（英文）', page)  # inline labels translated
    form = get_form(client, f"/admin/content_types/edit/?id={notice_id}")
    form.fill(key="notices")
    assert page_errors(form.submit(client))
    assert in_app(lambda: db.session.get(ContentType, notice_id).key) == "notice"


def test_type_with_entries_cannot_be_deleted(client, login_as, make_entry, in_app):
    from portal.models import ContentType

    login_as("admin")
    make_entry("notice", slug="keeps-type")
    notice_id = in_app(lambda: db.session.scalar(select(ContentType.id).where(ContentType.key == "notice")))
    delete = form_from_html(text_of(client.get("/admin/content_types/")), "/admin/content_types/", match="/delete/")
    delete.set("id", notice_id)
    response = delete.submit(client)
    assert_redirect(response)
    assert in_app(lambda: db.session.get(ContentType, notice_id)) is not None


@pytest.mark.parametrize("endpoint", ["content_entries", "content_types", "online_applications"])
def test_screens_open_and_export(client, login_as, make_entry, endpoint):
    make_entry("notice")
    login_as("admin")
    assert client.get(f"/admin/{endpoint}/").status_code == 200
    for kind in ("csv", "xlsx"):
        assert client.get(f"/admin/{endpoint}/export/{kind}/").status_code == 200


def test_entry_details_and_list_show_state(client, login_as, make_entry):
    from datetime import timedelta

    from portal import timeutil

    made = make_entry("notice", slug="later", title="下周发布", publish_at=timeutil.now() + timedelta(days=7))
    login_as("admin")
    assert "已排期" in text_of(client.get("/admin/content_entries/"))
    details = text_of(client.get(f"/admin/content_entries/details/?id={made.id}"))
    assert "已排期" in details and "下週發佈" in details


def test_deleted_entry_comes_back_from_the_history_with_its_revisions_and_file(client, login_as, make_entry, in_app):
    from portal.models import AuditEntry

    login_as("admin")
    made = make_entry("notice", slug="restored", title="可恢复的通知")
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    assert_redirect(_post_with_file(client, form, "shared-image", PNG, "图.png"))
    file_url = re.search(r'<img src="(/files/\d+/[^"]+)"', text_of(client.get(made.url))).group(1)

    delete = form_from_html(text_of(client.get("/admin/content_entries/")), "/admin/content_entries/", match="/delete/")
    delete.set("id", made.id)
    assert_redirect(delete.submit(client))
    assert client.get(made.url).status_code == 404 and client.get(file_url).status_code == 404

    entry_id = in_app(lambda: db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.entity == "content_entries", AuditEntry.action == "delete")))
    token = csrf_token(text_of(client.get(f"/admin/audit_log/details/?id={entry_id}")))
    assert_redirect(client.post(f"/admin/audit_log/restore/{entry_id}", data={"csrf_token": token}))
    assert "可恢复的通知" in text_of(client.get(made.url))
    assert client.get(file_url).data == PNG
    assert in_app(lambda: len(db.session.get(ContentEntry, made.id).revisions)) == 2


def test_changing_a_field_kind_later_never_breaks_pages(client, login_as, make_entry, in_app):
    from portal.models import ContentType

    made = make_entry("procedure", slug="reshaped", title="改过字段的流程", fields={"legal_basis": "人民调解法"},
                      shared={"where_to_ask": None})

    def reshape():
        procedure = db.session.scalar(select(ContentType).where(ContentType.key == "procedure"))
        kinds = {"summary": "steps", "steps": "text", "legal_basis": "record", "where_to_ask": "date"}
        for field in procedure.fields:
            if field.key in kinds:
                field.kind = kinds[field.key]
                field.target = "committee" if kinds[field.key] == "record" else None
        entry = db.session.get(ContentEntry, made.id)
        entry.data = {"where_to_ask": "not-a-date", "attachment": "x"}
        db.session.commit()

    in_app(reshape)
    assert client.get(made.url).status_code == 200
    assert client.get(made.api_url).status_code == 200
    login_as("admin")
    assert client.get(f"/admin/content_entries/edit/?id={made.id}").status_code == 200
    assert client.get(f"/admin/content_entries/preview/?id={made.id}").status_code == 200
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    form.fill(**{"zh_Hans_CN__summary-0-title": "第一步", "zh_Hans_CN__steps": "现在是短文本"})
    assert_redirect(form.submit(client))
    assert client.get(f"/admin/content_entries/diff/?id={made.id}&from=1&to=2").status_code == 200


def test_files_in_the_preview_are_never_cached_as_public(client, login_as, make_entry, in_app):
    login_as("admin")
    made = make_entry("notice", slug="draft-with-image", title="带图片的草稿", status="draft")
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    assert_redirect(_post_with_file(client, form, "shared-image", PNG, "草图.png"))
    preview = text_of(client.get(f"/admin/content_entries/preview/?id={made.id}"))
    file_url = re.search(r'<img src="(/admin/content_entries/file/\?id=\d+)"', preview).group(1)
    draft_file = client.get(file_url)
    assert draft_file.status_code == 200 and draft_file.data == PNG
    assert "no-store" in draft_file.headers["Cache-Control"] and "public" not in draft_file.headers["Cache-Control"]

    # Published, the same file is public and may be cached by anyone.
    form = get_form(client, f"/admin/content_entries/edit/?id={made.id}")
    form.fill(status="published")
    assert_redirect(form.submit(client))
    public_url = re.search(r'<img src="(/files/\d+/[^"]+)"', text_of(client.get(made.url))).group(1)
    assert client.get(public_url).headers["Cache-Control"] == "public, max-age=300"
    assert "public" not in client.get(file_url).headers["Cache-Control"]


def test_file_response_of_a_private_file_says_so_itself(app, make_entry):
    """Not only because /admin pages are marked no-store: the file helper itself never offers a
    private file to shared caches."""
    from portal.public.pages import file_response
    from portal.services.content import files as content_files

    made = make_entry("notice", slug="helper-draft", status="draft")
    with app.test_request_context("/elsewhere"):
        stored = content_files.store(db.session.get(ContentEntry, made.id), "图.png", PNG)
        assert file_response(stored, public=False).headers["Cache-Control"] == "private, no-store"
        assert file_response(stored).headers["Cache-Control"] == "public, max-age=300"
        db.session.rollback()


def test_nul_characters_typed_into_admin_forms_are_dropped(client, login_as, in_app):
    """PostgreSQL refuses text holding NUL: every text field drops them, generated screens included."""
    from portal.models import ContentType

    login_as("admin")
    form = get_form(client, "/admin/content_types/new/")
    form.fill(key="nul_test", name="空\x00字符", name_en="Nul\x00 test", is_public="y", sort_order=60, **{
        "fields-0-key": "intro", "fields-0-kind": "long_text", "fields-0-label": "引\x00言", "fields-0-sort_order": 10,
    })
    assert_redirect(form.submit(client))

    def saved_type():
        ctype = db.session.scalar(select(ContentType).where(ContentType.key == "nul_test"))
        return ctype.name, ctype.name_zh_hant, ctype.name_en, ctype.fields[0].label

    assert in_app(saved_type) == ("空字符", "空字符", "Nul test", "引言")

    form = get_form(client, "/admin/content_entries/new/?type=nul_test")
    form.fill(slug="nul-entry", zh_Hans_CN__title="标\x00题", zh_Hans_CN__intro="第一行\x00\r\n第二行")
    assert_redirect(form.submit(client))
    entry = in_app(lambda: (lambda e: (e.title, e.translation("zh_Hans_CN").data["intro"]))(entry_by_slug("nul-entry")))
    assert entry == ("标题", "第一行\n第二行")


def test_entries_filter_by_content_type(client, login_as, make_entry, in_app):
    from portal.models import ContentType
    from tests.helpers import filtered, listed_ids

    notice = make_entry("notice", slug="a-notice", title="一则通知")
    question = make_entry("faq", slug="a-question", title="一个问题")
    faq_id = in_app(lambda: db.session.scalar(select(ContentType.id).where(ContentType.key == "faq")))
    login_as("admin")
    assert listed_ids(client.get("/admin/content_entries/")) == {notice.id, question.id}
    assert listed_ids(filtered(client, "/admin/content_entries/", "内容类型", faq_id)) == {question.id}
