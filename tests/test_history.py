"""Every change is in the history with old and new values; deletions can be restored."""
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEntry, Case, CaseParty, Mediator
from tests.helpers import assert_redirect, csrf_token, get_form, listed_ids, page_errors, text_of


def test_details_page_shows_who_changed_what_with_old_and_new_values(client, login_as, two_streets, make_mediator):
    mediator = make_mediator(two_streets["east"].id, name="历史甲", mobile="13900000001")
    user = login_as("admin")
    form = get_form(client, f"/admin/mediators/edit/?id={mediator.id}")
    form.fill(mobile="13911112222", speciality="邻里纠纷")
    assert_redirect(form.submit(client))

    html = text_of(client.get(f"/admin/mediators/details/?id={mediator.id}"))
    history = html[html.index("变更记录"):]
    assert user.display_name in history and "修改" in history
    for text in ("手机号码", "13900000001", "13911112222", "专长", "邻里纠纷"):
        assert text in history, text


def test_child_rows_appear_in_the_parents_history(client, login_as, two_streets, make_case):
    case = make_case(two_streets["east_committee"].id)
    login_as("admin")
    form = get_form(client, f"/admin/cases/edit/?id={case.id}")
    form.set("parties-0-phone", "13655556666")
    assert_redirect(form.submit(client))
    html = text_of(client.get(f"/admin/cases/details/?id={case.id}&tab=all"))
    history = html[html.index("变更记录"):]
    assert "当事人" in history and "13655556666" in history


def test_inspectors_see_personal_values_masked_in_history(client, login_as, auth, two_streets, make_mediator):
    mediator = make_mediator(two_streets["east"].id, mobile="13900000001")
    login_as("admin")
    form = get_form(client, f"/admin/mediators/edit/?id={mediator.id}")
    form.set("mobile", "13911112222")
    assert_redirect(form.submit(client))
    auth.logout()
    login_as("viewer")
    html = text_of(client.get(f"/admin/mediators/details/?id={mediator.id}"))
    assert "13911112222" not in html and "139****2222" in html


def test_deleted_case_is_restored_with_its_parties_by_the_district_office(client, login_as, two_streets, make_case, in_app):
    case = make_case(two_streets["east_committee"].id, title="将被删除的纠纷")
    login_as("admin")
    delete = get_form(client, "/admin/cases/", match="/delete/")
    delete.set("id", case.id)
    assert_redirect(delete.submit(client))
    assert in_app(lambda: db.session.get(Case, case.id)) is None

    # The log lists the deletion; filter by record kind and action.
    entry_id = in_app(lambda: db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.entity == "cases", AuditEntry.action == "delete")))
    assert entry_id in listed_ids(client.get("/admin/audit_log/?flt0_0=delete&flt1_1=cases"))
    page = client.get(f"/admin/audit_log/details/?id={entry_id}")
    assert "将被删除的纠纷" in text_of(page)

    restore = get_form(client, f"/admin/audit_log/details/?id={entry_id}", match="/restore/")
    assert_redirect(restore.submit(client))
    restored = in_app(lambda: (db.session.get(Case, case.id).title,
                               db.session.scalar(select(func.count()).select_from(CaseParty).where(CaseParty.case_id == case.id))))
    assert restored == ("将被删除的纠纷", 2)

    # A second restore has nothing to do and says so.
    response = client.post(f"/admin/audit_log/restore/{entry_id}", data={"csrf_token": csrf_token(text_of(page))},
                           follow_redirects=True)
    assert "此记录已存在，无需恢复。" in page_errors(response)


def test_only_the_district_office_browses_the_log_and_restores(client, login_as, auth, two_streets, make_mediator, in_app):
    mediator = make_mediator(two_streets["east"].id)
    login_as("staff", street_id=two_streets["east"].id)
    token = csrf_token(text_of(client.get("/admin/")))
    assert client.get("/admin/audit_log/").status_code == 403
    entry_id = in_app(lambda: db.session.scalar(select(AuditEntry.id)))
    assert client.post(f"/admin/audit_log/restore/{entry_id}", data={"csrf_token": token}).status_code == 403
    # The log itself cannot be edited or deleted, even by the district office.
    auth.logout()
    login_as("admin")
    assert client.get(f"/admin/audit_log/edit/?id={entry_id}").status_code == 403
    token = csrf_token(text_of(client.get("/admin/audit_log/")))
    assert client.post("/admin/audit_log/delete/", data={"id": entry_id, "csrf_token": token}).status_code == 403
    assert in_app(lambda: db.session.get(Mediator, mediator.id)) is not None


def test_history_records_the_acting_user_and_rolls_back_with_a_failed_save(client, login_as, two_streets, make_mediator, in_app):
    mediator = make_mediator(two_streets["east"].id)
    user = login_as("admin")
    before = in_app(lambda: db.session.scalar(select(func.count()).select_from(AuditEntry)))
    form = get_form(client, f"/admin/mediators/edit/?id={mediator.id}")
    form.set("mobile", "123")  # invalid: nothing saved, nothing logged
    form.submit(client)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(AuditEntry))) == before
    form.set("mobile", "13712345678")
    assert_redirect(form.submit(client))
    actor = in_app(lambda: db.session.scalar(select(AuditEntry.actor_id).order_by(AuditEntry.id.desc())))
    assert actor == user.id
    assert in_app(lambda: db.session.get(Mediator, mediator.id).updated_by_id) == user.id


def test_resaving_a_text_with_browser_line_breaks_is_not_a_change(client, login_as, two_streets, make_mediator, in_app):
    from datetime import date

    # The factory's ID numbers encode 1970-01-01; with the birth date matching, nothing is derived.
    mediator = make_mediator(two_streets["east"].id, notes="第一行\n第二行", birth_date=date(1970, 1, 1))
    login_as("admin")
    form = get_form(client, f"/admin/mediators/edit/?id={mediator.id}")
    form.set("notes", "第一行\r\n第二行")  # what a browser sends for the same text
    assert_redirect(form.submit(client))
    assert in_app(lambda: db.session.get(Mediator, mediator.id).notes) == "第一行\n第二行"
    updates = in_app(lambda: db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.entity == "mediators", AuditEntry.action == "update")))
    assert updates == 0


def test_every_linked_field_has_a_translated_name():
    """A link column without a label of its own is named after the record it points to."""
    from portal.extensions import db as database
    from portal.models.labels import field_label

    unnamed = []
    for mapper in database.Model.registry.mappers:
        model = mapper.class_
        for column in getattr(model, "__table__").c:
            if column.foreign_keys and field_label(model, column.key) == column.key.replace("_", " "):
                unnamed.append(f"{model.__name__}.{column.key}")
    assert unnamed == []
