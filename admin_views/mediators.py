from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from admin_views.base import PortalModelView
from admin_views.imports import ImportableMixin
from admin_views.term_search import MEDIATOR_HINT, NAME_HINT, TermSearchMixin
from admin_views.fields import CommitteeNameFilter, bool_filter, lookup_filter, street_filter, visible_streets
from forms.validators import NotInFuture
from portal.models import EducationLevel, MediatorGrade, Mediator
from portal.services import identity
from portal.services.access import Action, Area
from portal.services.training import training_record


def committees_formatter(view, context, model, name):
    return "、".join(str(m.committee) for m in model.memberships)


class MediatorView(TermSearchMixin, ImportableMixin, PortalModelView):
    import_kind = "mediators"
    area = Area.MEDIATORS
    details_template = "admin/portal/mediator_details.html"
    column_list = ("name", "sex", "street", "employment", "grade", "mobile", "status", "joined_on")
    column_details_list = (
        "name", "sex", "ethnicity", "birth_date", "id_number", "political_status", "education",
        "occupation", "employer", "mobile", "landline", "address", "street", "employment", "grade",
        "speciality", "joined_on", "status", "is_retired_cadre", "is_npc_deputy", "is_cppcc_member",
        "is_lawyer", "is_judge_instructor", "notes", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "name", "sex", "ethnicity", "birth_date", "id_number", "political_status", "education",
        "occupation", "employer", "mobile", "street", "memberships", "employment", "grade",
        "speciality", "joined_on", "status", "is_retired_cadre", "is_npc_deputy", "is_cppcc_member",
        "is_lawyer", "is_judge_instructor",
    )
    column_searchable_list = ("name", "name_pinyin", "name_initials", "id_number", "mobile", "employer")
    search_hint = MEDIATOR_HINT
    column_sortable_list = ("name", ("street", "street.code"), "employment", "status", "joined_on")
    form_columns = (
        "name", "sex", "ethnicity", "birth_date", "id_number", "political_status", "education",
        "occupation", "employer", "mobile", "landline", "address", "street", "employment", "grade",
        "speciality", "joined_on", "status", "is_retired_cadre", "is_npc_deputy", "is_cppcc_member",
        "is_lawyer", "is_judge_instructor", "notes",
    )
    form_args = {
        "street": {"query_factory": visible_streets(Area.MEDIATORS)},
        "birth_date": {"validators": [NotInFuture()]},
        "joined_on": {"validators": [NotInFuture()]},
    }
    column_labels = {"memberships": _l("Committees")}

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.MEDIATORS), CommitteeNameFilter(Mediator.id, _l("Mediation committee")),
            "status", "employment", "sex",
            lookup_filter(model, "grade", MediatorGrade), lookup_filter(model, "education", EducationLevel),
            bool_filter(model, "is_retired_cadre"), bool_filter(model, "is_npc_deputy"),
            bool_filter(model, "is_cppcc_member"), bool_filter(model, "is_lawyer"),
            bool_filter(model, "is_judge_instructor"), "joined_on",
        )
        self.column_formatters_export = {"memberships": committees_formatter}
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        # The ID number encodes birth date and sex: they must agree with what was typed.
        if model.id_number:
            born = identity.id_birth_date(model.id_number)
            if model.birth_date and born and model.birth_date != born:
                raise ValidationError(gettext("The date of birth does not match the ID number."))
            model.birth_date = model.birth_date or born
            if model.sex and model.sex != identity.id_sex(model.id_number):
                raise ValidationError(gettext("The sex does not match the ID number."))

    def details_context(self, model):
        return {"memberships": model.memberships, "training": training_record(model)}


def training_record_link(view, context, model, name):
    """The name, linking to the training record where the reader may open it."""
    from flask import get_template_attribute, url_for
    from flask_login import current_user

    from portal.services.access import can

    if not can(current_user, Area.TRAINING, Action.LIST):
        return model.name
    link = get_template_attribute("admin/portal/_list_macros.html", "link")
    return link(url_for("training_sessions.mediator_record", id=model.id), model.name)


class MediatorNamesView(TermSearchMixin, PortalModelView):
    """名錄: who the mediators are, without personal data (trainers and everyone who may list)."""

    area = Area.MEDIATOR_NAMES
    disabled_actions = frozenset({Action.CREATE, Action.EDIT, Action.DELETE, Action.DETAILS})
    can_view_details = False
    column_list = ("name", "street", "memberships", "employment", "status")
    column_export_list = column_list
    column_searchable_list = ("name", "name_pinyin", "name_initials")
    search_hint = NAME_HINT
    search_personal_data = False
    column_sortable_list = ("name", ("street", "street.code"))
    column_default_sort = "name"
    column_labels = {"memberships": _l("Committees")}
    column_formatters = {"memberships": committees_formatter, "name": training_record_link}
    column_formatters_export = {"memberships": committees_formatter, "name": lambda v, c, m, n: m.name}

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.MEDIATOR_NAMES), CommitteeNameFilter(Mediator.id, _l("Mediation committee")),
            "status", "employment",
        )
        super().__init__(model, **kwargs)

    def get_query(self):
        from sqlalchemy.orm import selectinload

        from portal.models import CommitteeMembership

        return super().get_query().options(
            selectinload(Mediator.memberships).joinedload(CommitteeMembership.committee)
        )


VIEWS = (
    (MediatorView, Mediator, "mediators"),
    (MediatorNamesView, Mediator, "mediator_names"),
)
