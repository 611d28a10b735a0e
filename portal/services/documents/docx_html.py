"""A made Word document (DOCX) as HTML, for the A4 print page and the PDF.

The Word template is the one source of a document's wording and layout: what a district edits
in Word shows on paper whichever way it is printed. This reads what such forms use: paragraphs
(alignment, indents, spacing, bold, italic, underline, size, font), line and page breaks, tabs,
and tables with merged cells; other Word features (pictures, text boxes, headers) are left out.
"""
import io
from dataclasses import dataclass
from html import escape

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length

# Single quotes: the sans family goes into style attributes.
SERIF = "'Noto Serif CJK SC', 'Noto Serif CJK', serif"
SANS = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif"
# Fonts Word documents name, and the installed font that stands in for each.
SANS_FONTS = ("黑体", "simhei", "微软雅黑", "microsoft yahei", "等线", "dengxian", "arial", "helvetica", "calibri")
ALIGNMENTS = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify",
              "left": "left", "start": "left"}


@dataclass
class Page:
    """The first section's paper: size and margins in millimetres."""

    width: float = 210
    height: float = 297
    top: float = 25
    right: float = 26
    bottom: float = 25
    left: float = 28

    def css(self):
        return (f"@page {{ size: {self.width:.1f}mm {self.height:.1f}mm; "
                f"margin: {self.top:.1f}mm {self.right:.1f}mm {self.bottom:.1f}mm {self.left:.1f}mm; }}")


def _mm(twips):
    return int(twips) * 25.4 / 1440


def _val(element, tag, attr="w:val"):
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn(attr)) if found is not None else None


def _family(name):
    if not name:
        return None
    return SANS if name.lower() in SANS_FONTS else SERIF


class Converter:
    def __init__(self, document):
        self.document = document
        normal = document.styles["Normal"]
        self.base_size = normal.font.size.pt if normal.font.size is not None else 10.5
        spacing = normal.paragraph_format.line_spacing
        self.line_height = (spacing if isinstance(spacing, float) else 1.0) * 1.3

    # --- the whole document ------------------------------------------------------------------------
    def page(self):
        sect = self.document.element.body.find(qn("w:sectPr"))
        page = Page()
        if sect is None:
            return page
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        if size is not None and size.get(qn("w:w")):
            page.width, page.height = _mm(size.get(qn("w:w"))), _mm(size.get(qn("w:h")))
        if margins is not None:
            for side in ("top", "right", "bottom", "left"):
                value = margins.get(qn(f"w:{side}"))
                if value is not None:
                    setattr(page, side, abs(_mm(value)))
        return page

    def body(self):
        return "".join(self.blocks(self.document.element.body))

    def blocks(self, parent):
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                yield self.table(child)
            elif child.tag == qn("w:sdt"):  # content controls hold ordinary paragraphs
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.blocks(content)

    # --- paragraphs ------------------------------------------------------------------------------------
    def paragraph(self, p):
        from docx.text.paragraph import Paragraph

        paragraph = Paragraph(p, None)
        style = self._paragraph_style(paragraph)
        fmt = paragraph.paragraph_format
        css = []
        jc = _val(p.find(qn("w:pPr")), "w:jc") or style.get("align")
        if jc in ALIGNMENTS:
            css.append(f"text-align:{ALIGNMENTS[jc]}")
        if fmt.first_line_indent is not None:
            css.append(f"text-indent:{Length(fmt.first_line_indent).pt:.1f}pt")
        if fmt.left_indent:
            css.append(f"margin-left:{Length(fmt.left_indent).pt:.1f}pt")
        if fmt.space_before:
            css.append(f"margin-top:{Length(fmt.space_before).pt:.1f}pt")
        if fmt.space_after:
            css.append(f"margin-bottom:{Length(fmt.space_after).pt:.1f}pt")
        breaks_before = fmt.page_break_before
        parts = []
        for run in p.iter(qn("w:r")):
            parts.append(self.run(run, paragraph, style))
        content = "".join(parts)
        prefix = '<div class="page-break"></div>' if breaks_before else ""
        if "\f" in content:  # a page break inside the paragraph ends it there
            pieces = [piece for piece in content.split("\f")]
            html = "".join(
                (f'<p style="{";".join(css)}">{piece or "&#8203;"}</p>' if piece or index == 0 else "")
                + ('<div class="page-break"></div>' if index < len(pieces) - 1 else "")
                for index, piece in enumerate(pieces)
            )
            return prefix + html
        return f'{prefix}<p style="{";".join(css)}">{content or "&#8203;"}</p>'

    def _paragraph_style(self, paragraph):
        style = {}
        try:
            s = paragraph.style
        except (KeyError, AttributeError, NotImplementedError, ValueError):
            s = None
        while s is not None:
            jc = _val(s.element.find(qn("w:pPr")), "w:jc")
            if jc and "align" not in style:
                style["align"] = jc
            if s.font.bold is not None and "bold" not in style:
                style["bold"] = s.font.bold
            if s.font.size is not None and "size" not in style:
                style["size"] = s.font.size.pt
            s = s.base_style
        return style

    def run(self, r, paragraph, style):
        from docx.text.run import Run

        run = Run(r, paragraph)
        font = run.font
        css = []
        bold = font.bold if font.bold is not None else style.get("bold")
        if bold:
            css.append("font-weight:bold")
        if font.italic:
            css.append("font-style:italic")
        if font.underline:
            css.append("text-decoration:underline")
        size = font.size.pt if font.size is not None else style.get("size")
        if size and abs(size - self.base_size) > 0.1:
            css.append(f"font-size:{size:.1f}pt")
        fonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts")) if r.find(qn("w:rPr")) is not None else None
        family = _family(fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:ascii"))) if fonts is not None else None
        if family == SANS:
            css.append(f"font-family:{SANS}")
        text = []
        for child in r.iterchildren():
            if child.tag == qn("w:t"):
                text.append(escape(child.text or ""))
            elif child.tag == qn("w:tab"):
                text.append("&emsp;&emsp;")
            elif child.tag == qn("w:br"):
                text.append("\f" if child.get(qn("w:type")) == "page" else "<br>")
            elif child.tag == qn("w:cr"):
                text.append("<br>")
        content = "".join(text)
        if not content or not css:
            return content
        return f'<span style="{";".join(css)}">{content}</span>'

    # --- tables ----------------------------------------------------------------------------------------
    def table(self, tbl):
        grid = [int(col.get(qn("w:w")) or 0) for col in tbl.iter(qn("w:gridCol"))]
        total = sum(grid) or 1
        bordered = self._bordered(tbl)
        rows = [row for row in tbl.iterchildren(qn("w:tr"))]
        # (row, start column) -> cell; vertically merged continuations add to the cell above.
        cells, spans, above = [], {}, {}
        for row_index, row in enumerate(rows):
            column, row_cells = 0, []
            for tc in row.iterchildren(qn("w:tc")):
                props = tc.find(qn("w:tcPr"))
                span = int(_val(props, "w:gridSpan") or 1)
                merge = props.find(qn("w:vMerge")) if props is not None else None
                if merge is not None and merge.get(qn("w:val")) != "restart" and column in above:
                    spans[above[column]] = spans.get(above[column], 1) + 1
                else:
                    key = (row_index, column)
                    row_cells.append((key, tc, span))
                    above[column] = key
                column += span
            cells.append(row_cells)
        cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in grid)
        body = []
        for row_cells in cells:
            html = []
            for key, tc, span in row_cells:
                attrs = (f' colspan="{span}"' if span > 1 else "") + (
                    f' rowspan="{spans[key]}"' if spans.get(key, 1) > 1 else "")
                html.append(f"<td{attrs}>{''.join(self.blocks(tc))}</td>")
            body.append(f"<tr>{''.join(html)}</tr>")
        css_class = "form-table" if bordered else "plain-table"
        return f'<table class="{css_class}"><colgroup>{cols}</colgroup><tbody>{"".join(body)}</tbody></table>'

    def _bordered(self, tbl):
        props = tbl.find(qn("w:tblPr"))
        borders = props.find(qn("w:tblBorders")) if props is not None else None
        if borders is not None:
            return any((edge.get(qn("w:val")) or "none") not in ("none", "nil") for edge in borders.iterchildren())
        style_id = _val(props, "w:tblStyle") or ""
        if not style_id:
            return False
        try:
            style = self.document.styles.get_by_id(style_id, 3)  # WD_STYLE_TYPE.TABLE
        except (KeyError, ValueError):
            style = None
        element = style.element if style is not None else None
        found = element.find(qn("w:tblPr") + "/" + qn("w:tblBorders")) if element is not None else None
        if found is not None:
            return any((edge.get(qn("w:val")) or "none") not in ("none", "nil") for edge in found.iterchildren())
        return "grid" in style_id.lower()


@dataclass
class HtmlDocument:
    body: str
    page: Page
    base_size: float
    line_height: float


def to_html(docx_bytes):
    """The document's body as HTML, with its paper and base font size."""
    converter = Converter(Document(io.BytesIO(docx_bytes)))
    return HtmlDocument(converter.body(), converter.page(), converter.base_size, converter.line_height)
