"""Rich text (HTML written by editors) made safe with nh3, on save and again on output.

Only structural tags survive; no script, style, event handler, ``style`` attribute or
``javascript:``/``data:`` URL does. Running it twice changes nothing, so the saved value can
be compared with what an editor submits.
"""
import re

import nh3

TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "span",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr",
    "a", "img", "table", "caption", "thead", "tbody", "tr", "th", "td",
})
ATTRIBUTES = {
    "*": {"lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with their content, not just unwrapped.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea", "select"})

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def sanitize(html):
    """Safe HTML for ``html`` (a string or None)."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(html):
    """The visible text of ``html``, on one line (for summaries, search and diffs)."""
    text = _TAG.sub(" ", sanitize(html))
    text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&#39;", "'").replace("&amp;", "&")
    return _SPACE.sub(" ", text).strip()
