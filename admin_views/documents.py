"""The standard documents of a case (A4 print page, Word, PDF), the bound dossier, several scans
uploaded at once, and the district's page for the documents' Word templates.

Documents are read like the case they come from: the same street scope (another street's case
is not found), and for readers who may not see personal data (inspectors) the parties' details
are masked in every document; the bound dossier, whose scans cannot be masked, is not for them.
Trainers, who never see cases, get nothing.
"""
from urllib.parse import quote

from flask import Response, abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import Length, Optional

from admin_views import case_workspace as workspace
from admin_views.area_page import AreaPage, PageInfo
from admin_views.fields import int_arg
from forms.base import BaseForm
from forms.cases import GUESS_KIND, AttachmentForm
from portal.extensions import db
from portal.models import Case
from portal.models.case_records import DocumentKind
from portal.models.documents import DocumentTemplate
from portal.services import attachments
from portal.services import cases as lifecycle
from portal.services.access import Action, Area, sees_personal_data
from portal.services.cases import CaseRuleError
from portal.services.documents import catalog, render, templates
from portal.services.documents import dossier as binding
from portal.services.documents.standard import standard_template


def _no_store(response):
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def file_response(data, mimetype, filename, *, inline=False):
    response = Response(data, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return _no_store(response)


def template_problem_message(problem):
    return str(templates.TemplateRefused(problem.code, name=problem.name))


class CaseDocumentsPage(AreaPage):
    """Documents of one case; every endpoint finds the case through the reader's street scope."""

    area = Area.CASES
    endpoint_actions = {
        "print_view": Action.DETAILS, "docx_view": Action.DETAILS, "pdf_view": Action.DETAILS,
        "dossier_view": Action.DETAILS, "kinds_view": Action.EDIT,
    }

    def is_accessible(self):
        return self.permits(Action.DETAILS)

    def is_visible(self):
        return False

    # --- finding what is asked for ---------------------------------------------------------------
    def visible_case(self):
        case_id = int_arg("id")
        if case_id is None:
            abort(404)
        query = select(Case).where(Case.id == case_id)
        limit = self.street_limit()
        if limit is not None:
            query = query.where(Case.street_scope(limit))
        case = db.session.scalar(query)
        if case is None:
            abort(404)
        return case

    def item(self, key):
        case = self.visible_case()
        item = catalog.find_item(case, key, int_arg("record"))
        if item is None:
            abort(404)
        return case, item

    @staticmethod
    def masked():
        return not sees_personal_data(current_user)

    def make(self, key):
        """The made document, or a redirect to the case saying why it cannot be made."""
        case, item = self.item(key)
        try:
            return case, render.make(item, case, masked=self.masked())
        except render.TemplateProblem as problem:
            flash(gettext("The template of “%(document)s” cannot be filled: %(problem)s Ask the district office to correct it.",
                          document=item.spec.label, problem=template_problem_message(problem)), "error")
            return case, redirect(url_for("cases.details_view", id=case.id) + "#standard-documents")

    def links(self, case, item):
        args = {"key": item.spec.key, "id": case.id}
        if item.record_id is not None:
            args["record"] = item.record_id
        return {"print": url_for(".print_view", **args), "docx": url_for(".docx_view", **args),
                "pdf": url_for(".pdf_view", **args)}

    @expose("/")
    def index(self):
        return redirect(url_for("cases.index_view"))

    # --- one document ------------------------------------------------------------------------------
    @expose("/<key>/")
    def print_view(self, key):
        case, made = self.make(key)
        if isinstance(made, Response):
            return made
        html_doc = made.html()
        return _no_store(Response(self.render(
            "documents/print.html", case=case, made=made, body=html_doc.body, page_css=html_doc.page.css(),
            document_css=render.document_css(html_doc), links=self.links(case, made.item), masked=self.masked(),
        )))

    @expose("/<key>/docx/")
    def docx_view(self, key):
        case, made = self.make(key)
        if isinstance(made, Response):
            return made
        return file_response(made.docx, render.DOCX_TYPE, made.filename("docx"))

    @expose("/<key>/pdf/")
    def pdf_view(self, key):
        case, made = self.make(key)
        if isinstance(made, Response):
            return made
        return file_response(render.pdf_bytes(made), "application/pdf", made.filename("pdf"),
                             inline=request.args.get("download") != "1")

    # --- the bound dossier -------------------------------------------------------------------------
    @expose("/dossier/")
    def dossier_view(self):
        if self.masked():
            abort(403)  # the scans carry personal data that cannot be masked
        case = self.visible_case()
        try:
            bound = binding.bind(case)
        except render.TemplateProblem as problem:
            flash(gettext("The dossier cannot be bound: %(problem)s Ask the district office to correct the template.",
                          problem=template_problem_message(problem)), "error")
            return redirect(url_for("cases.details_view", id=case.id) + "#standard-documents")
        if bound.problems and request.args.get("without") != "1":
            bound.file.close()
            return self.render("documents/dossier_problems.html", case=case, problems=bound.problems,
                               reasons=self.problem_reasons())
        name = f"人民调解卷宗{case.number or case.id}.pdf"
        response = send_file(bound.file, mimetype="application/pdf", as_attachment=True, download_name=name,
                             max_age=0, conditional=False)
        return _no_store(response)

    @staticmethod
    def problem_reasons():
        return {
            "missing": gettext("the file is missing from the store"),
            "pdf": gettext("it is not a readable PDF (damaged or incomplete)"),
            "image": gettext("it is not a readable image (damaged or incomplete)"),
            "empty": gettext("the PDF has no pages"),
        }

    # --- kinds of scans uploaded together without the script --------------------------------------
    @expose("/kinds/", methods=("GET", "POST"))
    def kinds_view(self):
        case = self.visible_case()
        details = url_for("cases.details_view", id=case.id)
        refusal = lifecycle.archived_refusal(current_user, case)
        if refusal is not None:
            flash(str(refusal), "error")
            return redirect(details)
        wanted = {int(i) for i in request.values.get("ids", "").split(",") if i.strip().isdigit()}
        scans = [a for a in case.attachments if a.id in wanted]
        documents = workspace.page_url(case.id, "documents") + "#documents"
        if not scans:
            return redirect(documents)
        form = BaseForm()
        if form.validate_on_submit():
            values = {a.id: request.form.get(f"kind-{a.id}", "") for a in scans}
            if all(value in DocumentKind._value2member_map_ for value in values.values()):
                for scan in scans:
                    scan.kind = values[scan.id]
                db.session.commit()
                flash(gettext("The kinds of the documents were saved."), "success")
                return redirect(documents)
            flash(gettext("Choose a kind for every document."), "error")
        return self.render("documents/scan_kinds.html", case=case, scans=scans, form=form,
                           ids=",".join(str(a.id) for a in scans), kinds=DocumentKind.choices(), return_url=details)


# --- uploading several scans (the case page's form, posted to the cases screen) ----------------------

def upload_scans(view, case):
    """Handle the upload form of the case page: one or several files, each with its kind."""
    form = AttachmentForm()
    details = workspace.page_url(case.id, "documents")
    if form.validate_on_submit():
        uploads, per_file = _uploads(form)
        try:
            kept = attachments.store_many(case, uploads)
        except attachments.BatchRefused as refused:
            db.session.rollback()
            form.file.errors = [*form.file.errors, *(gettext("%(file)s: %(problem)s", file=name, problem=str(error))
                                                      for name, error in refused.refused)]
            if len(uploads) > 1:
                form.file.errors.append(gettext("None of the files was added; upload them again without the ones named."))
        except CaseRuleError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(error)]
        else:
            try:
                db.session.commit()
            except Exception:
                db.session.rollback()
                attachments.discard([a.stored_name for a in kept])
                raise
            flash(gettext("Documents added to the case: %(num)d.", num=len(kept)) if len(kept) > 1
                  else gettext("The document was added to the case."), "success")
            if len(kept) > 1 and not per_file:
                # Without the script the files share one kind: let the person check each.
                ids = ",".join(str(a.id) for a in kept)
                return redirect(url_for("case_documents.kinds_view", id=case.id, ids=ids))
            return redirect(details + "#documents")
    if request.method == "POST":
        flash(gettext("The document was not added."), "error")
    return view.render("admin/portal/case_upload.html", case=case, form=form,
                       upload_limit_mb=attachments.limit_megabytes(), return_url=details,
                       upload_max_files=max_files())


def _uploads(form):
    """[(data, file name, kind, title)] of the posted files, and whether each kind was chosen
    for its file (the drop zone's selects) rather than one for all."""
    files = form.file.data or []
    chosen = request.form.getlist("kinds")
    per_file = len(chosen) == len(files) and all(k in DocumentKind._value2member_map_ for k in chosen)
    uploads = []
    for index, upload in enumerate(files):
        kind = chosen[index] if per_file else form.kind.data
        if kind == GUESS_KIND:
            kind = attachments.guess_kind(upload.filename)
        title = form.title.data if len(files) == 1 else ""
        uploads.append((attachments.read_limited(upload.stream), upload.filename, kind, title))
    return uploads, per_file


def max_files():
    from flask import current_app

    return current_app.config["PORTAL_UPLOAD_MAX_FILES"]


def raise_upload_limit():
    """Several scans may exceed the site's request limit: the case upload accepts up to
    PORTAL_UPLOAD_MAX_FILES files of the upload limit each (set before anything reads the body)."""
    from flask import current_app

    if request.endpoint == "cases.upload_view" and request.method == "POST":
        config = current_app.config
        request.max_content_length = config["PORTAL_UPLOAD_MAX_BYTES"] * config["PORTAL_UPLOAD_MAX_FILES"] + 1024 * 1024


# --- the case page's panel ------------------------------------------------------------------------

def case_documents(case):
    """What the case page's documents panel shows (called from its template)."""
    from admin_views.access import screen_of

    masked = not sees_personal_data(current_user)
    documents = []
    for item in catalog.offered(case):
        args = {"key": item.spec.key, "id": case.id}
        if item.record_id is not None:
            args["record"] = item.record_id
        documents.append({
            "item": item, "label": item.spec.label, "title": item.spec.title,
            "print": url_for("case_documents.print_view", **args),
            "docx": url_for("case_documents.docx_view", **args),
            "pdf": url_for("case_documents.pdf_view", **args),
            "record_label": _record_label(item),
        })
    reviews_screen = screen_of(_model("JudgeReview"), Area.CASES)
    return {
        "documents": documents, "masked": masked,
        "dossier_url": None if masked else url_for("case_documents.dossier_view", id=case.id),
        "reviews": list(getattr(case, "judge_reviews", [])),
        "referrals": list(getattr(case, "referrals", [])),
        "review_refusal": _review_refusal(case),
        "can_add_review": reviews_screen is not None and reviews_screen.permits(Action.CREATE),
    }


def _model(name):
    import portal.models as models

    return getattr(models, name)


def _review_refusal(case):
    from portal.services.linkage import review_refusal

    return lifecycle.archived_refusal(current_user, case) or review_refusal(case)


def _record_label(item):
    from portal.i18n import format_value

    record = item.record
    if record is None:
        return ""
    if hasattr(record, "starts_at"):
        return format_value(record.starts_at)
    if hasattr(record, "due_on") and getattr(record, "done_on", None) is not None:
        return format_value(record.done_on)
    if hasattr(record, "due_on"):
        return format_value(record.due_on)
    if hasattr(record, "sent_on") and record.sent_on is not None:
        return f"{record.partner} · {format_value(record.sent_on)}"
    return ""


# --- the district's templates -----------------------------------------------------------------------

class TemplateUploadForm(BaseForm):
    file = FileField(_l("Word template (DOCX)"), validators=[FileRequired(_l("Choose a file to upload."))])
    note = StringField(_l("What changed"), validators=[Optional(), Length(max=300)])


class DocumentTemplatesPage(AreaPage):
    """The district office edits the standard documents as Word templates: download, change,
    upload, preview on a real case, publish; every version kept and restorable."""

    area = Area.DOCUMENT_TEMPLATES
    endpoint_actions = {
        "document_view": Action.DETAILS, "download_view": Action.DETAILS, "preview_view": Action.DETAILS,
        "upload_view": Action.EDIT, "publish_view": Action.EDIT, "restore_view": Action.EDIT,
    }

    @expose("/")
    def index(self):
        numbers = templates.current_numbers()
        rows = [(spec, numbers.get(spec.key)) for spec in catalog.SPECS]
        return self.render("documents/templates.html", rows=rows)

    def spec(self, key):
        spec = catalog.spec_of(key)
        if spec is None:
            abort(404)
        return spec

    def version(self, version_id):
        version = db.session.get(DocumentTemplate, version_id)
        if version is None:
            abort(404)
        return version

    @expose("/<key>/", methods=("GET",))
    def document_view(self, key, form=None):
        spec = self.spec(key)
        return self.render(
            "documents/template_document.html", spec=spec, versions=templates.versions(key),
            current=templates.current_version(key), form=form or TemplateUploadForm(),
            placeholders=placeholder_rows(spec), can_edit=self.permits(Action.EDIT), action_form=BaseForm(),
            preview_case=request.args.get("case", ""),
        )

    @expose("/<key>/download/")
    def download_view(self, key):
        """The template in use (``?version=`` one version, ``?standard=1`` the built-in one) as DOCX."""
        spec = self.spec(key)
        if request.args.get("standard") == "1":
            data, name = standard_template(key), f"{spec.title}（标准格式）.docx"
        elif int_arg("version") is not None:
            version = self.version(int_arg("version"))
            if version.key != key:
                abort(404)
            data, name = templates.bytes_of(version), f"{spec.title}（第{version.number}版）.docx"
        else:
            data, name = templates.in_use(key), f"{spec.title}.docx"
        return file_response(data, render.DOCX_TYPE, name)

    @expose("/<key>/upload/", methods=("POST",))
    def upload_view(self, key):
        spec = self.spec(key)
        form = TemplateUploadForm()
        if form.validate_on_submit():
            data = form.file.data.stream.read(templates.MAX_BYTES + 1)
            try:
                version = templates.upload(spec, data, filename=form.file.data.filename, note=form.note.data)
                db.session.commit()
            except templates.TemplateRefused as refused:
                db.session.rollback()
                form.file.errors = [*form.file.errors, str(refused)]
            else:
                flash(gettext("Version %(num)d was saved as a draft. Preview it on a case, then publish it.",
                              num=version.number), "success")
                return redirect(url_for(".document_view", key=key) + f"#version-{version.number}")
        flash(gettext("The template was not saved."), "error")
        return self.document_view(key, form=form)

    @expose("/version/<int:version_id>/publish/", methods=("POST",))
    def publish_view(self, version_id):
        return self._change(version_id, templates.publish,
                            gettext("Version %(num)d is now in use for new documents."))

    @expose("/version/<int:version_id>/restore/", methods=("POST",))
    def restore_view(self, version_id):
        return self._change(version_id, templates.restore,
                            gettext("Version %(num)d was restored: a copy of it is now in use."))

    @expose("/<key>/standard/", methods=("POST",))
    def standard_view(self, key):
        spec = self.spec(key)
        if not self.permits(Action.EDIT):
            abort(403)
        if not BaseForm().validate_on_submit():
            abort(400)
        version = templates.restore_standard(spec)
        db.session.commit()
        flash(gettext("The standard template is in use again (as version %(num)d).", num=version.number), "success")
        return redirect(url_for(".document_view", key=key))

    def _change(self, version_id, change, message):
        version = self.version(version_id)
        if not BaseForm().validate_on_submit():
            abort(400)
        try:
            changed = change(version)
            db.session.commit()
        except templates.TemplateRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            flash(message % {"num": changed.number}, "success")
        return redirect(url_for(".document_view", key=version.key))

    @expose("/version/<int:version_id>/preview/")
    def preview_view(self, version_id):
        """A version filled from a real case the reader may see, given by its number or id."""
        version = self.version(version_id)
        spec = catalog.spec_of(version.key)
        back = url_for(".document_view", key=version.key, case=request.args.get("case", ""))
        case = find_case(request.args.get("case", ""))
        if case is None:
            flash(gettext("No case with that number was found."), "error")
            return redirect(back)
        item = catalog.find_item(case, spec.key)
        if item is None:
            flash(gettext("Case %(case)s has no “%(document)s” (it does not apply to the case as it stands).",
                          case=case.number or case.title, document=spec.label), "error")
            return redirect(back)
        try:
            made = render.make(item, case, masked=False, template_bytes=templates.bytes_of(version))
        except render.TemplateProblem as problem:
            flash(template_problem_message(problem), "error")
            return redirect(back)
        if request.args.get("format") == "pdf":
            return file_response(render.pdf_bytes(made), "application/pdf", made.filename("pdf"), inline=True)
        if request.args.get("format") == "docx":
            return file_response(made.docx, render.DOCX_TYPE, made.filename("docx"))
        html_doc = made.html()
        return _no_store(Response(self.render(
            "documents/print.html", case=case, made=made, body=html_doc.body, page_css=html_doc.page.css(),
            document_css=render.document_css(html_doc), masked=False, preview=version,
            links={"docx": url_for(".preview_view", version_id=version.id, case=request.args.get("case"), format="docx"),
                   "pdf": url_for(".preview_view", version_id=version.id, case=request.args.get("case"), format="pdf")},
            back_url=back,
        )))


def find_case(text):
    """The case numbered ``text`` (or with that id), among all cases: the templates page is the
    district office's, which sees every street."""
    text = (text or "").strip()
    if not text:
        return None
    case = db.session.scalar(select(Case).where(Case.number == text))
    if case is None and text.isdigit():
        case = db.session.get(Case, int(text))
    return case


def placeholder_rows(spec):
    """[(placeholder, example)] of ``spec``, flattened (``case.number``, ``parties[].name``…)."""
    values = templates.specimen_values(spec)
    rows = []

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list):
            if value and isinstance(value[0], dict):
                for key, inner in value[0].items():
                    walk(f"{prefix}[].{key}", inner)
            else:
                rows.append((prefix, ""))
        else:
            rows.append((prefix, ("是" if value else "否") if isinstance(value, bool) else str(value)))

    walk("", values)
    return rows


VIEWS = (
    (CaseDocumentsPage, PageInfo(_l("Case documents")), "case_documents"),
)
TEMPLATE_VIEWS = (
    (DocumentTemplatesPage, PageInfo(_l("Document templates")), "document_templates"),
)


def init_app(app):
    app.jinja_env.globals["case_documents"] = case_documents
    app.jinja_env.globals["scan_kind_words"] = lambda: [[word, kind.value] for word, kind in attachments.KIND_WORDS]
    app.before_request_funcs.setdefault(None, []).insert(0, raise_upload_limit)
