"""Many people at once, against a real server with real parallel clients, on SQLite and PostgreSQL:
nobody's saved change is lost, nobody gets a 500, and whoever loses a race is told what happened."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import timeutil
from portal.extensions import db
from portal.models import Case, CaseNumberCounter, MediationSession, Mediator, RoomBooking
from tests.fixtures.harden import at_once
from tests.helpers import form_from_html, page_errors

EDITORS = {  # field → what each editor writes into it
    "occupation": "退休教师", "employer": "和平社区居委会", "address": "和平里3号楼",
    "speciality": "邻里纠纷", "landline": "010-64012345", "notes": "擅长做老人工作",
}


def no_server_errors(answers):
    assert all(a.status_code < 500 for a in answers), [(a.status_code, a.text[:300]) for a in answers if a.status_code >= 500]


def version_of(answer, url):
    return form_from_html(answer.text, url).get("record_version")


def test_editors_saving_one_record_at_once_lose_nothing(browsers, network, in_app):
    mediator_id = network["mediator"].id
    url = f"/admin/mediators/edit/?id={mediator_id}"
    people = browsers(len(EDITORS))
    forms = [person.form(url) for person in people]
    for form, (field, value) in zip(forms, EDITORS.items()):
        form.set(field, value)

    def save(person, form):
        answers = []
        for _attempt in range(len(EDITORS) + 1):
            answer = person.submit(form)
            answers.append(answer)
            if answer.status_code == 302:
                return answers
            assert answer.status_code == 200, answer.status_code
            # Refused: the form comes back with the colleagues' changes and the version it is now
            # based on; saving it again must be safe.
            form = form_from_html(answer.text, url)
            assert form.get("record_version"), "a refused form must carry its version"
        return answers

    results = at_once(*[lambda p=p, f=f: save(p, f) for p, f in zip(people, forms)])
    no_server_errors([a for answers in results for a in answers])
    assert all(answers[-1].status_code == 302 for answers in results)
    saved = in_app(lambda: {field: getattr(db.session.get(Mediator, mediator_id), field) for field in EDITORS})
    assert saved == EDITORS


def test_appending_to_one_field_at_once_every_accepted_value_stays(browsers, network, in_app):
    """Everyone adds a line to the same notes; whoever is refused reloads and adds it again. Every
    refusal carries the current version, a save without one is refused, and no line is lost."""
    mediator_id = network["mediator"].id
    url = f"/admin/mediators/edit/?id={mediator_id}"
    people = browsers(8)

    def add_line(person, line):
        answers = []
        for _attempt in range(20):
            form = person.form(url)
            form.set("notes", (form.get("notes") + "\n" + line).strip())
            answer = person.submit(form)
            answers.append(answer)
            if answer.status_code == 302:
                return answers
            assert answer.status_code == 200 and version_of(answer, url), answer.status_code
        return answers

    results = at_once(*[lambda p=p, n=n: add_line(p, f"第{n}条") for n, p in enumerate(people)])
    no_server_errors([a for answers in results for a in answers])
    notes = in_app(lambda: db.session.get(Mediator, mediator_id).notes)
    assert sorted(notes.split("\n")) == sorted(f"第{n}条" for n in range(8))

    # A save that does not say which version it edits is refused, and comes back with one.
    person = people[0]
    form = person.form(url).set("notes", "覆盖全部").set("record_version", None)
    answer = person.submit(form)
    assert answer.status_code == 200 and version_of(answer, url)
    assert in_app(lambda: db.session.get(Mediator, mediator_id).notes) == notes


@pytest.mark.parametrize("step,fields", [
    ("accept", {}),
    ("refuse", {"reason": "已由法院受理", "referred_to": "东城区人民法院"}),
])
def test_the_same_step_at_once_is_taken_once_and_the_others_are_told(browsers, network, case_in, in_app, step, fields):
    case = case_in(network["community_committee"])
    # Each opens the step's form from the case page's header (its own page without the script).
    step_page = f"/admin/cases/transition/{step}/?id={case.id}"
    details = f"/admin/cases/details/?id={case.id}"
    people = browsers(8)
    forms = [form_from_html(person.get(step_page).text, step_page, has_field="case_version").fill(**fields)
             for person in people]
    answers = at_once(*[lambda p=p, f=f: p.submit(f) for p, f in zip(people, forms)])
    no_server_errors(answers)
    # Everyone lands on the case page: one with "done", the others told who took the step.
    assert all(a.status_code == 302 and a.location.endswith(details) for a in answers), [
        (a.status_code, a.location, page_errors(a)) for a in answers]
    messages = [" ".join(page_errors(person.get(details))) for person in people]
    stored = in_app(lambda: db.session.get(Case, case.id))
    told = [m for m in messages if "刚刚" in m]
    assert len(told) == len(people) - 1, messages
    if step == "accept":
        assert stored.status == "accepted" and stored.number
        assert all(stored.number in m for m in told)
        counters = in_app(lambda: db.session.scalars(select(CaseNumberCounter.last_seq)).all())
        assert counters == [1]  # one number given, none used up by the losers
    else:
        assert stored.status == "refused"


def test_the_same_bulk_action_at_once_moves_each_case_once(browsers, network, case_in, in_app):
    cases = [case_in(network["community_committee"]) for _ in range(3)]
    people = browsers(4)

    def accept_all(person):
        page = person.get("/admin/cases/")
        form = form_from_html(page.text, "/admin/cases/", match="/action/")
        form.set("action", "accept").set("rowid", [str(c.id) for c in cases])
        return person.submit(form)

    answers = at_once(*[lambda p=p: accept_all(p) for p in people])
    no_server_errors(answers)
    numbers = in_app(lambda: [db.session.get(Case, c.id).number for c in cases])
    assert all(numbers) and len(set(numbers)) == 3
    assert in_app(lambda: db.session.scalar(select(func.max(CaseNumberCounter.last_seq)))) == 3


def test_deleting_one_record_twice_at_once(browsers, network, case_in, in_app):
    from portal.models import FollowUp

    case = case_in(network["community_committee"])
    people = browsers(4)
    forms = [form_from_html(p.get("/admin/cases/").text, "/admin/cases/", match="/delete/") for p in people]
    for form in forms:
        form.set("id", str(case.id))
    answers = at_once(*[lambda p=p, f=f: p.submit(f) for p, f in zip(people, forms)])
    no_server_errors(answers)
    assert in_app(lambda: db.session.get(Case, case.id)) is None
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(FollowUp))) == 0
    assert all(a.status_code == 302 for a in answers)  # each back to the list, with a message


def test_booking_one_room_at_once_gives_it_to_one_and_tells_the_others_when_it_is_taken(browsers, network, case_in, in_app):
    people = browsers(6, role="staff", street_id=network["street"].id)
    committee = network["community_committee"]
    cases = [case_in(committee) for _ in people]
    for person, case in zip(people, cases):
        for step in ("accept", "start_mediation"):
            step_page = f"/admin/cases/transition/{step}/?id={case.id}"
            form = form_from_html(person.get(step_page).text, step_page, has_field="case_version")
            assert person.submit(form).status_code == 302
    start = (timeutil.now() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    forms = []
    for n, (person, case) in enumerate(zip(people, cases)):
        form = person.form(f"/admin/mediation_sessions/new/?case_id={case.id}")
        begins = start + timedelta(minutes=10 * n)  # every slot overlaps every other
        form.fill(kind="mediation", recorder="书记员", summary="调解", facility=network["room"].id,
                  starts_at=begins.strftime("%Y-%m-%d %H:%M:%S"),
                  ends_at=(begins + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"))
        forms.append(form)
    answers = at_once(*[lambda p=p, f=f: p.submit(f) for p, f in zip(people, forms)])
    no_server_errors(answers)
    saved = [a for a in answers if a.status_code == 302]
    refused = [a for a in answers if a.status_code == 200]
    assert len(saved) == 1 and len(refused) == len(people) - 1, [(a.status_code, page_errors(a)) for a in answers]
    taken = in_app(lambda: db.session.scalars(select(RoomBooking)).one())
    when = re.compile(r"已被预订")
    for answer in refused:
        errors = " ".join(page_errors(answer))
        assert when.search(errors) and "东华第一调解室" in errors, errors
        assert f"{taken.starts_at:%H:%M}" in errors or f"{taken.starts_at.hour}:" in errors, errors
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(MediationSession))) == 1


def test_editors_changing_different_parties_of_a_case_at_once_lose_nothing(browsers, network, case_in, in_app):
    """Rows edited inline (the parties) merge like the record's own fields."""
    from portal.models import CaseParty

    case = case_in(network["community_committee"])
    url = f"/admin/cases/edit/?id={case.id}"
    people = browsers(3)
    forms = [person.form(url) for person in people]
    forms[0].set("parties-0-phone", "13700000001")
    forms[1].set("parties-1-phone", "13700000002")
    forms[2].set("facts", "双方同意调解")

    def save(person, form):
        answers = []
        for _attempt in range(4):
            answer = person.submit(form)
            answers.append(answer)
            if answer.status_code == 302:
                return answers
            form = form_from_html(answer.text, url)
        return answers

    results = at_once(*[lambda p=p, f=f: save(p, f) for p, f in zip(people, forms)])
    no_server_errors([a for answers in results for a in answers])
    assert all(answers[-1].status_code == 302 for answers in results)
    phones = in_app(lambda: [p.phone for p in db.session.scalars(select(CaseParty).where(CaseParty.case_id == case.id).order_by(CaseParty.id))])
    assert phones == ["13700000001", "13700000002"]
    assert in_app(lambda: db.session.get(Case, case.id).facts) == "双方同意调解"


def test_adding_the_same_people_to_a_roster_at_once(browsers, network, make_training, in_app):
    """A list action with nothing of its own against a race (two people adding the same mediators
    to a training session): one adds them, the other is sent back with a message, never a 500."""
    from portal.models import TrainingAttendance

    session = make_training(office_id=network["office"].id)
    people = browsers(4)
    url = f"/admin/training_sessions/attendance/?id={session.id}&street={network['street'].id}"
    forms = [form_from_html(p.get(url).text, url, has_field=("action", "add")) for p in people]
    for form in forms:
        form.set("mediator", [network["mediator"].id, network["helper"].id])
    answers = at_once(*[lambda p=p, f=f: p.submit(f) for p, f in zip(people, forms)])
    no_server_errors(answers)
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(TrainingAttendance))) == 2
