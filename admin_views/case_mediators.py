"""Assigning mediators from the case page: a small form like a step, with the pinyin lookup.

The case's edit form can change its mediators too, but that is the whole record; on the case
page the office only picks who mediates ("zs" finds 张三), and lands back on the case.
"""
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.fields import AjaxSelectMultipleField
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.attributes import flag_modified
from wtforms import HiddenField

from forms.base import BaseForm
from portal import timeutil
from portal.extensions import db
from portal.services import cases as lifecycle
from portal.services.cases import CaseRuleError


class AssignMediatorsForm(BaseForm):
    case_version = HiddenField()


def assign_form(view, case, formdata=None):
    """The form for ``case``: its mediators, looked up through the case screen's scoped search."""

    class Form(AssignMediatorsForm):
        mediators = AjaxSelectMultipleField(
            view._form_ajax_refs["mediators"], _l("Mediators"),
            description=_l("Type a name, its pinyin or initials (zs finds 张三)."),
        )

    form = Form(formdata=formdata)
    if formdata is None:
        form.case_version.data = str(case.version)
        form.mediators.data = list(case.mediators)
    return form


class CaseMediatorsMixin:
    """The case screen's "assign mediators" endpoint (CaseView declares it an edit)."""

    def mediators_form(self, case):
        return assign_form(self, case)

    @expose("/mediators/", methods=("POST",))
    def mediators_view(self):
        case = self.get_one(request.args.get("id"))
        if case is None:
            flash(gettext("Record does not exist."), "error")
            return redirect(url_for(".index_view"))
        page = url_for(".details_view", id=case.id)
        form = assign_form(self, case, formdata=request.form)
        if not form.validate():
            flash(gettext("Some fields need attention; nothing was saved."), "error")
            return redirect(page)
        if form.mediators._invalid_formdata:  # an id outside the user's street, or no such person
            flash(gettext("Not a valid choice."), "error")
            return redirect(page)
        if form.case_version.data != str(case.version):
            flash(gettext("Someone else changed this case while you were filling in the form. Nothing was "
                          "saved; check the case, then submit again."), "error")
            return redirect(page)
        try:
            lifecycle.check_can_change(current_user, case)
        except CaseRuleError as error:
            flash(str(error), "error")
            return redirect(page)
        case.mediators = form.mediators.data
        # A change of the case: its row is written, so its version moves and stale forms are refused.
        case.updated_at = timeutil.now()
        flag_modified(case, "updated_at")
        db.session.commit()
        names = lifecycle.join_labels(m.name for m in case.mediators)
        flash(gettext("Mediators of the case: %(names)s.", names=names) if names else
              gettext("The case has no mediators assigned now."), "success")
        self.after_mediators_assigned(case)
        return redirect(page + "#case-mediators")

    def after_mediators_assigned(self, case):
        """Hook: the case screen warns about mediators without pre-service training."""
