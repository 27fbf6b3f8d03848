"""An OfficialDocument as a DOCX that opens and edits in Word and WPS (GB/T 9704-2012 layout).

Order on the page (§7): 发文机关标志 (red), two blank lines, 发文字号 centred with the red
版头分隔线 4 mm below it, two blank lines (the first shortened by the rule's height, so every line
stays on the 22-line grid), the title, one blank line, 主送机关, the body, then the
seal placeholder, the organ's signature centred over the date and the date 右空四字. Page numbers
"— 1 —" sit in the footers, odd pages right and even pages left, one character in.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from . import layout as g
from .docx_styles import (
    RED,
    S,
    drop_thumbnail,
    set_font_table,
    set_fonts,
    set_page,
    set_right_indent,
    set_styles,
)
from .fonts import DOCX_BODY_FACE, DOCX_HEADING_FACE, DOCX_PAGE_NUMBER_FACE, DOCX_TITLE_FACE

FACES = {
    S.ORGAN: DOCX_TITLE_FACE,
    S.TITLE: DOCX_TITLE_FACE,
    S.HEADING: DOCX_HEADING_FACE,
    S.PAGE_NUMBER: DOCX_PAGE_NUMBER_FACE,
}
RULE_WIDTH_PT, RULE_SPACE_PT = 1.5, 4  # about 4 mm below the number's characters
PAGE_FIELD = f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
PARA_STYLES = {g.Style.BODY: S.BODY, g.Style.HEADING: S.HEADING, g.Style.PLAIN: S.ADDRESSEE}


def render_docx(doc: g.OfficialDocument) -> bytes:
    document = new_document()
    set_page(document.sections[0])
    set_styles(document)
    set_font_table(document)
    drop_thumbnail(document)
    _page_numbers(document)
    _head(document, doc)
    for para in doc.paragraphs:
        _add(document, PARA_STYLES[para.style], para.text)
    _signature(document, doc)
    _properties(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add(container: Document, style: str, text: str = "") -> Paragraph:
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        set_fonts(run._r, east_asia=FACES.get(style, DOCX_BODY_FACE))
    return paragraph


def _head(document: Document, doc: g.OfficialDocument) -> None:
    organ = _add(document, S.ORGAN, doc.organ)
    fitting = g.TYPE_WIDTH_MM * g.MM / max(g.char_cells(doc.organ), 1)
    if fitting < g.ORGAN_PT:  # a long organ name stays on one line, as in the PDF
        organ.runs[0].font.size = Pt(fitting)
    _blank(document, 2)
    number = _add(document, S.NUMBER, doc.number)
    _red_rule(number)
    below = _add(document, S.ADDRESSEE)  # shortened by the rule's height: the grid stays at 22
    below.paragraph_format.line_spacing = Pt(g.LINE_PITCH_PT - RULE_SPACE_PT - RULE_WIDTH_PT)
    _blank(document, 1)
    _add(document, S.TITLE, doc.title)
    _blank(document, 1)
    _add(document, S.ADDRESSEE, doc.addressee)


def _blank(document: Document, lines: int) -> None:
    for _ in range(lines):
        _add(document, S.ADDRESSEE)


def _red_rule(paragraph: Paragraph) -> None:
    """版头分隔线: a red line under the document number, as wide as the type area."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    attributes = {
        "val": "single",
        "sz": str(round(RULE_WIDTH_PT * 8)),
        "space": str(RULE_SPACE_PT),
        "color": str(RED),
    }
    for key, value in attributes.items():
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )


def _signature(document: Document, doc: g.OfficialDocument) -> None:
    """The seal placeholder over the signature, the signature centred over the date (§7.3.5.1)."""
    signature_right, date_right = g.signature_indents(doc.signature, doc.date_text)
    seal_right, _ = g.signature_indents(doc.seal, doc.date_text)
    _blank(document, 1)
    for style, text, right in (
        (S.SEAL, doc.seal, seal_right),
        (S.SIGNATURE, doc.signature, signature_right),
        (S.SIGNATURE, doc.date_text, date_right),
    ):
        paragraph = _add(document, style, text)
        set_right_indent(paragraph._p, right)
        paragraph.paragraph_format.keep_with_next = text != doc.date_text


def _page_numbers(document: Document) -> None:
    """一字线 page numbers in 4号宋体: odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph, align in ((odd, "right"), (even, "left")):
        paragraph.style = document.styles[S.PAGE_NUMBER]
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn(f"w:{align}Chars"), "100")
        ind.set(qn(f"w:{align}"), str(round(g.PAGE_NUMBER_PT * 20)))
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT
        )
        _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    """ "— n —" with n a PAGE field that Word, WPS and LibreOffice update on every page."""
    for text in ("— ", " —"):
        run = paragraph.add_run(text)
        set_fonts(run._r, east_asia=DOCX_PAGE_NUMBER_FACE)
        if text == "— ":
            paragraph._p.append(parse_xml(PAGE_FIELD))


def _properties(document: Document, doc: g.OfficialDocument) -> None:
    props = document.core_properties
    now = timezone.now()
    props.title, props.subject = doc.title, doc.number
    props.author = props.last_modified_by = doc.author or doc.organ
    props.keywords, props.comments, props.category = "信访", "", "公文"
    props.language = "zh-CN"
    props.created = props.modified = now
    props.revision = 1
