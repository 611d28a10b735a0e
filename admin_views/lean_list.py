"""Lean list pages: what Flask-Admin draws per row through Jinja is drawn once per page.

A template function that takes the template context (Flask-Admin's ``get_value``, every row
button's ``render_ctx``), or a scoped block, inside a loop makes Jinja copy the whole context,
blocks and all, for each row or cell: most of a 100-row page's time. ``PageRows`` takes the
context once per page and draws all the rows in one call (admin/portal/list.html).

A row's view, edit and delete buttons differ from the next row's only by the record's id, yet
Flask-Admin renders each through a macro, and the delete button's form through WTForms with a
CSRF token, for every row (a third of a 100-row page's time). Here each button is rendered once
per page for a stand-in id, and every row gets a copy with its own id: the same markup, a string
replacement instead of a template call.

A cell's value is what Flask-Admin's ``_get_list_value`` gives, with its formatter and the
formatter of its type looked up once per column and type; each column's opening tag is made
once per page, and a translated label once per page.
"""
from types import SimpleNamespace

from flask import g
from flask_admin.model import BaseModelView
from jinja2 import pass_context
from markupsafe import Markup, escape

from admin_views.formatters import label_text

STAND_IN = "9081726354"  # digits: the same after URL quoting and HTML escaping


class OncePerPageRowAction:
    """Wraps a row action whose markup depends on the row only through its id."""

    def __init__(self, action):
        self.action = action
        self.title = getattr(action, "title", None)

    @pass_context
    def render_ctx(self, context, row_id, row):
        return self.render_page(context, row_id, row)

    def render_page(self, context, row_id, row):
        skip = getattr(self.action, "skip_row", None)
        if skip is not None and skip(context, row):
            return ""
        return Markup(self._template(context).replace(STAND_IN, Markup.escape(str(row_id))))

    def _template(self, context):
        rendered = g.setdefault("_row_action_markup", {})
        key = id(self.action)
        if key not in rendered:
            stand_in = SimpleNamespace(id=STAND_IN)
            render = getattr(self.action, "render_unchecked", self.action.render)
            rendered[key] = str(render(context, STAND_IN, stand_in))
        return rendered[key]

    def __getattr__(self, name):
        return getattr(self.action, name)


class PageRows:
    """The cells and buttons of a list page's rows, from the page's template context."""

    def __init__(self, view, context):
        self.view = view
        self.context = context
        self.columns = context.resolve("list_columns") or ()
        self.row_actions = context.resolve("list_row_actions") or ()
        self.with_checkbox = bool(context.resolve("actions"))
        self.with_buttons = bool(view.column_display_actions)
        self.checkbox_title = escape(str(context.resolve("_gettext")("Select record")))
        self.labels = {}  # label texts of this page (admin_views.formatters.label_text)
        self.openings = [(self._reader(column), f'<td class="col-{escape(column)}', f'" data-label="{escape(str(label))}">')
                         for column, label in self.columns]

    def rows(self, rows):
        """Every row of the page, each in its <tr>."""
        return Markup("").join(Markup("<tr>") + self.row(row) + Markup("</tr>\n") for row in rows)

    def row(self, row):
        """The row's cells: its checkbox, its buttons and one cell per column, as one string."""
        row_id = self.view.get_pk_value(row)
        parts = []
        if self.with_checkbox:
            parts.append(f'<td class="list-checkbox-column"><input type="checkbox" name="rowid" class="action-checkbox" '
                         f'value="{escape(str(row_id))}" title="{self.checkbox_title}" /></td>')
        if self.with_buttons:
            parts.append(f'<td class="list-buttons-column">{self.buttons(row, row_id)}</td>')
        labels = self.labels
        for read, start, end in self.openings:
            value = read(row)
            text = "" if value is None else escape(label_text(value, labels))
            empty = "" if str.strip(text) else " empty"
            parts.append(f"{start}{empty}{end}{text}</td>")
        return Markup("".join(parts))

    def _reader(self, column):
        """What Flask-Admin's ``_get_list_value`` gives for ``column`` of a row, with what it
        looks up per cell (the column's formatter, its choices, the formatter of the value's
        type, found by walking every type) looked up once per page and per type."""
        view, context = self.view, self.context
        if type(view).get_list_value is not BaseModelView.get_list_value or \
                type(view)._get_list_value is not BaseModelView._get_list_value:
            return lambda row: view.get_list_value(context, row, column)  # a screen of its own way
        formatter = view.column_formatters.get(column)
        choices = view._column_choices_map.get(column, {})
        type_formatters = view.column_type_formatters
        by_type = {}

        def read(row):
            value = formatter(view, context, row, column) if formatter is not None else view._get_field_value(row, column)
            if choices:
                return choices.get(value) or value
            kind = type(value)
            if kind not in by_type:
                by_type[kind] = next((fmt for typeobj, fmt in type_formatters.items() if isinstance(value, typeobj)), None)
            type_formatter = by_type[kind]
            if type_formatter is None:
                return value
            try:
                return type_formatter(view, value, column)
            except TypeError:  # Flask-Admin's own handling (older two-argument formatters)
                return view.get_list_value(context, row, column)

        return read

    def buttons(self, row, row_id=None):
        row_id = self.view.get_pk_value(row) if row_id is None else row_id
        quoted = str(escape(str(row_id)))
        parts = []
        for action, markup, skip in self._button_templates():
            if markup is None:
                parts.append(str(action.render(self.context, row_id, row)))
            elif skip is None or not skip(self.context, row):
                parts.append(markup.replace(STAND_IN, quoted))
        return Markup("".join(parts))

    def _button_templates(self):
        """Each button's markup for the stand-in id (None: drawn per row), and its skip rule."""
        if "_buttons" not in self.__dict__:
            self._buttons = [
                (action, action._template(self.context), getattr(action.action, "skip_row", None))
                if isinstance(action, OncePerPageRowAction) else (action, None, None)
                for action in self.row_actions
            ]
        return self._buttons
