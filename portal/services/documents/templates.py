"""The Word templates of the standard documents, as data the district edits.

Each document has the standard template built into the portal, and the versions the district
uploaded. An upload is checked (a real DOCX by its bytes, every placeholder one the document
has, fillable with a complete case) and kept as a draft; publishing makes it the template in
use; every version stays, and an older one is restored by publishing a copy of it as a new
version. Nothing here commits.
"""
import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import timeutil
from portal.extensions import db
from portal.models.documents import DocumentTemplate, DocumentTemplateFile
from portal.services import files
from portal.services.actor import current_actor_id
from portal.services.documents import catalog, render
from portal.services.documents.specimen import SPECIMEN_DOSSIER_ROWS, specimen_case
from portal.services.documents.standard import standard_template

MAX_BYTES = 5 * 1024 * 1024

MESSAGES = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large: at most %(size)s MB."),
    "type": _l("This file is not a Word document (DOCX), whatever its name says. Save it in Word as “Word Document (*.docx)” and upload it again."),
    "unknown": _l("The template uses the placeholder “%(name)s”, which this document does not have. Correct it (the list of placeholders is below) and upload it again."),
    "syntax": _l("A placeholder or repeat instruction in the template is not written correctly (%(name)s). Check the braces {{ … }} and {%% … %%} and upload it again."),
    "broken": _l("The Word document cannot be read (it may be damaged). Open it in Word, save it again as DOCX and upload it again."),
    "clash": _l("Someone else saved a version of this template at the same moment. Nothing was saved; please try again."),
}


class TemplateRefused(Exception):
    """Why a template upload is refused; ``str()`` is the translated reason."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self):
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code]).replace("%%", "%")


# --- the template in use ------------------------------------------------------------------------------

def published_query(key):
    return (select(DocumentTemplate).where(DocumentTemplate.key == key, DocumentTemplate.published_at.isnot(None))
            .order_by(DocumentTemplate.published_at.desc(), DocumentTemplate.number.desc()))


def current_version(key):
    """The published version in use for ``key``, or None (the standard template is in use)."""
    return db.session.scalars(published_query(key).limit(1)).first()


def in_use(key):
    """The bytes of the template in use for document ``key``."""
    version = current_version(key)
    return bytes_of(version) if version is not None else standard_template(key)


def bytes_of(version):
    return db.session.scalar(select(DocumentTemplateFile.data).where(DocumentTemplateFile.sha256 == version.sha256))


def versions(key):
    return db.session.scalars(
        select(DocumentTemplate).where(DocumentTemplate.key == key).order_by(DocumentTemplate.number.desc())
    ).all()


def current_numbers():
    """{key: number of the version in use} for every document with a published version, in one query."""
    latest = (select(DocumentTemplate.key, func.max(DocumentTemplate.published_at).label("at"))
              .where(DocumentTemplate.published_at.isnot(None)).group_by(DocumentTemplate.key).subquery())
    rows = db.session.execute(
        select(DocumentTemplate.key, func.max(DocumentTemplate.number))
        .join(latest, (latest.c.key == DocumentTemplate.key) & (latest.c.at == DocumentTemplate.published_at))
        .group_by(DocumentTemplate.key)
    )
    return dict(rows.all())


# --- checking an upload ---------------------------------------------------------------------------------

def allowed_names(spec):
    return BASE_NAMES | set(spec.names)


BASE_NAMES = frozenset({
    "committee", "case", "parties", "applicants", "respondents", "mediators", "mediator_names", "agreement",
    "confirmation", "reviews", "today", "district",
})


def specimen_values(spec):
    """The placeholder values of ``spec`` for the specimen case (examples on the template page)."""
    from flask_babel import force_locale

    case = specimen_case(oral=spec.key == "oral_agreement")
    item = spec.items(case)[0]
    with force_locale(render.DOCUMENT_LOCALE):
        return catalog.context_for(item, case, masked=False, given=_specimen_given(spec))


def _specimen_given(spec):
    if "dossier" not in spec.names:
        return None
    from portal.services.documents.context import fields, items

    dossier = fields("dossier", rows=items("dossier.rows", SPECIMEN_DOSSIER_ROWS), documents="3", pages="4",
                     filed_by="王调解", filed_on="二〇二六年十二月二十日", starts_on="二〇二六年十一月三日",
                     ends_on="二〇二六年十一月二十日", remarks="")
    return {"dossier": dossier}


def check(spec, data):
    """Refuse (TemplateRefused) a template that is not a DOCX, uses a placeholder the document
    lacks, or cannot be filled from a complete case."""
    try:
        files.check(data, ("docx",), MAX_BYTES)
    except files.FileError as refused:
        params = {"size": files.megabytes(MAX_BYTES)} if refused.code == "too_large" else {}
        raise TemplateRefused(refused.code, **params) from None
    try:
        names = render.template_names(data)
        unknown = sorted(names - allowed_names(spec))
        if unknown:
            raise TemplateRefused("unknown", name=unknown[0])
        case = specimen_case(oral=spec.key == "oral_agreement")
        filled = render.make(spec.items(case)[0], case, masked=False, template_bytes=data,
                             given=_specimen_given(spec))
        filled.html()  # what the print page and the PDF read must read
    except render.TemplateProblem as problem:
        raise TemplateRefused(problem.code, name=problem.name) from None
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise TemplateRefused("broken") from error


# --- keeping versions ---------------------------------------------------------------------------------

def _store_bytes(data):
    digest = hashlib.sha256(data).hexdigest()
    if db.session.get(DocumentTemplateFile, digest) is None:
        db.session.add(DocumentTemplateFile(sha256=digest, size=len(data), data=data))
    return digest


def _next_number(key):
    return (db.session.scalar(select(func.max(DocumentTemplate.number)).where(DocumentTemplate.key == key)) or 0) + 1


def _add_version(key, attempts=3, **values):
    """A new version numbered after the last one; a colleague saving one at the same moment takes
    the number first, and this one takes the next (after a few tries, a clear refusal)."""
    for _attempt in range(attempts):
        version = DocumentTemplate(key=key, number=_next_number(key), **values)
        try:
            with db.session.begin_nested():
                db.session.add(version)
                db.session.flush()
        except IntegrityError:
            continue
        return version
    raise TemplateRefused("clash")


def upload(spec, data, *, filename, note=""):
    """Check ``data`` and keep it as a new draft version of ``spec``'s template."""
    check(spec, data)
    digest = _store_bytes(data)
    return _add_version(spec.key, sha256=digest, filename=files.display_name(filename, default=f"{spec.key}.docx"),
                        note=(note or "").strip()[:300])


def publish(version):
    """Make ``version`` the template in use (checked again: the placeholders may have changed)."""
    check(catalog.spec_of(version.key), bytes_of(version))
    version.published_at = timeutil.now()
    version.published_by_id = current_actor_id()
    db.session.flush()
    return version


def restore(version, note=""):
    """Publish a copy of an older ``version`` as the newest one (the history stays linear)."""
    check(catalog.spec_of(version.key), bytes_of(version))
    copy = _add_version(version.key, sha256=version.sha256, filename=version.filename, restored_from=version.number,
                        note=(note or "").strip()[:300], published_at=timeutil.now(),
                        published_by_id=current_actor_id())
    return copy


def restore_standard(spec, note=""):
    """Go back to the built-in standard template: published as a new version like any other."""
    digest = _store_bytes(standard_template(spec.key))
    return _add_version(spec.key, sha256=digest, filename=f"{spec.title}.docx", note=(note or "").strip()[:300],
                        published_at=timeutil.now(), published_by_id=current_actor_id())
