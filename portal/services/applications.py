"""Online applications for mediation: a registered case for the community's committee.

The applicant gets a tracking code; the status check needs that code and the applicant's phone
and answers with the state of the application only. The phone is kept as a salted hash here
(the case party keeps the number itself, for the office).
"""
import secrets
from dataclasses import dataclass
from functools import cache
from decimal import Decimal

from flask_babel import lazy_gettext
from sqlalchemy import bindparam, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal import timeutil
from portal.extensions import db
from portal.models import (
    Case, CaseParty, CaseSource, CaseStatus, Committee, CommitteeLevel, Community, DisputeType, Street,
)
from portal.models.applications import OnlineApplication
from portal.models.base import LabelledEnum
from portal.services import identity

# No 0/O, 1/I/L: codes are read aloud over the phone and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
ONLINE_SOURCE = "online"


@cache
def _dummy_hash():
    """A fixed hash to check against when no application matches, so both answers take as long
    (made on first use: hashing is deliberately slow, and importing the module should not be)."""
    return generate_password_hash("no-such-application")


class ApplicationError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class ApplicationState(LabelledEnum):
    """What the public is told about an application, whatever the case's internal status."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    NOT_ACCEPTED = "not_accepted"
    SETTLED = "settled"
    NOT_SETTLED = "not_settled"
    REFERRED = "referred"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @classmethod
    def __labels__(cls):
        return {
            cls.RECEIVED: lazy_gettext("Received, awaiting review"),
            cls.IN_PROGRESS: lazy_gettext("Accepted, mediation in progress"),
            cls.NOT_ACCEPTED: lazy_gettext("Not accepted"),
            cls.SETTLED: lazy_gettext("Settled by agreement"),
            cls.NOT_SETTLED: lazy_gettext("Mediation ended without agreement"),
            cls.REFERRED: lazy_gettext("Passed on to another body"),
            cls.WITHDRAWN: lazy_gettext("Withdrawn"),
            cls.CLOSED: lazy_gettext("Closed"),
        }

    @property
    def explanation(self):
        return {
            ApplicationState.RECEIVED: lazy_gettext(
                "The mediation committee has your application and will contact you by phone, "
                "normally within a few working days."),
            ApplicationState.IN_PROGRESS: lazy_gettext(
                "Your application was accepted. The mediator will agree the time and place of mediation with you."),
            ApplicationState.NOT_ACCEPTED: lazy_gettext(
                "The committee could not accept this dispute. It will tell you the reason and where to turn instead."),
            ApplicationState.SETTLED: lazy_gettext(
                "The parties reached an agreement. You may apply to the court for judicial confirmation within 30 days."),
            ApplicationState.NOT_SETTLED: lazy_gettext(
                "No agreement was reached. Arbitration, an administrative body or a lawsuit remain open to you."),
            ApplicationState.REFERRED: lazy_gettext(
                "The dispute was passed to a higher-level committee or another competent body, which will contact you."),
            ApplicationState.WITHDRAWN: lazy_gettext(
                "The application was withdrawn. You may apply again at any time if the dispute continues."),
            ApplicationState.CLOSED: lazy_gettext(
                "This application is closed. Please call the judicial office if you have questions."),
        }[self]


# What the applicant is told for each case status.
STATE_OF_CASE = {
    CaseStatus.REGISTERED: ApplicationState.RECEIVED,
    CaseStatus.ACCEPTED: ApplicationState.IN_PROGRESS,
    CaseStatus.IN_MEDIATION: ApplicationState.IN_PROGRESS,
    CaseStatus.REFUSED: ApplicationState.NOT_ACCEPTED,
    CaseStatus.SETTLED: ApplicationState.SETTLED,
    CaseStatus.FAILED: ApplicationState.NOT_SETTLED,
    CaseStatus.ESCALATED: ApplicationState.REFERRED,
    CaseStatus.TRANSFERRED: ApplicationState.REFERRED,
    CaseStatus.WITHDRAWN: ApplicationState.WITHDRAWN,
    CaseStatus.ARCHIVED: ApplicationState.CLOSED,
}


@dataclass
class PartyInput:
    name: str
    kind: str = "person"
    id_number: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class ApplicationInput:
    applicant: PartyInput
    respondent: PartyInput
    community_id: int
    dispute_type_id: int
    facts: str
    requests: str
    consent: bool
    amount: Decimal | None = None
    locale: str = "zh_Hans_CN"


# --- where an application goes ----------------------------------------------------------------

def committee_for(community):
    """The community's own committee, else its street's committee: the lowest tier that mediates."""
    own = db.session.scalar(
        select(Committee).where(Committee.community_id == community.id, Committee.level == CommitteeLevel.COMMUNITY)
        .order_by(Committee.id).limit(1)
    )
    if own is not None:
        return own
    return db.session.scalar(
        select(Committee).where(Committee.street_id == community.street_id, Committee.level == CommitteeLevel.STREET)
        .order_by(Committee.id).limit(1)
    )


def receiving_communities():
    """[(street, [communities])] whose applications have a committee to go to, for the form."""
    community_level = select(Committee.community_id).where(Committee.level == CommitteeLevel.COMMUNITY)
    street_level = select(Committee.street_id).where(Committee.level == CommitteeLevel.STREET)
    rows = db.session.execute(
        select(Community, Street).join(Street, Street.id == Community.street_id)
        .where((Community.id.in_(community_level)) | (Community.street_id.in_(street_level)))
        .order_by(Street.code, Community.code)
    ).all()
    grouped = {}
    for community, street in rows:
        grouped.setdefault(street, []).append(community)
    return list(grouped.items())


# --- submitting -------------------------------------------------------------------------------

def new_tracking_code():
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        exists = db.session.scalar(select(OnlineApplication.id).where(OnlineApplication.tracking_code == code))
        if exists is None:
            return code


def format_code(code):
    return f"{code[:5]}-{code[5:]}" if code and len(code) == CODE_LENGTH else code


def normalise_code(text):
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def case_title(applicant, respondent, dispute_type):
    """The register's usual title, e.g. 张三与李四邻里纠纷."""
    kind = dispute_type.name
    suffix = "" if kind.endswith(("纠纷", "争议", "事故")) else "纠纷"
    return f"{applicant}与{respondent}{kind}{suffix}"[:200]


def _party(role, data):
    id_number = identity.normalise_id_number(data.id_number) or None
    sex = identity.id_sex(id_number) if id_number and data.kind == "person" and identity.is_valid_id_number(id_number) else None
    return CaseParty(
        role=role, kind=data.kind, name=data.name.strip(), sex=sex, id_number=id_number,
        phone=identity.normalise_phone(data.phone) or None, address=(data.address or "").strip(),
    )


def submit(data):
    """Register the case and keep the application; returns the OnlineApplication. Flushes."""
    if not data.consent:
        raise ApplicationError("no_consent")
    community = db.session.get(Community, data.community_id)
    committee = committee_for(community) if community is not None else None
    if committee is None:
        raise ApplicationError("no_committee")
    dispute_type = db.session.get(DisputeType, data.dispute_type_id)
    if dispute_type is None or not dispute_type.is_active:
        raise ApplicationError("dispute_type")
    source = db.session.scalar(select(CaseSource).where(CaseSource.code == ONLINE_SOURCE))
    if source is None:
        raise ApplicationError("no_source")

    case = Case(
        title=case_title(data.applicant.name.strip(), data.respondent.name.strip(), dispute_type),
        dispute_type=dispute_type, source=source, committee=committee,
        community_id=community.id, received_on=timeutil.today(), facts=data.facts.strip(),
        amount=data.amount, status=CaseStatus.REGISTERED,
    )
    case.parties = [_party("applicant", data.applicant), _party("respondent", data.respondent)]
    db.session.add(case)
    db.session.flush()
    application = OnlineApplication(
        tracking_code=new_tracking_code(), case_id=case.id,
        phone_hash=generate_password_hash(identity.normalise_phone(data.applicant.phone)),
        requests=data.requests.strip(), consented_at=timeutil.now(), locale=data.locale,
    )
    db.session.add(application)
    db.session.flush()
    return application


# --- checking the status -------------------------------------------------------------------------

def find(code, phone):
    """The application with ``code`` whose applicant's phone is ``phone``, else None."""
    code = normalise_code(code)
    application = None
    if len(code) == CODE_LENGTH:
        application = db.session.scalar(select(OnlineApplication).where(OnlineApplication.tracking_code == code))
    phone = identity.normalise_phone(phone)
    matches = check_password_hash(application.phone_hash if application else _dummy_hash(), phone)
    return application if application is not None and matches else None


# --- the office's inbox ---------------------------------------------------------------------------

class OfficeState(LabelledEnum):
    """Where an application stands for the office that received it."""

    WAITING = "waiting"
    REGISTERED = "registered"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    TRANSFERRED = "transferred"
    CLOSED = "closed"
    DELETED = "deleted"

    @classmethod
    def __labels__(cls):
        return {
            cls.WAITING: lazy_gettext("Waiting for a decision"),
            cls.REGISTERED: lazy_gettext("Registered as a case"),
            cls.REFUSED: lazy_gettext("Refused"),
            cls.WITHDRAWN: lazy_gettext("Withdrawn by the applicant"),
            cls.TRANSFERRED: lazy_gettext("Passed on to another body"),
            cls.CLOSED: lazy_gettext("Closed without being accepted"),
            cls.DELETED: lazy_gettext("Case deleted"),
        }


# An accepted case (it has a number) was registered, however it went on. Before acceptance, the
# case's status says what became of the application.
_BEFORE_ACCEPTANCE = {
    OfficeState.WAITING: CaseStatus.REGISTERED,
    OfficeState.REFUSED: CaseStatus.REFUSED,
    OfficeState.WITHDRAWN: CaseStatus.WITHDRAWN,
    OfficeState.TRANSFERRED: CaseStatus.TRANSFERRED,
    OfficeState.CLOSED: CaseStatus.ARCHIVED,
}


def office_state(application):
    case = application.case
    if case is None:
        return OfficeState.DELETED
    if case.number:
        return OfficeState.REGISTERED
    return next((state for state, status in _BEFORE_ACCEPTANCE.items() if case.status == status), OfficeState.WAITING)


def office_state_clause(state):
    """SQL condition on OnlineApplication: the application is in ``state``."""
    if state == OfficeState.DELETED:
        return OnlineApplication.case_id.is_(None)
    if state == OfficeState.REGISTERED:
        return OnlineApplication.case.has(Case.number.is_not(None))
    return OnlineApplication.case.has(Case.number.is_(None) & (Case.status == _BEFORE_ACCEPTANCE[state]))


def waiting_count(street_id=None):
    """Applications whose case still waits to be accepted or refused, in ``street_id`` (None: all)."""
    statement = _waiting_statement(street_id is not None)
    return db.session.scalar(statement, {"street_id": street_id} if street_id is not None else {})


@cache
def _waiting_statement(in_one_street):
    """The count, built once (it runs on every admin page, for the menu). Counted from the
    applications, each looking up its case (EXISTS): a join let SQLite start from every
    registered case, 28 ms at 200,000 cases."""
    waiting = Case.status == CaseStatus.REGISTERED
    if in_one_street:
        waiting = waiting & (Case.street_id == bindparam("street_id"))
    return select(func.count()).select_from(OnlineApplication).where(OnlineApplication.case.has(waiting))


def state_of(application):
    case = db.session.get(Case, application.case_id) if application.case_id else None
    if case is None:
        return ApplicationState.CLOSED
    return STATE_OF_CASE[CaseStatus(case.status)]


def went_to(application):
    """The body the case went to (a partner body, or the committee it was escalated to), or None."""
    from portal.services.linkage import went_to as body_of

    case = db.session.get(Case, application.case_id) if application.case_id else None
    return body_of(case) if case is not None else None
