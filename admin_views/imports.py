"""Importing spreadsheets: the kinds a user may import, their templates, upload → preview → save.

Thin: the rules live in portal.services.imports. Every endpoint checks on the server that the
user may import that kind (and, for attendance, edit that session); a batch is only ever found
among the user's own.
"""
from flask import abort, flash, jsonify, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext, ngettext
from flask_login import current_user
from sqlalchemy import select

from admin_views.area_page import AreaPage, PageInfo
from admin_views.fields import int_arg
from portal.extensions import db
from portal.models import ImportBatch, ImportStatus, TrainingSession
from portal.services.access import Area, street_limit
from portal.services.imports import batches, kinds
from portal.services.imports.engine import FileProblem
from portal.services.imports.messages import CELL_PROBLEMS, FILE_PROBLEMS, NOTICES, render

RECENT = 10


class ImportableMixin:
    """A list screen whose records can be imported: an "Import" tab next to "Create"."""

    list_template = "admin/portal/imports/list.html"
    import_kind = None

    def import_url(self):
        kind = kinds.get(self.import_kind)
        if kind is None or not kind.permitted(current_user):
            return None
        return url_for("imports.kind_view", kind=kind.key)


class ImportsPage(AreaPage):
    """/admin/imports/: open to whoever may import at least one kind."""

    def is_accessible(self):
        return current_user.is_authenticated and bool(kinds.permitted(current_user))

    def is_visible(self):
        return self.is_accessible()

    def _handle_view(self, name, **kwargs):
        return BaseView._handle_view(self, name, **kwargs)

    # --- the kinds ---------------------------------------------------------------------------------
    @expose("/")
    def index(self):
        recent = db.session.scalars(
            select(ImportBatch).where(ImportBatch.user_id == current_user.id)
            .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc()).limit(RECENT)
        ).all()
        return self.render(
            "admin/portal/imports/index.html", kinds=kinds.permitted(current_user), recent=recent,
            kind_label=lambda key: (kinds.get(key).label if kinds.get(key) else key),
            sessions=self._sessions() if kinds.get("attendance").permitted(current_user) else [],
        )

    def _sessions(self, limit=100):
        """Recent sessions whose attendance the user may import (their screen's street scope)."""
        query = select(TrainingSession).order_by(TrainingSession.starts_at.desc()).limit(limit)
        scope = street_limit(current_user, Area.TRAINING)
        if scope is not None:
            query = query.where(TrainingSession.street_scope(scope))
        return db.session.scalars(query).all()

    def _kind(self, key):
        kind = kinds.get(key)
        if kind is None:
            abort(404)
        if not kind.permitted(current_user):
            abort(403)
        return kind

    def _params(self, kind, values):
        params = {name: values.get(name) for name in kind.needs if values.get(name)}
        missing = [name for name in kind.needs if name not in params]
        return params, missing

    def _context(self, kind, params):
        """The record the import is for (attendance: the session), or abort."""
        if "session" in kind.needs and params.get("session"):
            from portal.services.imports.engine import Run

            loaded = kind.load_params(Run(kind, current_user), params)
            if loaded is None:
                abort(404)
            return loaded
        return {}

    @expose("/<kind>/")
    def kind_view(self, kind):
        kind = self._kind(kind)
        params, missing = self._params(kind, request.args)
        if missing:
            flash(gettext("Choose the training session first."), "warning")
            return redirect(url_for(".index"))
        return self.render(
            "admin/portal/imports/kind.html", kind=kind, params=params, context=self._context(kind, params),
            max_mb=batches.files.megabytes(batches.setting("PORTAL_IMPORT_MAX_BYTES")),
        )

    @expose("/<kind>/template/")
    def template_view(self, kind):
        kind = self._kind(kind)
        params, missing = self._params(kind, request.args)
        if missing:
            abort(404)
        try:
            data = batches.template(kind, current_user, params)
        except batches.NotAllowed:
            abort(404)
        return self.xlsx_response(data, f"{kind.key}-template")

    @expose("/<kind>/upload/", methods=("POST",))
    def upload_view(self, kind):
        kind = self._kind(kind)
        params, missing = self._params(kind, request.form)
        if missing:
            abort(404)
        back = url_for(".kind_view", kind=kind.key, **params)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(render(FILE_PROBLEMS, "empty_upload"), "error")
            return redirect(back)
        try:
            batch = batches.start(current_user, kind, params, upload)
        except batches.NotAllowed:
            abort(404)
        except FileProblem as problem:
            db.session.rollback()
            flash(render(FILE_PROBLEMS, problem.code, problem.params), "error")
            return redirect(back)
        db.session.commit()
        return redirect(url_for(".batch_view", token=batch.token))

    # --- one batch ---------------------------------------------------------------------------------
    def _batch(self, token):
        batch = batches.find(token, current_user)
        if batch is None:
            abort(404)
        kind = kinds.get(batch.kind)
        if kind is None or not kind.permitted(current_user):
            abort(403)
        return batch, kind

    @expose("/batch/<token>/")
    def batch_view(self, token):
        batch, kind = self._batch(token)
        show = request.args.get("show")
        show = show if show in batches.FILTERS else None
        page = max(int_arg("page") or 1, 1)
        columns, rows, matching = [], [], 0
        if batch.status in (ImportStatus.CHECKED, ImportStatus.SAVED):
            columns, rows, matching = batches.preview(batch, show, page)
        pages = max((matching + batches.PAGE_SIZE - 1) // batches.PAGE_SIZE, 1)
        return self.render(
            "admin/portal/imports/batch.html", batch=batch, kind=kind, show=show, page=min(page, pages),
            pages=pages, matching=matching, rows=rows,
            columns=[(key, kind.by_key[key].label) for key in columns if key in kind.by_key],
            column_keys=set(columns), progress=batches.progress(batch),
            problem=render(FILE_PROBLEMS, batch.problem["code"], batch.problem.get("params")) if batch.problem else None,
            notices=[render(NOTICES, code, params) for code, params in batch.notices or []],
            message=lambda code, params: render(CELL_PROBLEMS, code, params),
            to_save=(batch.counts or {}).get("new", 0) + (batch.counts or {}).get("changed", 0),
            list_url=self._list_url(kind, batch), params=batch.params or {},
            max_mb=batches.files.megabytes(batches.setting("PORTAL_IMPORT_MAX_BYTES")),
        )

    @staticmethod
    def _list_url(kind, batch):
        if kind.key == "attendance":
            return url_for("training_sessions.attendance_view", id=(batch.params or {}).get("session"))
        return url_for(f"{kind.key}.index_view")

    @expose("/batch/<token>/check/", methods=("POST",))
    def check_view(self, token):
        batch, _kind = self._batch(token)
        wants_json = request.accept_mimetypes.best == "application/json"
        try:
            batches.prepare(batch, current_user)
        except batches.NotAllowed:
            abort(404)
        if batches.claim_check(batch):
            batches.check(batch, current_user)
        db.session.refresh(batch)
        if wants_json:
            return jsonify(batches.progress(batch))
        return redirect(url_for(".batch_view", token=token))

    @expose("/batch/<token>/progress/")
    def progress_view(self, token):
        batch, _kind = self._batch(token)
        return jsonify(batches.progress(batch))

    @expose("/batch/<token>/save/", methods=("POST",))
    def save_view(self, token):
        batch, kind = self._batch(token)
        try:
            result = batches.save(batch, current_user, request.form.get("fingerprint", ""))
        except batches.NotAllowed:
            abort(404)
        back = url_for(".batch_view", token=token)
        if result.outcome == "saved":
            counts = result.counts
            flash(ngettext("Saved %(num)s row: %(new)s new, %(changed)s changed.",
                           "Saved %(num)s rows: %(new)s new, %(changed)s changed.",
                           counts["new"] + counts["changed"], new=counts["new"], changed=counts["changed"]), "success")
            return redirect(back)
        flash(self.save_message(result.outcome), "error" if result.outcome != "already" else "info")
        return redirect(back)

    @staticmethod
    def save_message(outcome):
        return {
            "already": gettext("This import has already been saved."),
            "stale_page": gettext("This page was out of date; nothing was saved. Here is the current preview."),
            "changed": render(NOTICES, "changed_since_preview"),
            "busy": gettext("Another import is being saved at this moment. Nothing was saved; try again in a minute."),
            "conflict": gettext("Someone saved some of these records at the same moment. Nothing was saved; "
                                "upload the file again to see the records as they are now."),
        }[outcome]


VIEWS = ((ImportsPage, PageInfo(None), "imports"),)
