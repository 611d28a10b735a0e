"""Drive the app as a browser does: read forms from pages, keep their values, send CSRF tokens."""
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def today():
    """The district's today as ISO text, for forms (meetings happen after the case was accepted)."""
    from portal import timeutil

    return timeutil.today().isoformat()


def csrf_token(html):
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "selects": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            if not name or kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on")))
                return
            self._form["fields"].append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "multiple": "multiple" in attrs, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = {"name": attrs.get("name"), "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            sel = self._select
            values = sel["chosen"] or ([] if sel["multiple"] or sel["first"] is None else [sel["first"]])
            if sel["name"] and self._form is not None:
                self._form["fields"].extend((sel["name"], v) for v in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._textarea["name"] and self._form is not None:
                # A browser drops the one line break that follows <textarea> (HTML spec).
                text = self._textarea["text"].replace("\r\n", "\n")
                self._form["fields"].append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None


class Form:
    """A form as a browser would submit it, with its current values."""

    def __init__(self, page_url, attrs, fields):
        self.action = urljoin(page_url, attrs.get("action") or page_url)
        self.method = (attrs.get("method") or "get").lower()
        self.fields = list(fields)

    def __contains__(self, name):
        return any(n == name for n, _ in self.fields)

    def get(self, name):
        return next((v for n, v in self.fields if n == name), None)

    def set(self, name, value):
        """Replace a field's value(s); a list sets a multi-valued field; None removes it."""
        self.fields = [(n, v) for n, v in self.fields if n != name]
        if value is None:
            return self
        for item in value if isinstance(value, (list, tuple)) else [value]:
            self.fields.append((name, "" if item is None else str(item)))
        return self

    def fill(self, **values):
        for name, value in values.items():
            self.set(name.replace("__", "-"), value)
        return self

    def data(self):
        from werkzeug.datastructures import MultiDict

        return MultiDict(self.fields)

    def submit(self, client, **kwargs):
        path = urlsplit(self.action)
        target = path.path + (f"?{path.query}" if path.query else "")
        return client.post(target, data=self.data(), **kwargs)


def get_form(client, url, *, index=None, match=None, has_field=None):
    """Load ``url`` and return its form: the one whose action contains ``match``, the first one
    holding the field ``has_field`` (a name, or a (name, value) pair such as ("action", "add")),
    or number ``index``.

    With none of them, the one form with a CSRF field and the most fields (the page's main form).
    """
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return form_from_html(response.get_data(as_text=True), url, index=index, match=match, has_field=has_field)


def _holds(form, field):
    name, value = field if isinstance(field, tuple) else (field, None)
    return any(n == name and (value is None or v == value) for n, v in form["fields"])


def form_from_html(html, url, *, index=None, match=None, has_field=None):
    parser = _FormParser()
    parser.feed(html)
    forms = parser.forms
    assert forms, f"no form on {url}"
    if match is not None:
        # The form whose action's path matches: the language switch's action carries the page's
        # own address in its query ("?next=…"), which must not count.
        actions = [(f, f["attrs"].get("action") or "") for f in forms]
        chosen = next((f for f, action in actions if match in action.split("?next=")[0]), None)
        chosen = chosen or next(f for f, action in actions if match in action)
    elif has_field is not None:
        chosen = next((f for f in forms if _holds(f, has_field)), None)
        assert chosen is not None, f"no form on {url} holds {has_field}"
    elif index is not None:
        chosen = forms[index]
    else:
        with_csrf = [f for f in forms if any(n == "csrf_token" for n, _ in f["fields"])]
        chosen = max(with_csrf or forms, key=lambda f: len(f["fields"]))
    return Form(url, chosen["attrs"], chosen["fields"])


def all_forms(html, url):
    """Every form on a page, as a browser would submit it."""
    parser = _FormParser()
    parser.feed(html)
    return [Form(url, form["attrs"], form["fields"]) for form in parser.forms]


def text_of(response):
    return response.get_data(as_text=True)


_ERROR_BLOCKS = re.compile(
    r'<(?:div|span|small|ul)[^>]*class="[^"]*(?:invalid-feedback|help-block|alert-danger|alert-error|alert-warning|text-danger)[^"]*"[^>]*>(.*?)</(?:div|span|small|ul)>',
    re.S,
)


def page_errors(response):
    """Messages shown on a page (field errors, error and warning flashes), as plain text."""
    html = text_of(response)
    found = []
    for block in _ERROR_BLOCKS.findall(html):
        clean = re.sub(r"\s+", " ", re.sub(r"<[^>]+>|&times;", " ", block)).strip()
        if clean and clean != "*":
            found.append(clean)
    return found


def assert_redirect(response):
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}: {page_errors(response)}"
    return response


_ROW_ID = re.compile(r'<input[^>]*name="rowid"[^>]*value="(\d+)"')
_DETAILS_LINK = re.compile(r'href="([^"]*)/details/\?id=(\d+)')


def listed_ids(response):
    """Ids of the records a list page shows (row checkboxes, or details links where there are none)."""
    html = text_of(response)
    rows = _ROW_ID.findall(html)
    if not rows:  # details links of this list's own records, not of the records its columns link to
        view = "/".join(response.request.path.split("/")[:3])  # "/admin/online_applications"
        rows = [i for path, i in _DETAILS_LINK.findall(html) if path.endswith(view)]
    return {int(i) for i in rows}


_FILTER_GROUPS = re.compile(r'<div id="filter-groups-data"[^>]*>(.*?)</div>', re.S)


def filtered(client, list_url, label, value, operation=0):
    """GET ``list_url`` filtered by the filter a person sees as ``label`` (its ``operation``-th form)."""
    import html as html_lib
    import json
    from urllib.parse import urlencode

    groups = json.loads(html_lib.unescape(_FILTER_GROUPS.search(text_of(client.get(list_url))).group(1)))
    arg = groups[label][operation]["arg"]
    separator = "&" if "?" in list_url else "?"
    return client.get(list_url + separator + urlencode({f"flt0_{arg}": value}))
