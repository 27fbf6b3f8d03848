"""The page, styles and fonts of a GB/T 9704-2012 DOCX (python-docx plus a little WordprocessingML
where python-docx has no API). Named styles — 公文正文, 公文标题, 发文机关标志 … — let a clerk
restyle every paragraph of one kind at once in Word or WPS."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from lxml import etree

from . import fonts as f
from . import layout as g

RED = RGBColor(0xE6, 0x00, 0x12)  # 公文红
TWIPS_PER_PT = 20


class S:
    """Paragraph style names (visible in Word's and WPS's style gallery)."""

    BODY = "Normal"  # 公文正文: the built-in Normal style, so new paragraphs get it too
    ORGAN = "发文机关标志"
    NUMBER = "发文字号"
    TITLE = "公文标题"
    HEADING = "公文一级标题"
    ADDRESSEE = "主送机关"
    SIGNATURE = "发文机关署名"
    SEAL = "印章位置"
    PAGE_NUMBER = "页码"


def set_fonts(rpr_parent: object, *, east_asia: str, latin: str = f.DOCX_LATIN_FACE) -> None:
    """rFonts on a style or run: Latin faces for ascii/hAnsi, the Chinese face for eastAsia, and
    hint="eastAsia" so quotes and dashes (“ ” —) are drawn full-width in the Chinese face."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_page(section: Section) -> None:
    section.page_width, section.page_height = Mm(g.PAGE_WIDTH_MM), Mm(g.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(g.MARGIN_TOP_MM), Mm(g.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(g.MARGIN_LEFT_MM), Mm(g.MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    # The page number's line (exactly 14 pt high) starts 7 mm below the type area.
    number_line_mm = g.PAGE_NUMBER_PT / g.MM
    section.footer_distance = Mm(g.MARGIN_BOTTOM_MM - g.PAGE_NUMBER_GAP_MM - number_line_mm)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")  # see layout.py for why not linesAndChars
    grid.set(qn("w:linePitch"), str(g.LINE_PITCH_TWIPS))


def set_styles(document: Document) -> None:
    _defaults(document)
    body = document.styles[S.BODY]
    _shape(body, east_asia=f.DOCX_BODY_FACE, size=g.BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Pt(2 * g.BODY_PT)
    _ind_chars(body.element, first_line=2)
    _condense(body.element, g.DOCX_CHAR_SPACING)
    _no_grid_snap(body.element)
    specs = [
        (S.ORGAN, f.DOCX_TITLE_FACE, g.ORGAN_PT, WD_ALIGN_PARAGRAPH.CENTER, 2),
        (S.NUMBER, f.DOCX_BODY_FACE, g.BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, 1),
        (S.TITLE, f.DOCX_TITLE_FACE, g.TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, 1),
        (S.HEADING, f.DOCX_HEADING_FACE, g.BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 1),
        (S.ADDRESSEE, f.DOCX_BODY_FACE, g.BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 1),
        (S.SIGNATURE, f.DOCX_BODY_FACE, g.BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, 1),
        (S.SEAL, f.DOCX_BODY_FACE, g.BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, 1),
    ]
    for name, face, size, align, lines in specs:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body
        _shape(style, east_asia=face, size=size, lines=lines)
        style.paragraph_format.alignment = align
        if name != S.HEADING:
            style.paragraph_format.first_line_indent = Pt(0)
            _ind_chars(style.element, first_line=0)
    for name in (S.ORGAN, S.SEAL):
        document.styles[name].font.color.rgb = RED
    number = document.styles.add_style(S.PAGE_NUMBER, WD_STYLE_TYPE.PARAGRAPH)
    _shape(number, east_asia=f.DOCX_PAGE_NUMBER_FACE, size=g.PAGE_NUMBER_PT, lines=0)
    number.paragraph_format.first_line_indent = Pt(0)


def _defaults(document: Document) -> None:
    """docDefaults: the body face and size instead of the template's theme fonts and 11 pt,
    Chinese language, no paragraph spacing."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), f.DOCX_LATIN_FACE)
    fonts.set(qn("w:eastAsia"), f.DOCX_BODY_FACE)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    # The docGrid's charSpace is relative to the default size: 3号, so the pitch is 28 per line.
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(g.BODY_PT * 2)))
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))[0]
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(g.LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")


def _shape(style: ParagraphStyle, *, east_asia: str, size: float, lines: int = 1) -> None:
    style.font.size = Pt(size)
    set_fonts(style.element, east_asia=east_asia)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    # Exact multiples of the grid pitch keep every line on the 22-line grid (0: the font size).
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(lines * g.LINE_PITCH_PT if lines else size)


def _condense(element: object, twentieths: int) -> None:
    """Character spacing (w:spacing in run properties): 28 characters to a line."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    rpr.insert_element_before(spacing, *_AFTER_SPACING)


_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip


def _no_grid_snap(element: object) -> None:
    """Exact line spacing alone keeps lines on the grid (LibreOffice's snapping would give a 2号
    title two grid lines), and no extra space between Chinese and Latin or digits, which would
    take characters off a 28-character line."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN", "w:snapToGrid"):
        off = OxmlElement(tag)
        off.set(qn("w:val"), "0")
        ppr.insert_element_before(off, "w:spacing", "w:ind", "w:contextualSpacing", "w:jc")


def _ind_chars(element: object, *, first_line: int = 0) -> None:
    """Indents in characters (w:firstLineChars), which Word and WPS keep on the character grid."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(first_line * 100))


def set_right_indent(paragraph_element: object, chars: float) -> None:
    ppr = paragraph_element.get_or_add_pPr()  # type: ignore[attr-defined]
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:rightChars"), str(round(chars * 100)))
    ind.set(qn("w:right"), str(round(chars * g.BODY_PT * TWIPS_PER_PT)))


def set_font_table(document: Document) -> None:
    """Substitutes for the Chinese faces (see fonts.py): altName, panose, the GB2312 charset."""
    part = next(
        p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"
    )
    table = parse_xml(part.blob)
    for name, (alt, panose) in f.DOCX_FONT_TABLE.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
                '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_thumbnail(document: Document) -> None:
    """python-docx's template carries a thumbnail of an unrelated page: file managers would show
    it as a preview of the document."""
    rels = document.part.package.rels
    for key in [k for k, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[key]
