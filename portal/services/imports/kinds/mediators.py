"""Mediators (人民調解員) with the committees they sit on.

A mediator is matched by ID number. A masked ID number, as exports show it, matches the mediator
of that name whose number it masks (so an export imports back unchanged); a row without any is
matched by name within the street when exactly one mediator there has that name. Committees
listed on a row are added to the mediator's memberships (never removed: a ledger row lists where
someone sits, not where they stopped); post, how chosen and term apply to the listed committees.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    CommitteeMembership, EducationLevel, Employment, Ethnicity, Mediator, MediatorGrade, MediatorStatus,
    PoliticalStatus, Post, Selection, Sex,
)
from portal.services import identity
from portal.services.access import Area
from portal.services.imports.kinds.base import Column, Kind
from portal.services.imports.values import (
    Choice, DateValue, IdNumber, Lookup, Masked, Phone, Ref, RefList, Text, YesNo, norm,
)

MEMBERSHIP_COLUMNS = ("post", "selection", "term_start", "term_end")


class MediatorImport(Kind):
    key = "mediators"
    label = _l("Mediators")
    model = Mediator
    area = Area.MEDIATORS
    key_column = "id_number"
    street_column = "street"
    help = _l("One row per mediator. A mediator is matched by ID number, so importing the file again "
              "updates people instead of adding them twice. Date of birth and sex may be left empty: "
              "they are read from the ID number.")
    columns = (
        Column("name", Text(40), required=True, example="张秀英"),
        Column("sex", Choice(Sex), example=Sex.FEMALE),
        Column("ethnicity", Lookup(Ethnicity), example="han"),
        Column("birth_date", DateValue(not_future=True), example="1968-05-12"),
        Column("id_number", IdNumber(masked=True), aliases=("身份证号", "身份證號", "公民身份号码"),
               example="11010119680512002X"),
        Column("political_status", Lookup(PoliticalStatus), example="cpc_member"),
        Column("education", Lookup(EducationLevel), example="senior_secondary"),
        Column("occupation", Text(80), example="退休教师"),
        Column("employer", Text(120), example=""),
        Column("mobile", Phone("mobile", masked=True, max_length=20), aliases=("手机", "手機", "联系电话"),
               example="13812345678"),
        Column("landline", Phone("landline", masked=True, max_length=30), example=None),
        Column("address", Text(200), example=None),
        Column("street", Ref("street"), example=None),
        Column("committees", RefList("committee", street_from="street"), label=_l("Committees"), attr=None,
               aliases=("所属调委会", "所屬調委會", "调委会", "調委會"), example=None),
        Column("post", Choice(Post, aliases={"调解员": Post.MEDIATOR, "成员": Post.MEMBER}), attr=None,
               aliases=("职务", "職務"), example=Post.MEDIATOR),
        Column("selection", Choice(Selection), attr=None, example=Selection.ELECTED),
        Column("term_start", DateValue(), attr=None, example="2024-01-01"),
        Column("term_end", DateValue(), attr=None, example="2026-12-31"),
        Column("employment", Choice(Employment), example=Employment.PART_TIME),
        Column("grade", Lookup(MediatorGrade), example="grade_3"),
        Column("speciality", Text(200), example="婚姻家庭、邻里纠纷"),
        Column("joined_on", DateValue(not_future=True), aliases=("任职时间",), example="2019-06-01"),
        Column("status", Choice(MediatorStatus), example=MediatorStatus.ACTIVE),
        Column("is_retired_cadre", YesNo(), example=True),
        Column("is_npc_deputy", YesNo(), example=False),
        Column("is_cppcc_member", YesNo(), example=False),
        Column("is_lawyer", YesNo(), example=False),
        Column("is_judge_instructor", YesNo(), example=False),
        Column("notes", Text(5000, multiline=True)),
    )

    # --- matching ----------------------------------------------------------------------------------
    def natural_key(self, row, run):
        number = row.values.get("id_number")
        name = norm(row.values.get("name"))
        if isinstance(number, str) and number:
            return number
        if not name:
            return None
        street_id = self.street_of(row.values, None, run)
        if isinstance(number, Masked):
            return ("masked", street_id, number.text, name)
        return ("name", street_id, name)

    def load_existing(self, rows, run):
        numbers = [row.key for row in rows if isinstance(row.key, str)]
        names = {row.values.get("name") for row in rows if isinstance(row.key, tuple)}
        query = select(Mediator).options(selectinload(Mediator.memberships).selectinload(CommitteeMembership.committee))
        found = {}
        if numbers:
            found.update((m.id_number, m) for m in db.session.scalars(query.where(Mediator.id_number.in_(numbers))))
        if names:
            named = {}
            for mediator in db.session.scalars(query.where(Mediator.name.in_(names))):
                named.setdefault((mediator.street_id, norm(mediator.name)), []).append(mediator)
            for row in rows:
                if not isinstance(row.key, tuple):
                    continue
                candidates = named.get((row.key[1], row.key[-1]), [])
                if row.key[0] == "masked":
                    candidates = [m for m in candidates if identity.mask_id_number(m.id_number) == row.key[2]]
                if len(candidates) == 1:
                    found[row.key] = candidates[0]
                elif len(candidates) > 1:
                    row.fail("id_number" if "id_number" in row.values else "name", "ambiguous",
                             what="mediator", value=row.values.get("name"))
        return found

    # --- rules (as the mediator form's) -------------------------------------------------------------
    def check(self, row, record, run):
        values = row.values
        number = values.get("id_number") if "id_number" in values else getattr(record, "id_number", None)
        if isinstance(number, Masked):
            number = getattr(record, "id_number", None)
        if isinstance(number, str) and number and not row.errors.get("id_number"):
            born = identity.id_birth_date(number)
            given = values.get("birth_date") if "birth_date" in values else getattr(record, "birth_date", None)
            if given and born and given != born:
                row.fail("birth_date", "birth_date_mismatch")
            elif not given and born and record is None:  # a new person: read from the ID number
                values["birth_date"] = born
            sex = values.get("sex") if "sex" in values else getattr(record, "sex", None)
            if sex and sex != identity.id_sex(number):
                row.fail("sex", "sex_mismatch")
            elif not sex:
                values["sex"] = identity.id_sex(number)
        if record is None and not values.get("sex") and not row.errors.get("sex"):
            row.fail("sex", "required")
        start, end = values.get("term_start"), values.get("term_end")
        if start and end and end <= start:
            row.fail("term_end", "not_before", what=str(self.by_key["term_start"].label))

    # --- memberships -------------------------------------------------------------------------------
    def compare(self, record, column, new, row, run):
        if column.key == "committees":
            old = [m.committee for m in record.memberships]
            added = [c for c in new or [] if c.id not in {o.id for o in old}]
            if added:
                return (column.value.display(old), column.value.display(old + added))
            return None
        if column.key in MEMBERSHIP_COLUMNS and new is not None:
            listed = {c.id for c in row.values.get("committees") or []}
            current = [m for m in record.memberships if m.committee_id in listed]
            old_values = [getattr(m, column.key) for m in current]
            if any(not column.value.same(value, new) for value in old_values):
                return ("、".join(column.value.display(v) for v in old_values), column.value.display(new))
        return None

    def after_assign(self, record, row, run):
        committees = row.values.get("committees") or []
        if not committees:
            return
        by_committee = {m.committee_id: m for m in record.memberships if m.committee_id is not None}
        for committee in committees:
            membership = by_committee.get(committee.id)
            if membership is None:
                # By id where there is one: linking the committee object would load and grow its
                # list of members with every row of a long file.
                link = {"committee_id": committee.id} if committee.id is not None else {"committee": committee}
                membership = CommitteeMembership(post=Post.MEDIATOR, selection=Selection.ELECTED, **link)
                record.memberships.append(membership)
                by_committee[committee.id] = membership
            for key in MEMBERSHIP_COLUMNS:
                value = row.values.get(key)
                if value is not None and getattr(membership, key) != value:
                    setattr(membership, key, value)
