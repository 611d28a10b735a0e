"""The standard documents: what each is called, where it goes in the dossier, for which cases
(and which of their records) it is made, and what its placeholders stand for beyond the case's
own (``portal.services.documents.context.base_context``)."""
from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.models.case_records import AgreementKind, ConfirmationOutcome, DocumentKind, MeetingKind
from portal.models.cases import CaseStatus
from portal.services.documents import context as ctx


@dataclass(frozen=True)
class Item:
    """One document to offer: ``spec`` made for ``record`` (a meeting, a follow-up…) or the case."""

    spec: "DocumentSpec"
    record: object = None
    number: int = 1      # which meeting of its kind (第二次调解)

    @property
    def record_id(self):
        return getattr(self.record, "id", None)


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str                    # the official title, printed on the paper (Simplified Chinese)
    label: object                 # its name on the screens, translated
    dossier_kind: DocumentKind    # where it is bound in the dossier
    records: Callable             # case -> the records it is made for ([None] for the case itself)
    extra: Callable = None        # (case, record, mask, number) -> extra placeholder values
    # The paper carries the parties' signatures: a signed scan replaces it in the dossier.
    signed: bool = False
    dossier: bool = True          # bound among the case's documents (not the cover, index, back)
    names: tuple = field(default=())  # placeholders beyond the base context
    # Which of its records belong in the dossier (a follow-up only once it was done).
    binds: Callable = lambda case, record: True

    def items(self, case):
        return [Item(self, record, index) for index, record in enumerate(self.records(case), start=1)]


def _once_if(condition):
    return lambda case: [None] if condition(case) else []


def _meetings(kind):
    return lambda case: [s for s in case.sessions if s.kind == kind]


def _application_extra(case, record, mask, number):
    from portal.models.applications import OnlineApplication

    requests = ""
    if case.id is not None:
        requests = db.session.scalar(select(OnlineApplication.requests).where(OnlineApplication.case_id == case.id)) or ""
    else:  # the specimen case (never saved) carries its requests itself
        requests = getattr(case, "specimen_requests", "")
    return {"application": ctx.fields("application", requests=requests)}


def _meeting_extra(case, record, mask, number):
    return {"meeting": ctx.meeting_fields(record, mask, number)}


def _signature_extra(case, record, mask, number):
    # One signature line per mediator, names not printed: each signs their own.
    lines = max(len(case.mediators), 1)
    return {"mediator_signatures": ctx.items("mediator_signatures", ({"number": n} for n in range(1, lines + 1)))}


def _follow_up_extra(case, record, mask, number):
    return {"follow_up": ctx.follow_up_fields(record)}


def _referrals(case):
    referrals = list(getattr(case, "referrals", []))
    if not referrals and case.transferred_to is not None:
        referrals = [ctx.blank_referral(case)]
    return referrals


def _referral_extra(case, record, mask, number):
    return {"referral": ctx.referral_fields(record)}


def _dossier_extra(case, record, mask, number):
    # Filled in by portal.services.documents.dossier, which knows the pages.
    from portal.services.documents.dossier import dossier_fields

    return {"dossier": dossier_fields(case, mask)}


def _confirmable(case):
    from portal.services.cases import confirmation_refusal

    if confirmation_refusal(case) is not None:
        return False
    return case.confirmation is None or case.confirmation.outcome != ConfirmationOutcome.WITHDRAWN


def _written(case):
    return case.agreement is not None and case.agreement.kind == AgreementKind.WRITTEN


def _oral(case):
    return case.agreement is not None and case.agreement.kind == AgreementKind.ORAL


K = DocumentKind
SPECS = (
    DocumentSpec("application", "人民调解申请书", _l("Application for mediation"), K.APPLICATION,
                 _once_if(lambda case: True), _application_extra, signed=True, names=("application",)),
    DocumentSpec("acceptance", "人民调解受理登记表", _l("Acceptance register form"), K.APPLICATION,
                 _once_if(lambda case: case.accepted_on is not None)),
    DocumentSpec("refusal_notice", "不予受理告知书", _l("Notice of refusal"), K.APPLICATION,
                 _once_if(lambda case: bool(case.refusal_reason) or case.status == CaseStatus.REFUSED)),
    DocumentSpec("rights_notice", "当事人权利义务告知书", _l("Notice of the parties' rights and duties"),
                 K.RIGHTS_NOTICE, _once_if(lambda case: case.accepted_on is not None)),
    DocumentSpec("investigation", "人民调解调查记录", _l("Investigation record"), K.INVESTIGATION,
                 _meetings(MeetingKind.INVESTIGATION), _meeting_extra, names=("meeting",)),
    DocumentSpec("mediation_record", "人民调解记录", _l("Mediation record"), K.MEDIATION_RECORD,
                 _meetings(MeetingKind.MEDIATION), _meeting_extra, names=("meeting",)),
    DocumentSpec("agreement", "人民调解协议书", _l("Mediation agreement"), K.AGREEMENT,
                 _once_if(_written), _signature_extra, signed=True, names=("mediator_signatures",)),
    DocumentSpec("oral_agreement", "人民调解口头协议登记表", _l("Oral agreement register form"), K.AGREEMENT,
                 _once_if(_oral), signed=True),
    DocumentSpec("follow_up", "人民调解回访记录", _l("Follow-up record"), K.FOLLOW_UP,
                 lambda case: list(case.follow_ups), _follow_up_extra, names=("follow_up",),
                 binds=lambda case, record: record.done_on is not None),
    DocumentSpec("referral_letter", "纠纷移交（委托）函", _l("Transfer or entrustment letter with receipt"), K.NOTES,
                 _referrals, _referral_extra, names=("referral",)),
    DocumentSpec("confirmation_application", "司法确认申请书", _l("Joint application for judicial confirmation"),
                 K.JUDICIAL_CONFIRMATION, _once_if(_confirmable), signed=True,
                 binds=lambda case, record: case.confirmation is not None),
    DocumentSpec("cover", "卷宗封面", _l("Dossier cover"), K.APPLICATION, _once_if(lambda case: True),
                 _dossier_extra, dossier=False, names=("dossier",)),
    DocumentSpec("index", "卷内目录", _l("Dossier index"), K.APPLICATION, _once_if(lambda case: True),
                 _dossier_extra, dossier=False, names=("dossier",)),
    DocumentSpec("back_cover", "卷内备考表", _l("Dossier back page"), K.BACK_COVER, _once_if(lambda case: True),
                 _dossier_extra, dossier=False, names=("dossier",)),
)
BY_KEY = {spec.key: spec for spec in SPECS}


def spec_of(key):
    return BY_KEY.get(key)


def offered(case):
    """Every document ``case`` has now, in the order of the dossier (then the dossier's own pages)."""
    return [item for spec in SPECS for item in spec.items(case)]


def find_item(case, key, record_id=None):
    """The document ``key`` (for the record ``record_id``) of ``case``, or None if it has none."""
    spec = spec_of(key)
    if spec is None:
        return None
    for item in spec.items(case):
        if record_id is None or item.record_id == record_id:
            return item
    return None


def context_for(item, case, *, masked, given=None):
    """Every placeholder value of ``item`` (call inside force_locale("zh_Hans_CN")); ``given``
    holds values already worked out (the dossier's pages, while the dossier is bound)."""
    mask = ctx.Masker(masked)
    values = ctx.base_context(case, masked=masked)
    given = given or {}
    if item.spec.extra is not None and not all(name in given for name in item.spec.names):
        values.update(item.spec.extra(case, item.record, mask, item.number))
    values.update(given)
    if masked:
        values = ctx.scrub(values, ctx.personal_values(case, mask))
    return values


def bound_items(case):
    """The documents bound among the case's papers, in dossier order."""
    return [item for item in offered(case) if item.spec.dossier and item.spec.binds(case, item.record)]


def generated_kinds(case):
    """{DocumentKind: number of documents the portal makes from the case's records}, for the
    dossier checklist (the cover, index and back page are made for every case)."""
    counts = {DocumentKind.BACK_COVER: 1}
    for item in bound_items(case):
        counts[item.spec.dossier_kind] = counts.get(item.spec.dossier_kind, 0) + 1
    return counts
