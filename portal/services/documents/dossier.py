"""The bound dossier (卷宗) as one PDF, in the standard order (DOMAIN.md "Archive"): cover,
index, then for each kind of paper the documents the portal makes and the scanned files
(PDF pages and images, each on A4), then the back page.

Pages are numbered from the first document (the cover and index are not), stamped top right
as archives number them, and the index gives each paper's pages. A scanned file that cannot be
read is left out, named in the index and in the returned problems; it never stops the rest.

The merged PDF is written to a temporary file and streamed from there, so it is never held in
memory a second time while being sent.
"""
import io
import tempfile
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, RectangleObject,
)

from portal.models.case_records import DocumentKind, Transition
from portal.services import attachments
from portal.services.documents import catalog, render
from portal.services.documents.context import fields, items
from portal.services.documents.dates import official_date

A4 = (595.2756, 841.8898)
NUMBER_FONT = "/PortalPageNumber"


@dataclass
class Part:
    """One paper of the dossier: made by the portal (``item``) or scanned (``attachment``)."""

    kind: DocumentKind
    title: str
    item: catalog.Item | None = None
    attachment: object = None
    pages: int = 0
    first_page: int = 0
    problem: str = ""          # why a scan is left out
    layout: object = None      # WeasyPrint's pages of a made document
    reader: object = None      # the scan's PDF, open
    image: bool = False

    @property
    def bound(self):
        return not self.problem and self.pages > 0

    @property
    def page_range(self):
        if not self.bound:
            return "—"
        last = self.first_page + self.pages - 1
        return str(self.first_page) if last == self.first_page else f"{self.first_page}-{last}"


@dataclass
class Problem:
    attachment: object
    reason: str


@dataclass
class Plan:
    parts: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def pages(self):
        return sum(part.pages for part in self.parts if part.bound)

    @property
    def documents(self):
        return sum(1 for part in self.parts if part.bound)


# --- which papers, in which order ---------------------------------------------------------------

def _signed_kinds():
    return {DocumentKind(k) for k in current_app.config.get("PORTAL_DOSSIER_SIGNED_KINDS", ())}


def order(case):
    """The dossier's papers in binding order (pages not yet counted)."""
    made = {}
    for item in catalog.bound_items(case):
        made.setdefault(item.spec.dossier_kind, []).append(item)
    scans = {}
    for attachment in case.attachments:
        scans.setdefault(DocumentKind(attachment.kind), []).append(attachment)
    parts = []
    for kind in DocumentKind:
        kind_scans = scans.get(kind, [])
        for item in made.get(kind, []):
            # The paper the parties sign: its signed scan replaces the blank one the portal makes.
            if item.spec.signed and kind_scans:
                continue
            parts.append(Part(kind, item.spec.title, item=item))
        for attachment in kind_scans:
            parts.append(Part(kind, f"{kind.label}（扫描件）", attachment=attachment))
    return parts


def count_pages(case, parts, *, masked):
    """Make each document and open each scan, counting pages; unreadable scans get a problem."""
    plan = Plan(parts)
    for part in parts:
        if part.item is not None:
            made = render.make(part.item, case, masked=masked)
            part.layout = render.layout(made.html(), made.title)
            part.pages = len(part.layout.pages)
        else:
            _open_scan(part)
            if part.problem:
                plan.problems.append(Problem(part.attachment, part.problem))
    number = 1
    for part in parts:
        if part.bound:
            part.first_page = number
            number += part.pages
    return plan


REASONS = {
    "missing": "文件缺失",
    "pdf": "PDF文件已损坏，无法读取",
    "image": "图片文件已损坏，无法读取",
    "empty": "PDF文件没有页面",
}


def _open_scan(part):
    attachment = part.attachment
    try:
        stream = attachments.open_scan(attachment)
    except OSError:
        part.problem = "missing"
        return
    try:
        if attachment.content_type == "application/pdf":
            reader = PdfReader(stream, strict=False)
            pages = len(reader.pages)
            for page in reader.pages:  # every page must be there and have a size
                page.mediabox  # noqa: B018
            if pages == 0:
                part.problem = "empty"
            part.reader, part.pages = reader, pages
        else:
            part.image, part.pages = True, 1
            _check_image(stream)
            stream.close()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
            AssertionError):
        part.problem = "image" if part.image else "pdf"
        part.pages = 0
        stream.close()


def _check_image(stream):
    """Decode the image (at a small scale, which reads it through) so damage shows now."""
    from PIL import Image

    with Image.open(stream) as image:
        image.draft("RGB", (max(image.width // 8, 1), max(image.height // 8, 1)))
        image.load()


# --- the dossier's own pages --------------------------------------------------------------------------

def _filed(case):
    """立卷人 and 立卷日期: the person named when the case was archived (cases archived before that
    was asked fall back to the name of the account that archived it)."""
    who = case.archived_by
    if not who:
        event = next((e for e in reversed(case.events) if e.transition == Transition.ARCHIVE), None)
        user = event.created_by if event is not None else None
        who = (user.display_name or user.username) if user is not None else ""
    return who, official_date(case.archived_on)


def dossier_fields(case, mask, plan=None):
    """The ``dossier`` placeholders: the index rows with pages, counts, who filed it and when."""
    if plan is None:
        plan = count_pages(case, order(case), masked=mask.masked)
    rows = []
    for number, part in enumerate(plan.parts, start=1):
        note = ""
        if part.problem:
            note = f"未装订：{REASONS[part.problem]}"
        elif part.attachment is not None:
            note = "扫描件"
        title = part.title
        # A scan's own title often names a party (张三身份证): only in the unmasked dossier.
        if part.attachment is not None and (part.attachment.title or "").strip() and not mask.masked:
            title = f"{title}：{part.attachment.title.strip()}"
        rows.append({"number": str(number), "title": title, "pages": part.page_range, "note": note})
    filed_by, filed_on = _filed(case)
    left_out = [part for part in plan.parts if part.problem]
    remarks = f"另有{len(left_out)}份扫描件因文件无法读取未装订，见卷内目录。" if left_out else ""
    return fields(
        "dossier", rows=items("dossier.rows", rows), documents=str(plan.documents), pages=str(plan.pages),
        filed_by=filed_by, filed_on=filed_on,
        starts_on=official_date(case.accepted_on or case.received_on), ends_on=official_date(case.concluded_on),
        remarks=remarks,
    )


# --- binding -----------------------------------------------------------------------------------------------

@dataclass
class Bound:
    file: object          # the PDF, in a temporary file positioned at its start
    problems: list
    pages: int


def bind(case, *, masked=False):
    """The whole dossier of ``case`` as a PDF in a temporary file (caller closes it)."""
    with force_locale(render.DOCUMENT_LOCALE):
        parts = order(case)
        plan = count_pages(case, parts, masked=masked)
        given = {"dossier": dossier_fields(case, _mask(masked), plan)}
        front = [_layout_of(spec_key, case, masked, given) for spec_key in ("cover", "index")]
        back = _layout_of("back_cover", case, masked, given)
    try:
        return _write(plan, front, back)
    finally:
        for part in plan.parts:
            if part.reader is not None:
                part.reader.stream.close()


def _mask(masked):
    from portal.services.documents.context import Masker

    return Masker(masked)


def _layout_of(key, case, masked, given):
    item = catalog.find_item(case, key)
    made = render.make(item, case, masked=masked, given=given)
    return render.layout(made.html(), made.title)


def _write(plan, front, back):
    """Lay every made page into one PDF (fonts once), then merge with the scans in order."""
    made_docs = [doc for doc in front] + [part.layout for part in plan.parts if part.bound and part.layout] + [back]
    images = [part for part in plan.parts if part.bound and part.image]
    made_pdf = tempfile.TemporaryFile()
    all_pages = [page for doc in made_docs for page in doc.pages]
    made_docs[0].copy(all_pages).write_pdf(made_pdf)
    made_pdf.seek(0)
    made_reader = PdfReader(made_pdf)
    image_reader = _image_pages(images)

    writer = PdfWriter()
    index = 0
    for doc in front:
        for _ in doc.pages:
            writer.add_page(made_reader.pages[index])
            index += 1
    image_index = 0
    for part in plan.parts:
        if not part.bound:
            continue
        if part.layout is not None:
            pages = [made_reader.pages[index + n] for n in range(part.pages)]
            index += part.pages
        elif part.image:
            pages = [image_reader.pages[image_index]]
            image_index += 1
        else:
            pages = list(part.reader.pages)
        for offset, page in enumerate(pages):
            added = writer.add_page(page)
            if part.attachment is not None:
                _fit_a4(added)
            _stamp(writer, added, part.first_page + offset)
    for _ in back.pages:
        writer.add_page(made_reader.pages[index])
        index += 1

    out = tempfile.TemporaryFile()
    writer.write(out)
    out.seek(0)
    made_pdf.close()
    return Bound(out, plan.problems, len(writer.pages))


def _image_pages(parts):
    """Every scanned image on an A4 page of its own, in one PDF (WeasyPrint embeds JPEGs as they are)."""
    if not parts:
        return None
    from weasyprint import HTML

    urls = {f"scan:{n}": part.attachment for n, part in enumerate(parts)}

    def fetch(url):
        attachment = urls.get(url)
        if attachment is None:
            raise ValueError(url)  # nothing but our own scans is ever loaded
        with attachments.open_scan(attachment) as stream:
            data = stream.read()
        try:  # WeasyPrint 68 and later
            from weasyprint.urls import URLFetcherResponse
        except ImportError:
            return {"string": data, "mime_type": attachment.content_type}
        return URLFetcherResponse(url, body=data, headers={"Content-Type": attachment.content_type})

    body = "".join(render.image_page_html(url) for url in urls)
    html = f"<!DOCTYPE html><html><head><style>{render.SCAN_CSS}</style></head><body>{body}</body></html>"
    buffer = io.BytesIO()
    HTML(string=html, url_fetcher=fetch).write_pdf(buffer)
    buffer.seek(0)
    return PdfReader(buffer)


def _fit_a4(page):
    """A scanned page of any size or turn, scaled to fit a portrait A4 page and centred."""
    if page.get("/Rotate"):
        page.transfer_rotation_to_content()
    box = page.cropbox
    width, height = float(box.width), float(box.height)
    left, bottom = float(box.left), float(box.bottom)
    if abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2 and abs(left) < 1 and abs(bottom) < 1:
        return
    scale = min(A4[0] / width, A4[1] / height)
    tx = (A4[0] - width * scale) / 2 - left * scale
    ty = (A4[1] - height * scale) / 2 - bottom * scale
    page.add_transformation(Transformation().scale(scale, scale).translate(tx, ty))
    a4 = RectangleObject([0, 0, A4[0], A4[1]])
    page.mediabox = a4
    page.cropbox = a4
    for name in ("/TrimBox", "/BleedBox", "/ArtBox"):
        if name in page:
            del page[name]


def _stamp(writer, page, number):
    """The page number, top right, over whatever the page holds (its drawing state saved first)."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    resources[NameObject("/Font")] = fonts
    fonts[NameObject(NUMBER_FONT)] = _number_font(writer)
    box = page.mediabox
    x, y = float(box.right) - 50, float(box.top) - 36
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ\nq BT {NUMBER_FONT} 11 Tf 0 g {x:.2f} {y:.2f} Td ({number}) Tj ET Q\n".encode())
    contents = page.get("/Contents")
    existing = contents.get_object() if contents is not None else None
    current = list(existing) if isinstance(existing, ArrayObject) else ([contents] if contents is not None else [])
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *current, writer._add_object(after)])


def _number_font(writer):
    font = getattr(writer, "_portal_number_font", None)
    if font is None:
        font = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }))
        writer._portal_number_font = font
    return font
