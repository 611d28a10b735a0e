"""What every screen derives from its model, so subclasses only list columns and filters:
translated choices and filters for enum columns, masking of personal data, validators for
phone and ID fields, lookups limited to entries in use, and inline rows with the same care."""
from flask_admin.contrib.sqla.filters import FilterEqual, FilterLike
from sqlalchemy import inspect

from admin_views.fields import active_lookup
from admin_views.formatters import PERSONAL_FORMATTERS, enum_label, text_for_reader
from admin_views.forms import EnumSelectField, InlineForm
from forms.limits import column_field_args
from forms.validators import IdNumber, Landline, Mobile, Phone
from portal.models import limits
from portal.models.base import enum_of, technical_fields
from portal.models.labels import field_label, labels_for
from portal.models.lookups import LookupMixin

# Validators every screen applies to fields of these names.
FIELD_VALIDATORS = {
    "id_number": IdNumber,
    "mobile": Mobile,
    "landline": Landline,
    "phone": Phone,
    "judge_phone": Phone,
}


def _limit_fields(model, args, form_columns):
    """Each form field of a column keeps the column's limits (forms.limits), shown in the form."""
    for column in model.__table__.c:
        if (form_columns and column.key not in form_columns) or column.primary_key or column.foreign_keys:
            continue
        before = args.get(column.key, {})
        field_args = column_field_args(column, dict(before))
        if field_args != before:
            args[column.key] = field_args


class EnumFilter(FilterEqual):
    """Equality filter on an enum-like column, offered as a drop-down of translated labels."""


class RelatedLikeFilter(FilterLike):
    """"Contains" on a related record's column, as EXISTS through the relationship.

    A join would be ambiguous where a table refers to another twice (a case's committee and its
    origin committee), so the filter is bound to the local foreign key and tests the related row.
    """

    def __init__(self, relationship, target_column, name):
        super().__init__(relationship.property.local_columns.copy().pop(), name)
        self.relationship = relationship
        self.target_column = target_column

    def apply(self, query, value, alias=None):
        return query.filter(self.relationship.has(self.target_column.ilike(f"%{value}%")))

    def clean(self, value):
        return value


class DeclarationsMixin:
    personal_columns = ()  # masked in lists/exports beyond the model's own __personal__
    inline_form_base = InlineForm

    def declare_from_model(self, model):
        self.column_labels = {**labels_for(model), **(self.column_labels or {})}
        self._exclude_technical(model)
        self._declare_enums(model)
        self._declare_personal(model)
        self._declare_field_args(model)

    def _exclude_technical(self, model):
        """Bookkeeping ids, hashes and stored file names are on no list, details page or export."""
        hidden = sorted(technical_fields(model))
        for name in ("column_exclude_list", "column_details_exclude_list", "column_export_exclude_list"):
            setattr(self, name, tuple(dict.fromkeys([*(getattr(self, name, None) or ()), *hidden])))

    def _declare_field_args(self, model):
        """Lookups offer only entries in use; phone and ID fields get their validators."""
        args = {name: dict(value) for name, value in (self.form_args or {}).items()}
        for rel in inspect(model).relationships:
            target = rel.mapper.class_
            if issubclass(target, LookupMixin) and rel.key not in (self.form_ajax_refs or {}):
                args.setdefault(rel.key, {}).setdefault("query_factory", active_lookup(target))
        for column in model.__table__.c:
            validator = FIELD_VALIDATORS.get(column.key)
            if validator is not None:
                field_args = args.setdefault(column.key, {})
                field_args["validators"] = [validator(), *field_args.get("validators", [])]
        _limit_fields(model, args, self.form_columns)
        self.form_args = args

    def _declare_enums(self, model):
        """Enum-like columns get translated choices, labels and drop-down filters."""
        choices = dict(self.form_choices or {})
        formatters = dict(self.column_formatters or {})
        filters = []
        for column in model.__table__.c:
            enum_cls = column.info.get("enum")
            if enum_cls is None:
                continue
            choices.setdefault(column.key, enum_cls.choices())
            formatters.setdefault(column.key, enum_label(enum_cls))
        for item in self.column_filters or ():
            enum_cls = enum_of(model, item) if isinstance(item, str) else None
            if enum_cls is not None:
                item = EnumFilter(getattr(model, item), field_label(model, item), options=enum_cls.choices)
            elif isinstance(item, str) and "." in item:
                item = self._related_text_filter(model, item)
            filters.append(item)
        self.form_choices = choices
        self.column_formatters = formatters
        self.column_filters = filters or None

    @staticmethod
    def _related_text_filter(model, path):
        """``"committee.name"`` → a "contains" filter labelled with the relationship's name."""
        relation, column = path.split(".", 1)
        target = inspect(model).relationships[relation].mapper.class_
        return RelatedLikeFilter(getattr(model, relation), getattr(target, column), field_label(model, relation))

    def _declare_personal(self, model):
        """Personal data is masked in lists and exports, and in details for inspectors."""
        personal = getattr(model, "__personal__", frozenset()) | set(self.personal_columns)
        list_formatters = dict(self.column_formatters)
        detail_formatters = {**list_formatters, **(self.column_formatters_detail or {})}
        for key in personal:
            masker, reader = PERSONAL_FORMATTERS.get(key, (None, text_for_reader))
            if masker is not None:
                list_formatters.setdefault(key, masker)
            if key not in (self.column_formatters_detail or {}):
                detail_formatters[key] = reader
        self.column_formatters = list_formatters
        self.column_formatters_detail = detail_formatters
        self.column_formatters_export = {**list_formatters, **(self.column_formatters_export or {})}

    def scaffold_inline_form_models(self, form_class):
        self.inline_models = [self._inline_with_base(item) for item in (self.inline_models or ())]
        return super().scaffold_inline_form_models(form_class)

    def _inline_with_base(self, item):
        """Inline rows get the inline form base, translated labels and enum drop-downs."""
        if not isinstance(item, tuple):
            return item
        model, options = item
        options = {"form_base_class": self.inline_form_base, "column_labels": labels_for(model), **options}
        extra = dict(options.get("form_extra_fields") or {})
        columns = options.get("form_columns")
        args = {name: dict(value) for name, value in (options.get("form_args") or {}).items()}
        for name in columns or ():
            args.setdefault(name, {}).setdefault("label", field_label(model, name))
        _limit_fields(model, args, columns)
        options["form_args"] = args
        for column in model.__table__.c:
            enum_cls = column.info.get("enum")
            if enum_cls is None or column.key in extra or (columns and column.key not in columns):
                continue
            default = column.default.arg if column.default is not None else None
            extra[column.key] = EnumSelectField(
                field_label(model, column.key), enum_cls=enum_cls, nullable=column.nullable, default=default
            )
        options["form_extra_fields"] = extra
        return (model, options)
