"""Jinja filters and globals of the public pages (also used by the editors' preview)."""
from flask import request, url_for
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.i18n import HTML_LANG, current_locale_code
from portal.services import richtext
from portal.services.content import iso_date


def rich(value):
    """Rich text, sanitised again on the way out: stored HTML is never trusted as it is."""
    return Markup(richtext.sanitize(value))


def paragraphs(value):
    """Plain text split into its non-empty lines, one paragraph each."""
    return [line.strip() for line in str(value or "").split("\n") if line.strip()]


def filesize(size):
    if size is None:
        return ""
    if size >= 1024 * 1024:
        return gettext("%(n)s MB", n=format_decimal(round(size / (1024 * 1024), 1)))
    return gettext("%(n)s KB", n=format_decimal(max(1, round(size / 1024))))


LANGUAGE_NAMES = {
    "zh_Hans_CN": _l("Simplified Chinese"),
    "zh_Hant_TW": _l("Traditional Chinese"),
    "en": _l("English"),
}


def language_name(locale):
    """The name of a content language, in the reader's language."""
    return str(LANGUAGE_NAMES.get(locale, locale))


def html_lang_of(locale):
    return HTML_LANG.get(locale, locale)


def public_nav():
    """The site's main menu: home, the public content types, contact points, apply, track."""
    from portal.services.content import public_types

    locale = current_locale_code()
    endpoint = request.endpoint or ""
    type_key = (request.view_args or {}).get("type_key")
    items = [{"url": url_for("public.home"), "label": gettext("Home"), "active": endpoint == "public.home"}]
    for content_type in public_types():
        items.append({
            "url": url_for("public.content_index", type_key=content_type.key),
            "label": content_type.label_for(locale),
            "active": endpoint in ("public.content_index", "public.entry") and type_key == content_type.key,
        })
    items += [
        {"url": url_for("public.contact_points"), "label": gettext("Contact points"),
         "active": endpoint == "public.contact_points"},
        {"url": url_for("public.apply"), "label": gettext("Apply for mediation"),
         "active": endpoint in ("public.apply", "public.applied")},
        {"url": url_for("public.track"), "label": gettext("Check an application"), "active": endpoint == "public.track"},
    ]
    return items


def init_filters(app):
    app.jinja_env.filters.update(rich=rich, paragraphs=paragraphs, filesize=filesize, isodate=iso_date)
    app.jinja_env.globals.update(public_nav=public_nav, html_lang_of=html_lang_of, language_name=language_name)
