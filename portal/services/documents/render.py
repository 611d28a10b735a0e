"""Making a document: the template filled with the case's values as DOCX (docxtpl on
python-docx), that DOCX as HTML for the A4 print page, and as PDF (WeasyPrint, Noto CJK fonts
embedded). Always Simplified Chinese, whatever the reader's language."""
import io
import re
from dataclasses import dataclass

from docxtpl import DocxTemplate
from flask_babel import force_locale
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import TemplateError, TemplateSyntaxError, UndefinedError

from portal.services.documents import catalog, docx_html
from portal.services.documents.context import MissingPlaceholder
from portal.services.documents.docx_html import SERIF

DOCUMENT_LOCALE = "zh_Hans_CN"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateProblem(Exception):
    """A template that cannot be filled: ``code`` says why (unknown, syntax, broken), ``name``
    the placeholder or the line at fault."""

    def __init__(self, code, name=""):
        super().__init__(code, name)
        self.code = code
        self.name = name


def jinja_env():
    # Strict: a placeholder the context lacks is an error naming it, never an empty blank.
    return Environment(undefined=StrictUndefined, autoescape=True)


_UNDEFINED = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")


def fill(template_bytes, values):
    """The DOCX of ``template_bytes`` filled with ``values``; raises TemplateProblem."""
    try:
        template = DocxTemplate(io.BytesIO(template_bytes))
        template.render(values, jinja_env=jinja_env(), autoescape=True)
        out = io.BytesIO()
        template.save(out)
    except MissingPlaceholder as missing:
        raise TemplateProblem("unknown", missing.name) from None
    except UndefinedError as error:
        found = _UNDEFINED.search(str(error)) or _NO_ATTRIBUTE.search(str(error))
        raise TemplateProblem("unknown", found.group(1) if found else str(error)) from None
    except TemplateSyntaxError as error:
        raise TemplateProblem("syntax", error.message or "") from None
    except TemplateError as error:
        raise TemplateProblem("syntax", str(error)) from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as error:
        # A broken package (a part missing, XML that does not parse).
        raise TemplateProblem("broken", type(error).__name__) from None
    return out.getvalue()


_OPENING = re.compile(r"\{\{|\{%")
_CLOSING = re.compile(r"\}\}|%\}")


def unclosed_tag(template_bytes):
    """The text of the first paragraph whose {{ … }} or {% … %} does not close within it, or None.

    Word keeps a placeholder in one paragraph; docxtpl would otherwise join paragraphs up to the
    next closing braces and silently drop what lies between.
    """
    from docx import Document

    document = Document(io.BytesIO(template_bytes))
    for paragraph in _all_paragraphs(document):
        text = paragraph.text
        if len(_OPENING.findall(text)) != len(_CLOSING.findall(text)):
            return text.strip()[:60]
    return None


def _all_paragraphs(document):
    def walk(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from walk(part)


def template_names(template_bytes):
    """The top-level placeholders a template uses (to refuse unknown ones by name)."""
    unclosed = unclosed_tag(template_bytes)
    if unclosed is not None:
        raise TemplateProblem("syntax", unclosed)
    try:
        return DocxTemplate(io.BytesIO(template_bytes)).get_undeclared_template_variables(jinja_env())
    except TemplateSyntaxError as error:
        raise TemplateProblem("syntax", error.message or "") from None
    except TemplateError as error:
        raise TemplateProblem("syntax", str(error)) from None


@dataclass
class Made:
    """A made document: the item it is, its DOCX, and a file name."""

    item: catalog.Item
    docx: bytes
    case_number: str

    @property
    def title(self):
        return self.item.spec.title

    def filename(self, extension):
        """人民调解记录（2026）和平调字第0007号-2.pdf: the title, the case number, which meeting."""
        suffix = f"-{self.item.number}" if self.item.record is not None else ""
        return f"{self.item.spec.title}{self.case_number}{suffix}.{extension}"

    def html(self):
        return docx_html.to_html(self.docx)


def make(item, case, *, masked, template_bytes=None, given=None):
    """Fill ``item``'s template (the one in use, or ``template_bytes``) from ``case``."""
    from portal.services.documents import templates

    if template_bytes is None:
        template_bytes = templates.in_use(item.spec.key)
    with force_locale(DOCUMENT_LOCALE):
        values = catalog.context_for(item, case, masked=masked, given=given)
        docx = fill(template_bytes, values)
    return Made(item, docx, case.number or "")


# --- HTML and PDF ---------------------------------------------------------------------------------

DOCUMENT_CSS = """
.doc {{ font-family: {serif}; font-size: {size:.1f}pt; line-height: {line:.2f}; color: #000; }}
.doc p {{ margin: 0; orphans: 2; widows: 2; }}
.doc .form-table, .doc .plain-table {{ width: 100%; border-collapse: collapse; margin: 4pt 0; }}
.doc .form-table td {{ border: 0.75pt solid #000; padding: 3pt 5pt; vertical-align: middle; }}
.doc .plain-table td {{ padding: 2pt 4pt; vertical-align: top; }}
.doc tr {{ break-inside: avoid; }}
.doc .page-break {{ break-after: page; }}
"""


def document_css(html_doc):
    return DOCUMENT_CSS.format(serif=SERIF, size=html_doc.base_size, line=html_doc.line_height)


def standalone_html(html_doc, title):
    """One document as a page of its own (what WeasyPrint lays out)."""
    from html import escape

    return (
        f'<!DOCTYPE html><html lang="zh-Hans-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{html_doc.page.css()}{document_css(html_doc)} body {{ margin: 0; }}</style></head>"
        f'<body><article class="doc">{html_doc.body}</article></body></html>'
    )


def layout(html_doc, title):
    """WeasyPrint's laid-out pages of one document (to count pages before writing)."""
    from weasyprint import HTML

    return HTML(string=standalone_html(html_doc, title)).render()


def pdf_bytes(made):
    return layout(made.html(), made.title).write_pdf()


def image_page_html(url):
    """A scanned image on an A4 page, as large as fits, upright as taken (EXIF orientation)."""
    return f'<div class="scan"><img src="{url}"></div>'


SCAN_CSS = """
@page { size: 210mm 297mm; margin: 10mm; }
body { margin: 0; }
.scan { width: 190mm; height: 277mm; display: flex; align-items: center; justify-content: center;
        break-after: page; }
.scan img { max-width: 190mm; max-height: 277mm; object-fit: contain; image-orientation: from-image; }
"""
