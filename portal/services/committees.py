"""Rules the People's Mediation Law sets for a committee's make-up."""
from flask_babel import gettext
from sqlalchemy import select

from portal.extensions import db
from portal.models import Committee, CommitteeLevel, Post, Sex

MIN_MEMBERS, MAX_MEMBERS = 3, 9


def committees_of_street(street_id):
    """The street's committees, street level first, then by name."""
    return db.session.scalars(
        select(Committee).where(Committee.street_id == street_id).order_by(Committee.level, Committee.name)
    ).all()


def composition_problems(committee):
    """What the committee's current membership lacks, as translated sentences.

    Grid mediation groups are not committees under the law and are not checked.
    """
    if committee.level == CommitteeLevel.GRID:
        return []
    members = [m for m in committee.memberships if m.post in (Post.DIRECTOR, Post.DEPUTY, Post.MEMBER)]
    problems = []
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        problems.append(gettext(
            "A committee has %(min)d to %(max)d members (director, deputies, members); it has %(n)d.",
            min=MIN_MEMBERS, max=MAX_MEMBERS, n=len(members),
        ))
    directors = sum(1 for m in members if m.post == Post.DIRECTOR)
    if directors != 1:
        problems.append(gettext("A committee has exactly one director; it has %(n)d.", n=directors))
    if not any(m.mediator is not None and m.mediator.sex == Sex.FEMALE for m in members):
        problems.append(gettext("A committee must include a woman member."))
    if committee.level == CommitteeLevel.STREET:
        low = [m.mediator.name for m in members if m.mediator is not None and not (
            m.mediator.education is not None and m.mediator.education.senior_secondary_or_above)]
        if low:
            problems.append(gettext(
                "Street committee members need senior secondary education or above: %(names)s.",
                names="、".join(low),
            ))
    return problems
