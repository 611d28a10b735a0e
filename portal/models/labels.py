"""Translated names of fields, shared by admin screens, exports and the history view.

Attribute names are consistent across models, so one dictionary serves them all; a model may
override an entry with ``__field_labels__``. A foreign key column (``committee_id``) takes the
label of its relationship (``committee``).
"""
from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "id": _l("ID"),
    "code": _l("Code"),
    "name": _l("Name"),
    "short_name": _l("Short name"),
    "title": _l("Title"),
    "name_zh_hant": _l("Name (Traditional Chinese)"),
    "name_en": _l("Name (English)"),
    "sort_order": _l("Sort order"),
    "is_active": _l("In use"),
    "personal_status": _l("Personal-status matter"),
    "bookable": _l("Bookable room"),
    "senior_secondary_or_above": _l("Senior secondary or above"),
    "district": _l("District"),
    "street": _l("Street"),
    "streets": _l("Streets"),
    "is_pilot": _l("Pilot street"),
    "community": _l("Community / village"),
    "communities": _l("Communities / villages"),
    "grid": _l("Grid"),
    "grids": _l("Grids"),
    "reporters": _l("Information reporters"),
    "kind": _l("Kind"),
    "level": _l("Level"),
    "parent": _l("Parent committee"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "opening_hours": _l("Opening hours"),
    "head_name": _l("Head"),
    "is_public": _l("Shown to the public"),
    "established_on": _l("Established on"),
    "registered_on": _l("Registered on"),
    "committee": _l("Mediation committee"),
    "memberships": _l("Committee memberships"),
    "mediator": _l("Mediator"),
    "mediators": _l("Mediators"),
    "post": _l("Post"),
    "selection": _l("How chosen"),
    "term_start": _l("Term start"),
    "term_end": _l("Term end"),
    "contact_name": _l("Contact person"),
    "notes": _l("Notes"),
    "court": _l("Court"),
    "judge_name": _l("Liaison judge"),
    "judge_phone": _l("Judge's phone"),
    "judge_is_instructor": _l("Judge is mediation instructor"),
    "name_pinyin": _l("Pinyin"),
    "name_initials": _l("Pinyin initials"),
    "sex": _l("Sex"),
    "ethnicity": _l("Ethnic group"),
    "birth_date": _l("Date of birth"),
    "id_number": _l("ID number"),
    "political_status": _l("Political status"),
    "education": _l("Education"),
    "occupation": _l("Occupation"),
    "employer": _l("Employer"),
    "mobile": _l("Mobile phone"),
    "landline": _l("Landline"),
    "employment": _l("Full-time / part-time"),
    "grade": _l("Grade"),
    "speciality": _l("Speciality"),
    "joined_on": _l("Joined on"),
    "status": _l("Status"),
    "is_retired_cadre": _l("Retired party member or cadre"),
    "is_npc_deputy": _l("NPC deputy"),
    "is_cppcc_member": _l("CPPCC member"),
    "is_lawyer": _l("Lawyer"),
    "is_judge_instructor": _l("Judge instructor"),
    "number": _l("Case number"),
    "dispute_type": _l("Dispute type"),
    "source": _l("Source"),
    "start_level": _l("Level where it started"),
    "received_on": _l("Received on"),
    "facts": _l("Brief facts"),
    "amount": _l("Amount involved (yuan)"),
    "parties": _l("Parties"),
    "case": _l("Case"),
    "role": _l("Role"),
    "representative": _l("Representative"),
    "topic": _l("Topic"),
    "trainer_name": _l("Trainer"),
    "starts_at": _l("Starts at"),
    "ends_at": _l("Ends at"),
    "hours": _l("Hours"),
    "facility": _l("Facility"),
    "location_text": _l("Other location"),
    "organiser_office": _l("Organising office"),
    "attendances": _l("Attendance"),
    "session": _l("Training session"),
    "hours_credited": _l("Hours credited"),
    "score": _l("Score"),
    "judicial_office": _l("Judicial office"),
    "area_m2": _l("Area (m²)"),
    "capacity": _l("Capacity"),
    "equipment": _l("Equipment"),
    "quantity": _l("Quantity"),
    "condition": _l("Condition"),
    "purpose": _l("Purpose"),
    "training_session": _l("Training session"),
    "username": _l("Username"),
    "display_name": _l("Display name"),
    "password_hash": _l("Password"),
    "active": _l("Account enabled"),
    "locale": _l("Language"),
    "last_login_at": _l("Last login"),
    "created_at": _l("Created at"),
    "updated_at": _l("Updated at"),
    "created_by": _l("Created by"),
    "updated_by": _l("Updated by"),
    "version": _l("Version"),
    "at": _l("Time"),
    "actor": _l("By"),
    "action": _l("Action"),
    "entity": _l("Record kind"),
    "entity_id": _l("Record ID"),
    "summary": _l("Record"),
    "changes": _l("Changes"),
}


def field_label(model, attr):
    """The translated label of ``model.attr`` (``committee_id`` falls back to ``committee``)."""
    overrides = getattr(model, "__field_labels__", {}) if model is not None else {}
    for key in (attr, attr[:-3] if attr.endswith("_id") else None):
        if key and key in overrides:
            return overrides[key]
        if key and key in FIELD_LABELS:
            return FIELD_LABELS[key]
    target = _link_target(model, attr)
    if target is not None:  # a link to another record: that record's kind ("mediation session")
        return target.__label__
    return attr.replace("_", " ")


def _link_target(model, attr):
    table = getattr(model, "__table__", None)
    column = table.c.get(attr) if table is not None else None
    if column is None or not column.foreign_keys:
        return None
    target_table = next(iter(column.foreign_keys)).column.table.name
    for mapper in model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == target_table and hasattr(mapper.class_, "__label__"):
            return mapper.class_
    return None


def labels_for(model):
    return {**FIELD_LABELS, **getattr(model, "__field_labels__", {})}
