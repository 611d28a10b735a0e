"""A few words for writing the standard templates as Word documents (python-docx): A4, the
fonts of official papers (宋体 body, 黑体 titles), titles, labelled lines, forms as tables,
signature lines. The templates themselves are in ``portal.services.documents.standard``.

Placeholders are docxtpl's Jinja: ``{{ case.number }}`` in text, ``{%p for … %}`` alone in a
paragraph to repeat paragraphs, ``{%tr for … %}`` alone in a table row to repeat rows.
"""
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
BODY_SIZE = 12      # 小四
TITLE_SIZE = 18     # 小二
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
SIGN_LINE = "＿＿＿＿＿＿＿＿＿＿"
DATE_BLANK = "＿＿＿＿年＿＿月＿＿日"
SHORT_LINE = "＿＿＿＿＿＿＿＿"
SHORT_DATE = "＿＿年＿＿月＿＿日"


def _east_asian(run_or_style, font):
    rpr = run_or_style.element.get_or_add_rPr() if hasattr(run_or_style, "element") else run_or_style
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


class Sheet:
    """One standard document being written."""

    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_SIZE)
        normal.font.name = BODY_FONT
        _east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.5

    # --- paragraphs -------------------------------------------------------------------------------
    def para(self, text="", *, align=None, bold=False, size=None, indent=False, font=None, space_before=0,
             container=None):
        """A paragraph; ``**label**`` parts are bold (a label before the value it names)."""
        paragraph = (container or self.doc).add_paragraph()
        if align:
            paragraph.alignment = ALIGN[align]
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
        if space_before:
            paragraph.paragraph_format.space_before = Pt(space_before)
        for index, part in enumerate(text.split("**")):
            if not part:
                continue
            run = paragraph.add_run(part)
            run.bold = bold or index % 2 == 1
            if size:
                run.font.size = Pt(size)
            if font:
                run.font.name = font
                _east_asian(run, font)
        return paragraph

    def title(self, text, *, size=TITLE_SIZE):
        return self.para(text, align="center", bold=True, size=size, font=TITLE_FONT, space_before=6)

    def subtitle(self, text):
        return self.para(text, align="right")

    def tag(self, text, container=None):
        """A paragraph holding only a ``{%p … %}`` tag (removed when the document is made)."""
        return self.para(text, container=container)

    def blank(self, container=None):
        return self.para("", container=container)

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def cut_line(self):
        self.para("- - - - - - - - - - - - - ✂ 沿此线剪开 - - - - - - - - - - - - -", align="center", space_before=12)

    def signature(self, who, *, date=True, align="right"):
        """``who``（签名）：＿＿＿＿ and, on its own line, the blanks for the date."""
        self.para(f"{who}：{SIGN_LINE}", align=align, space_before=6)
        if date:
            self.para(f"日期：{DATE_BLANK}", align=align)

    def seal(self, committee="{{ committee.name }}", date="{{ today }}"):
        self.para(f"{committee}（印）", align="right", space_before=12)
        self.para(date, align="right")

    # --- tables -------------------------------------------------------------------------------------
    def table(self, rows, widths):
        """A bordered form. ``rows``: lists of cells; a cell is text (lines split on newlines,
        each a paragraph), or (text, span) to span columns; a row of one ``{%tr … %}`` string
        repeats rows."""
        table = self.doc.add_table(rows=0, cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row in rows:
            cells = table.add_row().cells
            if isinstance(row, str):
                merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
                merged.paragraphs[0].add_run(row)
                continue
            column = 0
            for cell in row:
                text, span = (cell, 1) if isinstance(cell, str) else cell
                target = cells[column]
                if span > 1:
                    target = target.merge(cells[column + span - 1])
                self._fill(target, text)
                column += span
        for index, width in enumerate(widths):
            table.columns[index].width = Cm(width)  # the grid, which readers of the file lay out by
        for row in table.rows:
            for index, width in enumerate(widths):
                if index < len(row.cells):
                    row.cells[index].width = Cm(width)
        return table

    def _fill(self, cell, text):
        lines = text.split("\n")
        first = cell.paragraphs[0]
        for index, line in enumerate(lines):
            paragraph = first if index == 0 else cell.add_paragraph()
            for part_index, part in enumerate(line.split("**")):
                if part:
                    paragraph.add_run(part).bold = part_index % 2 == 1

    def to_bytes(self):
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
