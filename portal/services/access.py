"""Who may do what: the one place that answers it, for the admin, the API and services.

A *permission set* per role names the actions a user may take on an area of records; staff
are further limited to their own street through each model's ``street_scope``.
"""
from enum import StrEnum

from portal.models.users import Role


class Action(StrEnum):
    LIST = "list"
    DETAILS = "details"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    EXPORT = "export"


READ = frozenset({Action.LIST, Action.DETAILS, Action.EXPORT})
WRITE = frozenset(Action)
NONE = frozenset()


class Area(StrEnum):
    """Groups of records with the same access rules."""

    ORGANISATION = "organisation"    # committees, memberships
    OFFICES = "offices"              # judicial offices
    GEOGRAPHY = "geography"          # districts, streets, communities, grids
    PARTNERS = "partners"            # partner bodies, judge liaison points
    MEDIATORS = "mediators"          # full mediator records with personal data
    MEDIATOR_NAMES = "mediator_names"  # names, committee, status only
    CASES = "cases"
    TRAINING = "training"
    TRAINING_RULES = "training_rules"  # required hours: set by the district office
    FACILITIES = "facilities"
    LOOKUPS = "lookups"
    USERS = "users"
    AUDIT = "audit"
    CONTENT = "content"              # public site content: types and entries (district office edits)
    DOCUMENT_TEMPLATES = "document_templates"  # Word templates of the standard documents (district office)
    SCREENING = "screening"          # reporters, screening rounds, leads, prevention records, the board
    SCREENING_THEMES = "screening_themes"  # special screening themes: set by the district office
    FIELD_REPORTS = "field_reports"  # a grid reporter's own page: report leads, follow their own
    STATISTICS = "statistics"        # figures, three-tier figure, annual report, ledgers
    REPORTS = "reports"              # monthly reports: an office files its own street's
    DISTRICT_REPORTS = "district_reports"  # all streets' reports: who filed, accepting/returning, the sum
    INSPECTION_SETUP = "inspection_setup"  # checklist templates and assessment schemes: the district edits
    INSPECTIONS = "inspections"      # inspections, their findings and dossier spot checks
    RECTIFICATIONS = "rectifications"  # what an inspection asks an office to put right; the office answers
    ASSESSMENT = "assessment"        # the annual scorecards (an office: its own, once published)


RULES = {
    Role.ADMIN: {area: WRITE for area in Area if area != Area.FIELD_REPORTS},
    Role.STAFF: {
        Area.ORGANISATION: WRITE,
        Area.OFFICES: READ | {Action.EDIT},
        Area.GEOGRAPHY: READ,
        Area.PARTNERS: READ,
        Area.MEDIATORS: WRITE,
        Area.MEDIATOR_NAMES: READ,
        Area.CASES: WRITE,
        Area.TRAINING: WRITE,
        Area.TRAINING_RULES: READ,
        Area.FACILITIES: WRITE,
        Area.CONTENT: READ,
        Area.SCREENING: WRITE,
        Area.SCREENING_THEMES: READ,
        Area.STATISTICS: READ,
        Area.REPORTS: READ | {Action.CREATE, Action.EDIT},
        Area.INSPECTIONS: READ,
        Area.RECTIFICATIONS: READ | {Action.EDIT},
        Area.ASSESSMENT: frozenset({Action.LIST, Action.DETAILS}),
    },
    Role.TRAINER: {
        Area.MEDIATOR_NAMES: frozenset({Action.LIST}),
        Area.TRAINING: WRITE,
        Area.TRAINING_RULES: READ,
        Area.FACILITIES: frozenset({Action.LIST, Action.DETAILS}),
    },
    Role.VIEWER: {
        Area.ORGANISATION: READ,
        Area.OFFICES: READ,
        Area.GEOGRAPHY: READ,
        Area.PARTNERS: READ,
        Area.MEDIATORS: READ,
        Area.MEDIATOR_NAMES: READ,
        Area.CASES: READ,
        Area.TRAINING: READ,
        Area.TRAINING_RULES: READ,
        Area.FACILITIES: READ,
        Area.CONTENT: READ,
        Area.STATISTICS: READ,
        Area.REPORTS: READ,
        Area.DISTRICT_REPORTS: READ,
        Area.SCREENING: READ,
        Area.SCREENING_THEMES: READ,
        Area.INSPECTION_SETUP: READ,
        Area.INSPECTIONS: READ,
        Area.RECTIFICATIONS: READ,
        Area.ASSESSMENT: READ,
    },
    # Reporters use their own page only; which leads they see is decided there (their own, in
    # their own grids: portal.services.screening.reporters).
    Role.REPORTER: {
        Area.FIELD_REPORTS: frozenset({Action.LIST, Action.DETAILS, Action.CREATE}),
    },
}

# An inspector reads what a viewer reads, and records inspections (never deletes them).
RULES[Role.INSPECTOR] = {**RULES[Role.VIEWER], Area.INSPECTIONS: READ | {Action.CREATE, Action.EDIT}}

# Areas whose records staff see only for their own street.
STREET_SCOPED = frozenset({
    Area.ORGANISATION, Area.OFFICES, Area.MEDIATORS, Area.MEDIATOR_NAMES, Area.CASES,
    Area.FACILITIES, Area.TRAINING, Area.SCREENING, Area.STATISTICS, Area.REPORTS,
    Area.INSPECTIONS, Area.RECTIFICATIONS, Area.ASSESSMENT,
})


def allowed_actions(user, area):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NONE
    return RULES.get(user.role, {}).get(area, NONE)


def can(user, area, action):
    return Action(action) in allowed_actions(user, area)


def street_limit(user, area):
    """The street id ``user``'s view of ``area`` is confined to, or None for all streets."""
    if user.role == Role.STAFF and area in STREET_SCOPED:
        return user.street_id if user.street_id is not None else -1  # no street: sees nothing
    return None


def sees_personal_data(user):
    """Whether ``user`` may see unmasked ID numbers, phones and addresses in details."""
    return user.role in (Role.ADMIN, Role.STAFF)
