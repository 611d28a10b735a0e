"""What an import kind declares: its model, area, columns and natural key. The engine
(portal.services.imports.engine) does the rest: reading, checking, the preview and the save.

A new kind is a subclass naming these and, where a rule spans several columns, ``check``;
columns that map onto an attribute of the record need nothing more.
"""

from portal.extensions import db
from portal.models.labels import field_label
from portal.services.access import Action, can
from portal.services.imports.values import in_all_locales, norm

UNSET = object()
# How ledgers head the community column besides its label.
COMMUNITY_HEADERS = ("社区", "社區", "村", "社区（村）", "社區（村）", "所在社区")


class Column:
    """One column of an import: its header (the field's label, in any language, or an alias),
    how its cells are read (a Value), and the attribute it sets (None: the kind handles it)."""

    def __init__(self, key, value, *, label=None, required=False, attr=UNSET, aliases=(), example=None, help=None,
                 late=False):
        self.key = key
        # Read when the rows above have been checked (it may name a record one of them creates).
        self.late = late
        self.value = value
        self._label = label
        self.required = required
        self.attr = key if attr is UNSET else attr
        self.aliases = tuple(aliases)
        self.example = example
        self.help = help
        self.kind = None

    @property
    def label(self):
        return self._label if self._label is not None else field_label(self.kind.model, self.key)

    @property
    def keeps_when_empty(self):
        """An empty cell leaves the record as it is (a column that cannot be empty: sex, status,
        yes/no flags), rather than clearing the value."""
        from portal.services.imports.values import Text

        table_column = self.kind.model.__table__.c.get(self.attr) if self.attr else None
        if table_column is None:
            table_column = self.kind.model.__table__.c.get(f"{self.attr}_id") if self.attr else None
        return table_column is not None and not table_column.nullable and not isinstance(self.value, Text)

    def header_texts(self):
        """Every header this column is recognised by (normalised)."""
        texts = in_all_locales(self.label) | set(self.aliases)
        return {norm(text) for text in texts}


class Kind:
    key = ""
    label = None                  # lazy: "Mediators"
    model = None
    area = None
    columns = ()
    key_column = None             # the column whose value is the natural key
    derived = ()                  # exported attributes the portal works out: recognised, not imported
    needs = ()                    # params the kind needs besides the file (attendance: "session")
    street_column = None          # the column a row's street comes from (see street_of)
    help = None                   # a sentence for the template's instructions sheet

    def __init__(self):
        for column in self.columns:
            column.kind = self
        self.by_key = {column.key: column for column in self.columns}

    # --- who may -----------------------------------------------------------------------------------
    def permitted(self, user):
        return can(user, self.area, Action.CREATE) and can(user, self.area, Action.EDIT)

    def street_limit(self, user):
        from portal.services.access import street_limit

        return street_limit(user, self.area)

    def load_params(self, run, params):
        """Check and load ``params`` for ``run`` (e.g. the training session); None if not allowed."""
        return {}

    # --- headers -----------------------------------------------------------------------------------
    def derived_texts(self):
        return {norm(text) for name in self.derived for text in in_all_locales(field_label(self.model, name))}

    # --- rows --------------------------------------------------------------------------------------
    def natural_key(self, row, run):
        """The value matching a row to a record, as parsed (None: the row makes a new record)."""
        value = row.values.get(self.key_column)
        return value if isinstance(value, str) and value else None

    def load_existing(self, rows, run):
        """{natural key: record} for a chunk of rows (one query)."""
        attr_name = self.by_key[self.key_column].attr
        keys = [row.key for row in rows if isinstance(row.key, str)]
        if not keys:
            return {}
        records = db.session.scalars(db.select(self.model).where(getattr(self.model, attr_name).in_(keys)))
        return {getattr(record, attr_name): record for record in records}

    def empty_allowed(self, key):
        """Whether a required column's cell may be empty on some rows (the kind then checks it)."""
        return False

    def missing_columns(self, mapping):
        """Labels of the required columns the file lacks."""
        return [str(column.label) for column in self.columns if column.required and column.key not in mapping]

    def compare(self, record, column, new, row, run):
        """(old, new) as text when a column the kind handles itself changes the record, else None."""
        return None

    def check_changes(self, row, record, run):
        """Rules on what a row would change in an existing record (``row.changes``)."""

    def after_row(self, row, run):
        """After a row without errors was checked (and, when saving, applied)."""

    def street_of(self, values, record, run):
        """The street the row's record will belong to (id), or None for the district level."""
        if self.street_column is None:
            return None
        value = values.get(self.street_column, UNSET)
        if value is UNSET:
            return getattr(record, "street_id", None) if record is not None else run.default_street
        if value is None:
            return None
        return value.id if hasattr(value, "district_id") else getattr(value, "street_id", None)

    def check(self, row, record, run):
        """Rules across columns; report with ``row.fail(column_key, code, **params)``."""

    def new_record(self, row, run):
        return self.model()

    def current(self, record, column):
        """The record's value for ``column``, comparable with what the column parses."""
        return getattr(record, column.attr)

    def assign(self, record, column, value, row, run):
        if column.attr is not None:  # other columns are the kind's own business (after_assign)
            setattr(record, column.attr, value)

    def after_assign(self, record, row, run):
        """After a row's values are set (derived fields, child records)."""

    def place(self, record, row, run):
        """A new record of a file without a street column lands in the user's own street."""
        if (row.record is None and self.street_column == "street" and "street" not in row.values
                and run.default_street is not None and getattr(record, "street_id", None) is None):
            record.street_id = run.default_street

    def finish(self, run):
        """After every row is saved (counters…)."""
