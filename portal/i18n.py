"""Locale selection, the language switcher and locale-aware formatting.

The locale comes from the user's choice (the switcher, remembered in a cookie and on the
account), then the browser's Accept-Language, then the default (Simplified Chinese).
"""
import functools
import os
from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale, get_translations
from flask_login import current_user
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from wtforms.i18n import get_translations as wtforms_translations

from portal.extensions import babel, db

COOKIE = "portal_locale"
COOKIE_MAX_AGE = 365 * 24 * 3600
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS_DIR = os.path.join(PROJECT_ROOT, "translations")

# Names in their own language, for the switcher.
NATIVE_NAMES = {"zh_Hans_CN": "简体中文", "zh_Hant_TW": "繁體中文", "en": "English"}
# HTML lang attribute values.
HTML_LANG = {"zh_Hans_CN": "zh-Hans-CN", "zh_Hant_TW": "zh-Hant-TW", "en": "en"}
# WTForms ships its catalogs as zh (Simplified) and zh_TW.
WTFORMS_LOCALES = {"zh_Hans_CN": ["zh"], "zh_Hant_TW": ["zh_TW"], "en": ["en"]}

bp = Blueprint("i18n", __name__)


def supported():
    return current_app.config["PORTAL_LOCALES"]


def from_accept_language(header_values):
    """Map Accept-Language tags to a supported locale: zh-TW/HK/MO/Hant → Traditional, etc."""
    for tag, _quality in header_values:
        tag = tag.replace("_", "-").lower()
        if tag.startswith("zh"):
            if any(part in tag for part in ("hant", "-tw", "-hk", "-mo")):
                return "zh_Hant_TW"
            return "zh_Hans_CN"
        if tag.startswith("en"):
            return "en"
    return None


def select_locale():
    if not has_request_context():  # CLI commands and jobs use the default locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choices = supported()
    chosen = session.get("locale") or request.cookies.get(COOKIE)
    if chosen in choices:
        return chosen
    # Only a user this request has loaded already: reading the locale must never need the
    # database (error pages are drawn when it is down). Signing in puts the saved one in the session.
    from portal.auth.sessions import loaded_user, loaded_value

    saved = loaded_value(loaded_user(), "locale")
    if saved in choices:
        return saved
    return from_accept_language(request.accept_languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale_code():
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


class FormTranslations:
    """WTForms' own messages (``This field is required.``) in the current locale.

    The portal's catalog comes first (forms/library_messages.py lists these messages), WTForms'
    catalog for the locale second: WTForms would otherwise show Simplified Chinese to a
    Traditional Chinese reader, its only Chinese catalog being ``zh``.
    """

    def _catalog(self):
        return _wtforms_catalog(current_locale_code())

    def gettext(self, string):
        ours = get_translations().ugettext(string)
        return ours if ours != string else self._catalog().gettext(string)

    def ngettext(self, singular, plural, n):
        ours = get_translations().ungettext(singular, plural, n)
        if ours not in (singular, plural):
            return ours
        return self._catalog().ngettext(singular, plural, n)


form_translations = FormTranslations()


@functools.lru_cache(maxsize=8)
def _wtforms_catalog(code):
    """WTForms' catalog for a locale, read from disk once per process (not once per form)."""
    return wtforms_translations(WTFORMS_LOCALES.get(code, ["en"]))


def _safe_target(target):
    """Only redirect back to a path on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/locale/<code>", methods=["GET", "POST"])
def switch(code):
    """Show the site in ``code`` in this browser (a cookie). A POST (with its CSRF token, as every
    POST) also saves it as the signed-in user's preference; a link alone changes no account."""
    target = _safe_target(request.args.get("next")) or url_for("public.home")
    response = redirect(target)
    if code in supported():
        session["locale"] = code
        response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
        if request.method == "POST" and current_user.is_authenticated:
            save_preference(current_user, code)
    return response


def save_preference(user, code):
    """The account's language (a plain UPDATE: a preference is not an edit of the record)."""
    from sqlalchemy import update

    from portal.models.users import User

    db.session.execute(update(User.__table__).where(User.__table__.c.id == user.id).values(locale=code))
    db.session.commit()


def switcher_links():
    here = request.full_path if request.query_string else request.path
    return [
        {
            "code": code,
            "name": NATIVE_NAMES[code],
            "lang": HTML_LANG[code],
            "url": url_for("i18n.switch", code=code, next=here),
            "active": code == current_locale_code(),
        }
        for code in supported()
    ]


def local_date(value, fmt="medium"):
    """A date (or a datetime's date) in the reader's locale.

    Stored datetimes are already the district's wall time (portal.timeutil): Flask-Babel would
    take a naive one for UTC and move it eight hours on, so 23 November 22:00 would read as the
    24th. Every date and time on a page goes through here or :func:`local_datetime`, never
    through Flask-Babel's rebasing defaults.
    """
    if value is None or value == "":
        return ""
    if type(value) is date and has_request_context():
        return _date_text(current_locale_code(), fmt, value)
    return _memo("date", value, fmt, lambda: format_date(value, fmt, rebase=False))


@functools.lru_cache(maxsize=20_000)
def _date_text(code, fmt, value):
    """A day in ``code`` (the request's own language), formatted once per process: lists show
    the same few thousand days over and over, and Babel's formatting is a cell's costliest part."""
    return format_date(value, fmt, rebase=False)


def local_datetime(value, fmt="short"):
    """A datetime in the reader's locale, as the district's wall time (never shifted)."""
    if value is None or value == "":
        return ""
    return _memo("datetime", value, fmt, lambda: format_datetime(value, fmt, rebase=False))


def _memo(kind, value, fmt, make):
    """A formatted date or time, made once per request: a list's rows share few dates, and
    Babel's formatting of each is the costliest part of a cell."""
    if not has_request_context():
        return make()
    known = g.setdefault("_formatted_dates", {})
    key = (kind, type(value), value, fmt, current_locale_code())
    if key not in known:
        known[key] = make()
    return known[key]


def local_time(value, fmt="short"):
    if value is None or value == "":
        return ""
    return format_time(value, fmt, rebase=False)


def format_value(value):
    """Locale-aware display of dates, datetimes, decimals and numbers."""
    from datetime import date, datetime
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return local_date(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (Decimal, float, int)):
        return format_decimal(value)
    return value


def browser_locale():
    """Strings for Flask-Admin's JavaScript widgets, in the reader's language (static/admin-locale.js)."""
    from portal import timeutil

    # The district's wall time: date pickers start from it, not from the browser's clock.
    return {"now": timeutil.now().isoformat(), **_browser_strings(current_locale_code())}


def browser_locale_json():
    """``browser_locale()`` as a JavaScript object literal, safe in a <script>: the strings'
    JSON is made once per language, the time on each page."""
    from portal import timeutil

    strings = _browser_strings_json(current_locale_code())
    now = htmlsafe_json_dumps(timeutil.now().isoformat())
    return Markup(f'{{"now": {now}, {strings[1:]}')


@functools.lru_cache(maxsize=8)
def _browser_strings_json(code):
    return str(htmlsafe_json_dumps(_browser_strings(code)))


@functools.lru_cache(maxsize=8)
def _browser_strings(code):
    """The widgets' strings in ``code`` (the request's own language): made once per language."""
    from flask_babel import gettext

    return {
        "picker": picker_locale(),
        # select2 3.5 messages; {n} is replaced in the browser.
        "select2": {
            "noMatches": gettext("No matches found"),
            "searching": gettext("Searching…"),
            "inputTooShort": gettext("Please enter {n} more characters"),
            "inputTooLong": gettext("Please delete {n} characters"),
            "selectionTooBig": gettext("You can only select {n} items"),
            "loadMore": gettext("Loading more results…"),
            "ajaxError": gettext("Searching failed; please try again."),
            "matches": gettext("{n} results are available, use up and down arrow keys to navigate."),
        },
    }


def picker_locale():
    """Labels and CLDR month/day names for Flask-Admin's date pickers (see static/admin-locale.js)."""
    from babel.dates import get_day_names, get_month_names
    from flask_babel import gettext

    locale = get_locale()
    days = get_day_names("narrow" if str(locale) == "en" else "short", locale=locale)  # 0 = Monday
    months = get_month_names("abbreviated", locale=locale)
    return {
        "chooseLabel": gettext("Choose from a calendar"),
        "applyLabel": gettext("Apply"),
        "cancelLabel": gettext("Cancel"),
        "fromLabel": gettext("From"),
        "toLabel": gettext("To"),
        "weekLabel": "",
        "daysOfWeek": [days[6]] + [days[i] for i in range(6)],  # the picker counts from Sunday
        "monthNames": [months[i] for i in range(1, 13)],
        "firstDay": (locale.first_week_day + 1) % 7,
    }


def init_app(app):
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)

    @app.context_processor
    def inject_locale():
        code = current_locale_code()
        return {
            "current_locale": code,
            "html_lang": HTML_LANG.get(code, code),
            "locale_links": switcher_links,
            "browser_locale": browser_locale,
            "browser_locale_json": browser_locale_json,
        }

    app.jinja_env.filters["localdate"] = local_date
    app.jinja_env.filters["localdatetime"] = local_datetime
    # Flask-Babel's own filters would rebase naive values as if they were UTC: same as ours.
    app.jinja_env.filters.update(dateformat=local_date, datetimeformat=local_datetime, timeformat=local_time)
    app.jinja_env.filters["localnumber"] = lambda v: format_decimal(v) if v is not None else ""
    app.jinja_env.filters["localvalue"] = format_value
