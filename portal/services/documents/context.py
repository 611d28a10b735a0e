"""What a document's placeholders stand for: plain values drawn from a case and its records.

Every value is text in Simplified Chinese, as the document prints it (dates in full, amounts in
yuan, labels in Chinese): build the context inside ``force_locale("zh_Hans_CN")``
(``portal.services.documents.render`` does). A template asking for a placeholder the context
does not have fails with :class:`MissingPlaceholder` naming it, never with an empty blank.

Personal data is masked for readers who may not see it (``masked=True``), the way the screens
mask it: the family name stays, ID numbers and phones keep their ends, addresses go.
"""
from portal.models.case_records import (
    AgreementKind, ConfirmationOutcome, FollowUpMethod, MeetingKind, Performance, RiskLevel, Satisfaction,
)
from portal.models.cases import CaseStatus, PartyKind, PartyRole, RemedyRoute, Retention
from portal.models.linkage import ReferralKind, ReferralResult, ReviewOutcome, ReviewStage
from portal.models.mediators import Sex
from portal.models.organisation import CommitteeLevel
from portal.services import identity
from portal.services.documents.dates import age_on, amount, numeric_date, official_date, official_span

SEPARATOR = "、"
HIDDEN = "***"


class MissingPlaceholder(Exception):
    """A template asked for a value this document does not have; ``name`` says which."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name


class Fields(dict):
    """The placeholder values of one thing (the case, a party…), read as ``party.name``.

    ``path`` names the thing in messages: ``parties.nmae`` says where the misspelt name was.
    """

    def __init__(self, path, values=()):
        super().__init__(values)
        self._path = path

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise MissingPlaceholder(f"{self._path}.{name}") from None


def fields(path, **values):
    return Fields(path, values)


def items(path, rows):
    """A list of Fields for a loop; each row says where it came from in messages."""
    return [Fields(path, row) for row in rows]


def _label(enum_cls, value):
    return str(enum_cls.label_of(value)) if value else ""


def _name(record):
    return getattr(record, "name", "") if record is not None else ""


def chinese_count(n):
    """1–99 in Chinese numerals (copies: 一式三份)."""
    from portal.services.documents.dates import DIGITS

    if n is None:
        return ""
    if n < 10:
        return DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


class Masker:
    """Personal values in full, or masked as the screens mask them."""

    def __init__(self, masked):
        self.masked = masked

    def name(self, value):
        return identity.mask_name(value) if self.masked else (value or "")

    def id_number(self, value):
        return identity.mask_id_number(value) if self.masked else (value or "")

    def phone(self, value):
        return identity.mask_phone(value) if self.masked else (value or "")

    def hidden(self, value):
        return (HIDDEN if value else "") if self.masked else (value or "")


# --- pieces ----------------------------------------------------------------------------------------

def committee_fields(committee):
    office_address = committee.address if committee is not None else ""
    return fields(
        "committee", name=_name(committee), short_name=getattr(committee, "short_name", "") or "",
        address=office_address or "", phone=getattr(committee, "phone", "") or "",
        level=_label(CommitteeLevel, getattr(committee, "level", None)),
    )


def party_birth_date(party):
    if party.birth_date is not None:
        return party.birth_date
    if party.id_number and party.kind == PartyKind.PERSON and identity.is_valid_id_number(party.id_number):
        return identity.id_birth_date(party.id_number)
    return None


def party_row(party, mask, on):
    person = party.kind == PartyKind.PERSON
    born = party_birth_date(party) if person else None
    age = age_on(born, on)
    row = {
        "role": _label(PartyRole, party.role),
        "kind": "自然人" if person else "单位",
        "is_person": person,
        "name": mask.name(party.name),
        "sex": _label(Sex, party.sex) if person else "",
        "ethnicity": _name(party.ethnicity) if person else "",
        "birth_date": mask.hidden(numeric_date(born)),
        "age": mask.hidden(f"{age}岁" if age is not None else ""),
        "occupation": party.occupation or "",
        "address": mask.hidden(party.address),
        "id_number": mask.id_number(party.id_number),
        "phone": mask.phone(party.phone),
        "representative": mask.name(party.representative),
    }
    row["details"] = party_details(row)
    return row


def party_details(row):
    """The party's details in one line, as the formats write them after the name."""
    if row["is_person"]:
        born = row["birth_date"] and row["birth_date"] != HIDDEN and f"{row['birth_date']}出生"
        parts = [row["sex"], row["ethnicity"], born or row["age"], row["occupation"],
                 row["id_number"] and f"身份证号码{row['id_number']}", row["address"] and f"住{row['address']}",
                 row["phone"] and f"联系电话{row['phone']}"]
    else:
        parts = [row["id_number"] and f"统一社会信用代码{row['id_number']}", row["address"] and f"住所地{row['address']}",
                 row["representative"] and f"法定代表人（负责人）{row['representative']}",
                 row["phone"] and f"联系电话{row['phone']}"]
    return "，".join(part for part in parts if part)


def mediator_rows(mediators):
    return items("mediators", ({"name": m.name} for m in mediators))


def case_fields(case, mask):
    return fields(
        "case",
        number=case.number or "", title=case.title or "",
        dispute_type=_name(case.dispute_type), source=_name(case.source),
        status=_label(CaseStatus, case.status),
        street=_name(case.street), community=_name(case.community),
        received_on=official_date(case.received_on), accepted_on=official_date(case.accepted_on),
        due_on=official_date(case.due_on), concluded_on=official_date(case.concluded_on),
        archived_on=official_date(case.archived_on), retention=_label(Retention, case.retention),
        facts=case.facts or "", amount=amount(case.amount),
        refusal_reason=case.refusal_reason or "", referred_to=case.referred_to or "",
        failure_routes=SEPARATOR.join(_label(RemedyRoute, r) for r in case.failure_route_list),
        transferred_to=_name(case.transferred_to),
        start_level=_label(CommitteeLevel, case.start_level),
    )


def agreement_fields(agreement):
    if agreement is None:
        return fields("agreement", kind="", is_written=False, signed_on="", facts="", responsibilities="", terms="",
                      performance_method="", performance_place="", performance_deadline="", amount="",
                      copies="", copies_text="")
    return fields(
        "agreement",
        kind=_label(AgreementKind, agreement.kind), is_written=agreement.kind == AgreementKind.WRITTEN,
        signed_on=official_date(agreement.signed_on), facts=agreement.facts or "",
        responsibilities=agreement.responsibilities or "", terms=agreement.terms or "",
        performance_method=agreement.performance_method or "", performance_place=agreement.performance_place or "",
        performance_deadline=official_date(agreement.performance_deadline), amount=amount(agreement.amount),
        copies=str(agreement.copies), copies_text=chinese_count(agreement.copies),
    )


def confirmation_fields(confirmation):
    if confirmation is None:
        return fields("confirmation", applied_on="", court="", outcome="", decided_on="", court_address="")
    return fields(
        "confirmation", applied_on=official_date(confirmation.applied_on), court=_name(confirmation.court),
        court_address=getattr(confirmation.court, "address", "") or "",
        outcome=_label(ConfirmationOutcome, confirmation.outcome), decided_on=official_date(confirmation.decided_on),
    )


def review_rows(case):
    return items("reviews", (
        {"stage": _label(ReviewStage, r.stage), "judge": r.judge_name, "liaison_point": _name(r.liaison_point),
         "sent_on": official_date(r.sent_on), "reviewed_on": official_date(r.reviewed_on),
         "outcome": _label(ReviewOutcome, r.outcome), "comments": r.comments or ""}
        for r in getattr(case, "judge_reviews", [])
    ))


# --- per-record documents ---------------------------------------------------------------------------

def meeting_fields(meeting, mask, index):
    return fields(
        "meeting",
        number=chinese_count(index), kind=_label(MeetingKind, meeting.kind),
        time=official_span(meeting.starts_at, meeting.ends_at), date=official_date(meeting.starts_at),
        place=meeting.place or "",
        mediators=SEPARATOR.join(m.name for m in meeting.mediators),
        parties=SEPARATOR.join(mask.name(p.name) for p in meeting.parties),
        invited=meeting.invited_helpers or "", recorder=meeting.recorder or "",
        summary=meeting.summary or "", outcome=meeting.outcome or "",
    )


def follow_up_fields(follow_up):
    return fields(
        "follow_up",
        due_on=official_date(follow_up.due_on), done_on=official_date(follow_up.done_on),
        method=_label(FollowUpMethod, follow_up.method), visited_by=follow_up.visited_by or "",
        performed=_label(Performance, follow_up.performed), satisfaction=_label(Satisfaction, follow_up.satisfaction),
        lawsuit=("是" if follow_up.lawsuit else "否") if follow_up.done_on else "",
        risk=_label(RiskLevel, follow_up.risk), measures=follow_up.measures or "", notes=follow_up.notes or "",
    )


def referral_fields(referral):
    partner = referral.partner
    return fields(
        "referral",
        kind=_label(ReferralKind, referral.kind),
        verb="移交" if referral.kind == ReferralKind.TRANSFER else "委托",
        partner=_name(partner), partner_address=getattr(partner, "address", "") or "",
        partner_contact=getattr(partner, "contact_name", "") or "", partner_phone=getattr(partner, "phone", "") or "",
        sent_on=official_date(referral.sent_on), matter=referral.matter or "",
        receipt_on=official_date(referral.receipt_on), receipt_by=referral.receipt_by or "",
        feedback_on=official_date(referral.feedback_on), handling=referral.handling or "",
        result=_label(ReferralResult, referral.result) if referral.feedback_on else "",
    )


def blank_referral(case):
    """The transfer letter of a case transferred before transfers had their own record."""
    from portal.models.linkage import CaseReferral

    return CaseReferral(kind=ReferralKind.TRANSFER, partner=case.transferred_to, sent_on=case.concluded_on)


# --- masking free text ----------------------------------------------------------------------------------

def personal_values(case, mask):
    """{a party's personal value: its masked form}, longest first, to mask free text (facts and
    records often name the parties: 李四家装修损坏张三家外墙)."""
    found = {}
    for party in case.parties:
        for value, masked in ((party.name, mask.name(party.name)), (party.id_number, mask.id_number(party.id_number)),
                              (party.phone, mask.phone(party.phone)), (party.address, HIDDEN),
                              (party.representative, mask.name(party.representative))):
            if value and len(value) > 1:
                found[value] = masked
    return dict(sorted(found.items(), key=lambda pair: -len(pair[0])))


def scrub(value, replacements):
    """``value`` (text, Fields, lists of them) with every personal value replaced by its mask."""
    if isinstance(value, Fields):
        return Fields(value._path, {key: scrub(inner, replacements) for key, inner in value.items()})
    if isinstance(value, dict):
        return {key: scrub(inner, replacements) for key, inner in value.items()}
    if isinstance(value, list):
        return [scrub(inner, replacements) for inner in value]
    if isinstance(value, str):
        for plain, masked in replacements.items():
            value = value.replace(plain, masked)
    return value


# --- the whole context -------------------------------------------------------------------------------

def base_context(case, *, masked):
    """What every document of ``case`` may use."""
    mask = Masker(masked)
    on = (case.agreement.signed_on if case.agreement is not None else None) or case.concluded_on or case.received_on
    parties = [party_row(p, mask, on) for p in case.parties]
    return {
        "committee": committee_fields(case.committee),
        "case": case_fields(case, mask),
        "parties": items("parties", parties),
        "applicants": items("applicants", [p for p, party in zip(parties, case.parties) if party.role == PartyRole.APPLICANT]),
        "respondents": items("respondents", [p for p, party in zip(parties, case.parties) if party.role != PartyRole.APPLICANT]),
        "mediators": mediator_rows(case.mediators),
        "mediator_names": SEPARATOR.join(m.name for m in case.mediators),
        "agreement": agreement_fields(case.agreement),
        "confirmation": confirmation_fields(case.confirmation),
        "reviews": review_rows(case),
        "today": official_date(_today()),
        "district": _name(getattr(case.street, "district", None)),
    }


def _today():
    from portal import timeutil

    return timeutil.today()
