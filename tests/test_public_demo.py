"""The public site's demo data loads into a small world and shows on the public pages."""
import random

from sqlalchemy import func, select

from portal.demo.context import DemoContext
from portal.demo.public import load
from portal.extensions import db
from portal.models import CaseParty, Committee, Community, ContentEntry, Facility, JudicialOffice, OnlineApplication, Street
from portal.services.identity import is_valid_id_number
from tests.helpers import text_of


def test_demo_loader_adds_content_contacts_and_applications(client, public_world, in_app):
    def run():
        ctx = DemoContext(
            rng=random.Random(1),
            streets=db.session.scalars(select(Street).order_by(Street.id)).all(),
            communities=db.session.scalars(select(Community).order_by(Community.id)).all(),
            offices=db.session.scalars(select(JudicialOffice).order_by(JudicialOffice.id)).all(),
            committees=db.session.scalars(select(Committee).order_by(Committee.id)).all(),
        )
        counts = load(ctx)
        db.session.commit()
        again = load(ctx)  # loading twice adds no second copy of the texts
        db.session.commit()
        return counts, again

    counts, again = in_app(run)
    assert counts["content entries"] == 19 and again["content entries"] == 0
    # East already had a consultation room and west a (hidden) talk point: the other two are added.
    # The summary counts what the public site lists, however it was made (not 0 on a second run).
    assert counts["public facilities"] == again["public facilities"] == 3
    assert counts["online applications"] == 1  # one community of the world has its own committee
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(OnlineApplication))) == 2
    applicants = in_app(lambda: db.session.execute(
        select(CaseParty.id_number, CaseParty.sex).where(CaseParty.role == "applicant")).all())
    assert applicants and all(is_valid_id_number(number) and sex for number, sex in applicants)
    assert in_app(lambda: sorted(db.session.scalars(select(Facility.name).where(Facility.is_public.is_(True))))) == [
        "东华司法所人大代表政协委员谈心处", "东华法律咨询室", "东华调解室一", "西城司法所法律咨询室"]

    home = text_of(client.get("/"))
    assert "网上申请调解服务正式开通" in home and "人民调解员新法规培训通知" not in home  # scheduled next week
    assert "节假日值班安排" not in home  # a draft
    assert "人民调解流程" in text_of(client.get("/content/procedure/"))
    assert "西城司法所法律咨询室" in text_of(client.get("/contacts/?kind=legal_consultation"))
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(ContentEntry))) == 19


def test_seed_content_command_adds_the_standard_texts_once(runner, in_app):
    result = runner.invoke(args=["portal", "seed-content"])
    assert result.exit_code == 0 and "15" in result.output
    assert runner.invoke(args=["portal", "seed-content"]).output.startswith("0 ")
    titles = in_app(lambda: set(db.session.scalars(select(ContentEntry.title))))
    assert {"人民调解流程", "司法确认流程", "申请调解指南", "人民调解委员会工作制度", "人民调解工作纪律", "人民调解员守则"} <= titles
