"""Historical cases from an office's case register (調解台帳), with parties and outcome.

A case is matched by its number, kept exactly as the register gives it (unique, as the portal
requires). Only accepted cases carry a number, so a row says how far the case went: accepted,
in mediation, settled, failed, escalated, transferred or archived, with the dates of acceptance
and conclusion. The timeline records the acceptance and the outcome on those dates, a settled
case gets its agreement, and the committee's number counter moves past an imported number in
the portal's own format, so the next acceptance never collides with it.

A case already in the portal changes here only where its edit form would change it (title,
type, source, community, received date, facts, amount, mediators; parties are added); its
status and step dates change only through the steps on its page.
"""
import re
import string
from datetime import timedelta

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    AgreementKind, Case, CaseAgreement, CaseEvent, CaseParty, CaseSource, CaseStatus,
    DisputeType, Mediator, PartyKind, PartyRole, Transition,
)
from portal.models.cases import Retention
from portal.models.users import Role
from portal.services import identity
from portal.services.access import Area
from portal.services.imports.kinds.base import COMMUNITY_HEADERS, Column, Kind
from portal.services.imports.values import (
    Choice, DateValue, IdNumber, Lookup, Number, Phone, Ref, RefList, Text, TextList, norm,
)

S = CaseStatus
IMPORTABLE = (S.ACCEPTED, S.IN_MEDIATION, S.ESCALATED, S.SETTLED, S.FAILED, S.TRANSFERRED, S.ARCHIVED)
CONCLUDED = frozenset({S.SETTLED, S.FAILED, S.TRANSFERRED, S.ARCHIVED})
# The step that led to each status, for the timeline.
OUTCOME_STEP = {
    S.IN_MEDIATION: Transition.START, S.ESCALATED: Transition.ESCALATE, S.SETTLED: Transition.SETTLE,
    S.FAILED: Transition.FAIL, S.TRANSFERRED: Transition.TRANSFER, S.ARCHIVED: Transition.ARCHIVE,
}
# How registers write outcomes.
LEDGER_WORDS = {
    "成功": S.SETTLED, "调解成功": S.SETTLED, "已调解": S.SETTLED, "不成功": S.FAILED, "失败": S.FAILED,
    "调解失败": S.FAILED, "受理": S.ACCEPTED, "正在调解": S.IN_MEDIATION, "移交": S.TRANSFERRED,
    "升级": S.ESCALATED, "归档": S.ARCHIVED,
}
LIFECYCLE_COLUMNS = ("status", "accepted_on", "concluded_on", "transferred_to", "archived_on", "retention")
PARTY_COLUMNS = {
    PartyRole.APPLICANT: ("applicants", "applicant_ids", "applicant_phones"),
    PartyRole.RESPONDENT: ("respondents", "respondent_ids", "respondent_phones"),
}


def _names():
    return TextList(Text(100))


class CaseImport(Kind):
    key = "cases"
    label = _l("Dispute cases")
    model = Case
    area = Area.CASES
    key_column = "number"
    street_column = "committee"
    derived = ("start_level", "settled_level", "street", "due_on")
    help = _l("One row per accepted case, with the number the register gave it. A case is matched "
              "by its number: importing the file again updates cases instead of adding them twice. "
              "Separate several parties in one cell with 、; give their ID numbers and phones in the "
              "same order.")
    columns = (
        Column("number", Text(60), required=True, aliases=("案号", "案件编号", "案件編號"), example="（2024）和平调字第0001号"),
        Column("title", Text(200), required=True, aliases=("案件名称", "案件名稱"), example="张某与李某邻里通道纠纷"),
        Column("dispute_type", Lookup(DisputeType), required=True, aliases=("纠纷类别", "糾紛類別"), example="neighbour"),
        Column("source", Lookup(CaseSource), required=True, example="application"),
        Column("committee", Ref("committee"), required=True, aliases=("调委会", "調委會", "调解组织"), example=None),
        Column("community", Ref("community"), aliases=COMMUNITY_HEADERS, example=None),
        Column("received_on", DateValue(not_future=True), required=True, aliases=("登记日期", "登記日期"), example="2024-03-01"),
        Column("accepted_on", DateValue(not_future=True), example="2024-03-02"),
        Column("status", Choice(CaseStatus, IMPORTABLE, aliases=LEDGER_WORDS), required=True, label=_l("Status"),
               aliases=("调解结果", "調解結果"), example=CaseStatus.SETTLED),
        Column("concluded_on", DateValue(not_future=True), aliases=("结案日期", "結案日期"), example="2024-03-20"),
        Column("agreement_kind", Choice(AgreementKind), label=_l("Agreement kind"), attr=None, example=AgreementKind.WRITTEN),
        Column("terms", Text(5000, multiline=True), label=_l("Agreed terms"), attr=None, example="李某于2024年4月1日前拆除占道杂物。"),
        Column("amount", Number(2, maximum=10**12 - 1), aliases=("涉及金额", "涉及金額", "金额"), example="0"),
        Column("facts", Text(5000, multiline=True), aliases=("纠纷简要情况", "糾紛簡要情況"), example=None),
        Column("mediators", RefList("mediator"), aliases=("调解员", "調解員"), example=None),
        Column("applicants", _names(), label=_l("Applicants"), attr=None, example="张某"),
        Column("applicant_ids", TextList(IdNumber(organisations=True)), label=_l("Applicants' ID numbers"), attr=None,
               example=None),
        Column("applicant_phones", TextList(Phone("personal", max_length=30)), label=_l("Applicants' phones"),
               attr=None, example=None),
        Column("respondents", _names(), label=_l("Respondents"), attr=None, example="李某"),
        Column("respondent_ids", TextList(IdNumber(organisations=True)), label=_l("Respondents' ID numbers"),
               attr=None, example=None),
        Column("respondent_phones", TextList(Phone("personal", max_length=30)), label=_l("Respondents' phones"),
               attr=None, example=None),
        Column("transferred_to", Ref("partner"), example=None),
        Column("archived_on", DateValue(not_future=True), example=None),
        Column("retention", Choice(Retention), example=None),
    )

    # --- matching ----------------------------------------------------------------------------------
    def empty_allowed(self, key):
        # A row without a number may be a case the portal already has that was never accepted
        # (an export lists registered cases too): checked in _check_new.
        return key == "number"

    def natural_key(self, row, run):
        number = row.values.get("number")
        if number:
            return number
        committee, received, title = (row.values.get(k) for k in ("committee", "received_on", "title"))
        if committee is not None and received and title:
            return ("unnumbered", committee.id, received, norm(title))
        return None

    def load_existing(self, rows, run):
        self._prefetch_mediators(rows, run)
        numbers = [row.key for row in rows if isinstance(row.key, str)]
        unnumbered = [row.key for row in rows if isinstance(row.key, tuple)]
        found = {}
        loading = (selectinload(Case.parties), selectinload(Case.mediators), selectinload(Case.events))
        if numbers:
            records = db.session.scalars(select(Case).where(Case.number.in_(numbers)).options(*loading))
            found.update((case.number, case) for case in records)
        if unnumbered:
            candidates = {}
            records = db.session.scalars(select(Case).where(
                Case.number.is_(None), Case.committee_id.in_({key[1] for key in unnumbered}),
                Case.received_on.in_({key[2] for key in unnumbered})).options(*loading))
            for case in records:
                candidates.setdefault(("unnumbered", case.committee_id, case.received_on, norm(case.title)), []).append(case)
            for row in rows:
                matches = candidates.get(row.key, []) if isinstance(row.key, tuple) else []
                if len(matches) == 1:
                    found[row.key] = matches[0]
                elif len(matches) > 1:
                    row.fail("title", "ambiguous", what="case", value=row.values.get("title"))
        return found

    def _prefetch_mediators(self, rows, run):
        """The mediators named in this chunk, as records, in one query (saving assigns them)."""
        if not run.save:
            return
        cache = run.cache.setdefault("mediators", {})
        wanted = {m.id for row in rows for m in row.values.get("mediators") or []} - set(cache)
        if wanted:
            cache.update((m.id, m) for m in db.session.scalars(select(Mediator).where(Mediator.id.in_(wanted))))

    def street_of(self, values, record, run):
        committee = values.get("committee") or (record.committee if record is not None else None)
        return committee.street_id if committee is not None else None

    # --- rules -------------------------------------------------------------------------------------
    def check(self, row, record, run):
        values = row.values
        committee, community = values.get("committee"), values.get("community")
        if committee is not None and community is not None and committee.street_id is not None \
                and community.street_id != committee.street_id:
            row.fail("community", "community_street", community=community.name, street=committee.street.name)
        self._check_parties(row)
        if record is None:
            self._check_new(row, run)
        else:
            self._check_existing(row, record, run)

    def _check_parties(self, row):
        for names_key, ids_key, phones_key in PARTY_COLUMNS.values():
            names = row.values.get(names_key) or []
            for key in (ids_key, phones_key):
                given = row.values.get(key) or []
                if given and len(given) != len(names):
                    row.fail(key, "list_lengths", column=str(self.by_key[names_key].label))

    def _check_new(self, row, run):
        values = row.values
        status = values.get("status")
        if not values.get("number"):
            row.fail("number", "unnumbered_new" if "title" in values else "required")
        if status and status not in IMPORTABLE:
            row.fail("status", "status_not_importable", status=CaseStatus.label_of(status))
            return
        received = values.get("received_on")
        accepted = values.get("accepted_on") or received
        values["accepted_on"] = accepted
        if received and accepted and accepted < received:
            row.fail("accepted_on", "not_before", what=str(self.by_key["received_on"].label))
        label = CaseStatus.label_of(status) if status else ""
        concluded = values.get("concluded_on")
        if status in CONCLUDED:
            if not concluded:
                row.fail("concluded_on", "needs_for_status", status=label)
            elif accepted and concluded < accepted:
                row.fail("concluded_on", "not_before", what=str(self.by_key["accepted_on"].label))
        if status == S.TRANSFERRED and not values.get("transferred_to"):
            row.fail("transferred_to", "needs_for_status", status=label)
        if status == S.ARCHIVED:
            values["archived_on"] = values.get("archived_on") or concluded
            if not values.get("retention"):
                row.fail("retention", "needs_for_status", status=label)
            if concluded and values["archived_on"] and values["archived_on"] < concluded:
                row.fail("archived_on", "not_before", what=str(self.by_key["concluded_on"].label))

    def _check_existing(self, row, record, run):
        values = row.values
        if record.status == S.ARCHIVED and run.user is not None and run.user.role != Role.ADMIN:
            run.cache.setdefault("archived_rows", set()).add(row.number)
        for key in LIFECYCLE_COLUMNS:
            if key not in values or values[key] is None:
                continue
            column = self.by_key[key]
            old = getattr(record, column.attr)
            if not column.value.same(old, values[key]):
                if key == "status":
                    row.fail("status", "status_changed", status=CaseStatus.label_of(record.status))
                else:
                    row.fail(key, "lifecycle_changed", value=column.value.display(old) or "—")
        committee = values.get("committee")
        if committee is not None and committee.id != record.committee_id and record.status != S.REGISTERED:
            row.fail("committee", "committee_changed")
        received = values.get("received_on")
        first_step = min((e.occurred_on for e in record.events if e.occurred_on is not None), default=None)
        if received and first_step and received > first_step:
            row.fail("received_on", "not_after_first_step", date=first_step)

    def check_changes(self, row, record, run):
        """An archived case is read-only except for the district office (when anything changes)."""
        if row.changes and row.number in run.cache.get("archived_rows", ()):
            row.fail("number", "archived")

    # --- parties -----------------------------------------------------------------------------------
    def compare(self, record, column, new, row, run):
        for role, (names_key, ids_key, phones_key) in PARTY_COLUMNS.items():
            if column.key == names_key:
                old = [p.name for p in record.parties if p.role == role]
                added = [name for name in new or [] if name not in old]
                return ("、".join(old), "、".join(old + added)) if added else None
            if column.key in (ids_key, phones_key):
                attr = "id_number" if column.key == ids_key else "phone"
                existing = {p.name: p for p in record.parties if p.role == role}
                pairs = zip(row.values.get(names_key) or [], new or [])
                changed = [(getattr(existing[name], attr) or "", value) for name, value in pairs
                           if name in existing and value and (getattr(existing[name], attr) or "") != value]
                if changed:
                    return ("、".join(old for old, _ in changed), "、".join(new for _, new in changed))
        return None

    # --- saving ------------------------------------------------------------------------------------
    def assign(self, record, column, value, row, run):
        if column.key == "mediators":
            cache = run.cache.get("mediators", {})
            record.mediators = [cache[m.id] for m in value or [] if m.id in cache]
        elif column.attr is not None:
            setattr(record, column.attr, value)

    def after_assign(self, record, row, run):
        self._add_parties(record, row)
        if row.record is None:
            self._complete_new(record, row, run)

    def _add_parties(self, record, row):
        for role, (names_key, ids_key, phones_key) in PARTY_COLUMNS.items():
            names = row.values.get(names_key) or []
            ids, phones = row.values.get(ids_key) or [], row.values.get(phones_key) or []
            existing = {p.name: p for p in record.parties if p.role == role}
            for position, name in enumerate(names):
                number = ids[position] if position < len(ids) else None
                phone = phones[position] if position < len(phones) else None
                party = existing.get(name)
                if party is None:
                    party = CaseParty(role=role, name=name, kind=_party_kind(number))
                    record.parties.append(party)
                    existing[name] = party
                if number and party.id_number != number:
                    party.id_number = number
                    party.kind = _party_kind(number)
                if number and party.kind == PartyKind.PERSON and not party.sex:
                    party.sex = identity.id_sex(number)
                if phone and party.phone != phone:
                    party.phone = phone

    def _complete_new(self, case, row, run):
        values, committee = row.values, row.values["committee"]
        status = values["status"]
        case.origin_committee = committee
        case.start_level = committee.level
        case.due_on = values["accepted_on"] + timedelta(days=current_app.config["PORTAL_CASE_TIME_LIMIT_DAYS"])
        note = gettext("Imported from the case register.")
        case.events.append(CaseEvent(
            transition=Transition.ACCEPT, from_status=S.REGISTERED, to_status=S.ACCEPTED,
            occurred_on=values["accepted_on"], note=note,
        ))
        step = OUTCOME_STEP.get(status)
        if step is not None:
            on = values.get("concluded_on") or values["accepted_on"]
            if status == S.ARCHIVED:
                on = values.get("archived_on") or on
            case.events.append(CaseEvent(
                transition=step, from_status=S.ACCEPTED, to_status=status, occurred_on=on, note=note,
            ))
        if status == S.SETTLED or (status == S.ARCHIVED and values.get("agreement_kind")):
            case.settled_level = committee.level
            case.agreement = CaseAgreement(
                kind=values.get("agreement_kind") or AgreementKind.WRITTEN, signed_on=values["concluded_on"],
                terms=values.get("terms") or gettext("As recorded in the paper dossier."),
                facts=values.get("facts") or "", amount=values.get("amount"),
                copies=max(len(values.get("applicants") or []) + len(values.get("respondents") or []), 2) + 1,
            )
        self._note_number(case.number, committee, run)

    # --- numbers -----------------------------------------------------------------------------------
    def _note_number(self, number, committee, run):
        """Remember the highest sequence seen per committee and year, for the counters."""
        match = number_pattern().match(number or "")
        if match is None:
            return
        parts = match.groupdict()
        if parts.get("short") is not None and parts["short"] != committee.short_name:
            return
        if parts.get("committee") is not None and parts["committee"] != committee.name:
            return
        try:
            year, seq = int(parts["year"]), int(parts["seq"])
        except (KeyError, TypeError, ValueError):
            return
        highest = run.cache.setdefault("numbers", {})
        key = (committee, year)
        highest[key] = max(highest.get(key, 0), seq)

    def finish(self, run):
        from portal.services.cases import number_used

        db.session.flush()
        for (committee, year), seq in run.cache.get("numbers", {}).items():
            number_used(committee.id, year, seq)


def _party_kind(number):
    if number and identity.is_valid_credit_code(number) and not identity.is_valid_id_number(number):
        return PartyKind.ORGANISATION
    return PartyKind.PERSON


def number_pattern():
    """A regular expression reading year and sequence out of a number in the configured format."""
    fmt = current_app.config["PORTAL_CASE_NUMBER_FORMAT"]
    cached = _PATTERNS.get(fmt)
    if cached is None:
        parts = []
        for literal, field_name, _spec, _conversion in string.Formatter().parse(fmt):
            parts.append(re.escape(literal))
            if field_name in ("year", "seq"):
                parts.append(rf"(?P<{field_name}>\d+)")
            elif field_name in ("short", "committee"):
                parts.append(rf"(?P<{field_name}>.+?)")
        cached = _PATTERNS[fmt] = re.compile("^" + "".join(parts) + "$")
    return cached


_PATTERNS = {}
