"""Helpers of the public views: paging, what an entry page shows, files, the application form."""
import math
from urllib.parse import quote

from flask import Response, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import TooManyRequests

from portal.extensions import db
from portal.models import DisputeType
from portal.models.content import ContentEntry, ContentFile, ContentType, FieldKind
from portal.services import applications, contacts, content, files, ratelimit
from portal.services.content import files as content_files

MAX_PAGE = 10_000


def page_number():
    """The ``page`` argument as a number from 1, whatever was typed into the address bar."""
    try:
        page = int(request.args.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


class Pager:
    def __init__(self, page, per_page, total):
        self.page, self.per_page, self.total = page, per_page, total
        self.pages = max(1, math.ceil(total / per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    def url(self, page):
        """This page's address at ``page``, keeping the reader's search and filters.

        Query arguments are the reader's to type: one named like a path argument (``type_key``)
        or one url_for reads itself (``_external``, ``_anchor``…) would break or change the link.
        """
        view_args = request.view_args or {}
        kept = {key: value for key, value in request.args.items() if not key.startswith("_") and key not in view_args}
        return url_for(request.endpoint, **view_args, **{**kept, "page": page})


def first_entries(type_key, limit):
    """The first visible entries of a type in its set order (no count: nothing pages here)."""
    content_type = content.public_type(type_key)
    if content_type is None:
        return []
    return db.session.scalars(content.visible_entries_query(content_type).limit(limit)).all()


# --- entry pages ----------------------------------------------------------------------------------

def public_file_url(stored):
    return url_for("public.file", file_id=stored.id, name=stored.name)


def entry_context(entry, locale, *, preview, file_url=public_file_url):
    """What public/entry.html needs, for the public page and the editors' preview alike."""
    view = content.localize(entry, locale)
    fields = entry.content_type.fields
    record_pairs = [(f.target, view.values.get(f.key)) for f in fields if f.kind == FieldKind.RECORD]
    file_ids = [view.values.get(f.key) for f in fields if f.kind == FieldKind.FILE and view.values.get(f.key)]
    files = {}
    if file_ids:
        rows = db.session.scalars(
            select(ContentFile).where(ContentFile.id.in_(file_ids), ContentFile.entry_id == entry.id)
        )
        files = {row.id: row for row in rows}
    return {
        "view": view,
        "content_type": entry.content_type,
        "records": contacts.public_contacts(record_pairs),
        "files": files,
        "file_url": file_url,
        "preview": preview,
    }


def file_response(stored, *, public=True):
    """The file's bytes; ``public`` ones may be cached by anyone, others (drafts in the editors'
    preview) by nobody."""
    payload = files.stored_bytes(content_files.key_of(stored))
    disposition = "inline" if stored.is_image or stored.mime == "application/pdf" else "attachment"
    response = Response(payload, mimetype=stored.mime)
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(stored.name)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response.set_etag(stored.sha256)
    return response.make_conditional(request)


# --- the rate limit of the public forms ----------------------------------------------------------

def count_attempt(bucket):
    """Count this submission against ``bucket``'s limit; 429 (with Retry-After) when over it.

    Commits at once: the attempt counts even if the form is then refused or the save fails.
    """
    wait = ratelimit.attempt(bucket)
    db.session.commit()
    if wait:
        raise TooManyRequests(retry_after=wait)


# --- the application form ----------------------------------------------------------------------------

def fill_application_choices(form):
    groups = applications.receiving_communities()
    form.community.choices = {street.name: [(c.id, c.name) for c in communities] for street, communities in groups}
    types = db.session.scalars(DisputeType.in_use())
    form.dispute_type.choices = [(t.id, t.label) for t in types]


# Texts an applicant is asked to read before consenting, when they are published.
CONSENT_READING = (("rule", "rights-and-duties"), ("procedure", "mediation-process"))


def consent_reading(locale):
    """[(url, title, lang)] of the published texts an applicant consents to."""
    links = []
    for type_key, slug in CONSENT_READING:
        content_type = content.public_type(type_key)
        found = content.visible_entry(content_type, slug) if content_type is not None else None
        if found is not None:
            view = content.localize(found, locale)
            links.append((url_for("public.entry", type_key=type_key, slug=slug), view.title, view.locale))
    return links


def application_input(form, locale):
    return applications.ApplicationInput(
        applicant=applications.PartyInput(
            name=form.applicant_name.data, kind="person", id_number=form.applicant_id_number.data,
            phone=form.applicant_phone.data, address=form.applicant_address.data or "",
        ),
        respondent=applications.PartyInput(
            name=form.respondent_name.data, kind=form.respondent_kind.data, id_number=form.respondent_id_number.data or "",
            phone=form.respondent_phone.data or "", address=form.respondent_address.data or "",
        ),
        community_id=form.community.data, dispute_type_id=form.dispute_type.data, facts=form.facts.data,
        requests=form.requests.data, consent=bool(form.consent.data), amount=form.amount.data, locale=locale,
    )


def show_application_error(form, error):
    field, text = {
        "no_consent": (form.consent, _("Please confirm that you agree before submitting.")),
        "no_committee": (form.community, _("No mediation committee receives applications for this community yet. Please call the judicial office of your street.")),
        "dispute_type": (form.dispute_type, _("Choose a kind of dispute from the list.")),
    }.get(error.code, (form.facts, _("The application could not be submitted. Please try again later.")))
    field.errors = list(field.errors) + [text]


# --- sitemap ------------------------------------------------------------------------------------

def sitemap_urls():
    """(absolute URL, last change or None) of every public page."""
    urls = [(url_for("public.home", _external=True), None)]
    types = content.public_types()
    for content_type in types:
        urls.append((url_for("public.content_index", type_key=content_type.key, _external=True), None))
    if types:
        entries = db.session.scalars(
            select(ContentEntry).join(ContentType)
            .where(ContentType.is_public.is_(True), content.visible_clause())
            .options(selectinload(ContentEntry.content_type))
            .order_by(ContentType.sort_order, ContentEntry.sort_order, ContentEntry.id)
        )
        for entry in entries:
            url = url_for("public.entry", type_key=entry.content_type.key, slug=entry.slug, _external=True)
            urls.append((url, entry.updated_at))
    for endpoint in ("public.contact_points", "public.apply", "public.track"):
        urls.append((url_for(endpoint, _external=True), None))
    return urls
