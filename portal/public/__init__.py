"""The public site (no login): content pages, contact points, the online application and its status.

Every page here reads only published content and records marked public (see
portal.services.content and portal.services.contacts); personal data never reaches a template.
"""
from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from forms.public import ApplicationForm, TrackForm
from portal.extensions import db
from portal.i18n import current_locale_code
from portal.public import pages
from portal.services import applications, contacts, content
from portal.services.content import files as content_files
from portal.services.inputs import clean_term

bp = Blueprint("public", __name__)

CONTACTS_PER_PAGE = 24  # fills rows of two and three cards
ENTRIES_PER_PAGE = 20
# The application form is text only: anything bigger is not a person filling it in.
APPLICATION_MAX_BYTES = 64 * 1024


@bp.route("/")
def home():
    notices_type, notices = content.latest_entries("notice", limit=5)
    locale = current_locale_code()
    return render_template(
        "public/home.html",
        notices_type=notices_type,
        notices=[content.localize(e, locale) for e in notices],
        procedures_type=content.public_type("procedure"),
        procedures=[content.localize(e, locale) for e in pages.first_entries("procedure", 6)],
    )


@bp.route("/content/<type_key>/")
def content_index(type_key):
    content_type = content.public_type(type_key) or abort(404)
    page = pages.page_number()
    search = clean_term(request.args.get("q")) or ""
    entries, total = content.visible_entries(content_type, search=search, page=page, per_page=ENTRIES_PER_PAGE)
    locale = current_locale_code()
    return render_template(
        "public/content_index.html",
        content_type=content_type,
        entries=[content.localize(e, locale) for e in entries],
        search=search,
        pager=pages.Pager(page, ENTRIES_PER_PAGE, total),
    )


@bp.route("/content/<type_key>/<slug>")
def entry(type_key, slug):
    content_type = content.public_type(type_key) or abort(404)
    found = content.visible_entry(content_type, slug) or abort(404)
    return render_template("public/entry.html", **pages.entry_context(found, current_locale_code(), preview=False))


@bp.route("/files/<int:file_id>/<path:name>")
def file(file_id, name):
    stored = content_files.public_file(file_id) or abort(404)
    return pages.file_response(stored)


@bp.route("/contacts/")
def contact_points():
    street = contacts.street_by_code(request.args.get("street"))
    # A community is chosen within the chosen street (its list follows the street).
    community = contacts.community_by_code(request.args.get("community"), street) if street else None
    kind = contacts.parse_kind(request.args.get("kind"))
    search = clean_term(request.args.get("q")) or ""
    page = pages.page_number()
    points, total = contacts.search_contacts(
        street_id=street.id if street else None, kind=kind, search=search, page=page, per_page=CONTACTS_PER_PAGE,
        community=community,
    )
    return render_template(
        "public/contacts.html",
        points=points, streets=contacts.streets(), street=street, kind=kind, search=search,
        communities=contacts.communities_of(street), community=community,
        kinds=contacts.ContactKind, pager=pages.Pager(page, CONTACTS_PER_PAGE, total),
    )


@bp.route("/apply/", methods=["GET", "POST"])
def apply():
    if request.method == "POST":
        pages.count_attempt("apply")
    form = ApplicationForm()
    pages.fill_application_choices(form)
    if request.method == "POST":
        if form.website.data:
            # Only a bot fills in the hidden field; tell it nothing useful and keep nothing.
            return render_template("public/apply.html", form=form, refused=True,
                                   reading=pages.consent_reading(current_locale_code())), 400
        if form.validate():
            try:
                application = applications.submit(pages.application_input(form, current_locale_code()))
            except applications.ApplicationError as error:
                db.session.rollback()
                pages.show_application_error(form, error)
            else:
                db.session.commit()
                session["application_code"] = application.tracking_code
                return redirect(url_for("public.applied"))
    return render_template("public/apply.html", form=form, refused=False,
                           reading=pages.consent_reading(current_locale_code()))


@bp.route("/apply/submitted")
def applied():
    code = session.get("application_code")
    if not code:
        return redirect(url_for("public.apply"))
    return render_template("public/applied.html", code=applications.format_code(code))


@bp.route("/track/", methods=["GET", "POST"])
def track():
    if request.method == "POST":
        pages.count_attempt("track")
    form = TrackForm()
    state = went_to = None
    if form.validate_on_submit():
        found = applications.find(form.code.data, form.phone.data)
        if found is None:
            form.code.errors = list(form.code.errors) + [
                _("No application matches this tracking code and phone number. Please check both and try again.")
            ]
        else:
            state = applications.state_of(found)
            went_to = applications.went_to(found)
    return render_template("public/track.html", form=form, state=state, went_to=went_to)


@bp.route("/sitemap.xml")
def sitemap():
    xml = render_template("public/sitemap.xml", urls=pages.sitemap_urls())
    return Response(xml, mimetype="application/xml")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico where a page names no icon (a PDF, an API answer)."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/robots.txt")
def robots():
    text = render_template("public/robots.txt")
    return Response(text, mimetype="text/plain")


def limit_form_size():
    """The public forms are small: refuse a big body (413) before anything reads it."""
    if request.endpoint in ("public.apply", "public.track"):
        request.max_content_length = APPLICATION_MAX_BYTES


def init_app(app):
    from portal.public.filters import init_filters

    app.register_blueprint(bp)
    # First of all request hooks: CSRF protection reads the form in its own hook.
    app.before_request_funcs.setdefault(None, []).insert(0, limit_form_size)
    init_filters(app)

