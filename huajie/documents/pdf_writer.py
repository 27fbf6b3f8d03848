"""An OfficialDocument as a PDF with embedded TrueType fonts, set on the GB/T 9704-2012 grid.

reportlab draws on a canvas; the layout here is the standard's own: 22 lines of 28 characters per
page, every line on the 28.95 pt grid, body characters on a 15.79 pt pitch, paragraphs justified.
Line breaks follow the usual Chinese rules (禁则): closing punctuation never starts a line (it is
squeezed into the line before) and opening brackets never end one; runs of Latin letters and digits
(dates, registration numbers) are not split. The order of the page is the DOCX writer's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from . import layout as g
from .fonts import PdfFonts

RED = Color(0.9, 0, 0.07)
PAGE_W, PAGE_H = g.PAGE_WIDTH_MM * g.MM, g.PAGE_HEIGHT_MM * g.MM
LEFT, TOP = g.MARGIN_LEFT_MM * g.MM, PAGE_H - g.MARGIN_TOP_MM * g.MM
WIDTH = g.TYPE_WIDTH_MM * g.MM
BOTTOM = g.MARGIN_BOTTOM_MM * g.MM
PITCH, CELL = g.LINE_PITCH_PT, g.CHAR_PITCH_PT
HEAVY, SEMI = 0.045, 0.03  # stroke widths per point of size: 小标宋-like, 黑体-like weight
EM_CENTRE = 0.38  # CJK faces: the em box spans −0.12 … 0.88 of the size around the baseline
SEAL_RADIUS = 21 * g.MM  # a 42 mm organ seal

NO_START = set("，。、；：？！）》」』】〕”’…—·%,.;:?!)]}")
NO_END = set("（《「『【〔“‘([{")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_/:%]*|.", re.S)


@dataclass(frozen=True)
class Line:
    text: str = ""
    font: str = ""
    size: float = g.BODY_PT
    align: str = "left"  # left, center, right
    indent: float = 0.0  # left indent, points
    right: float = 0.0  # right indent, points
    color: Color = black
    lines: int = 1  # grid lines taken
    justify: bool = False  # stretch to the full measure (all but a paragraph's last line)
    keep: int = 0  # keep on one page with the next `keep` lines
    weight: float = 0.0  # outline stroke that thickens a light face (小标宋, 黑体 stand-ins)
    rule_below: bool = False  # 版头分隔线
    seal_x: float | None = None  # draw the seal position centred here


BLANK = Line()


def render_pdf(doc: g.OfficialDocument, fonts: PdfFonts) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=fonts.kai)
    canvas.setTitle(doc.title)
    canvas.setSubject(doc.number)
    canvas.setAuthor(doc.author or doc.organ)
    canvas.setCreator("化解 Huajie")
    pages = paginate(layout_lines(doc, fonts))
    for number, page in enumerate(pages, start=1):
        for slot, line in page:
            _draw_line(canvas, fonts, slot, line)
        _page_number(canvas, fonts, number)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def layout_lines(doc: g.OfficialDocument, fonts: PdfFonts) -> list[Line]:
    organ_size = min(g.ORGAN_PT, WIDTH / max(g.char_cells(doc.organ), 1))
    lines = [
        Line(doc.organ, fonts.song, organ_size, "center", color=RED, lines=2, weight=HEAVY),
        BLANK,
        BLANK,
        Line(doc.number, fonts.kai, align="center", rule_below=True),
        BLANK,
        BLANK,
        *wrap(doc.title, fonts, fonts.song, g.TITLE_PT, align="center", weight=HEAVY),
        BLANK,
        *wrap(doc.addressee, fonts, fonts.kai, g.BODY_PT),
    ]
    for para in doc.paragraphs:
        heading = para.style == g.Style.HEADING
        indent = 0 if para.style == g.Style.PLAIN else 2 * CELL
        face, weight = (fonts.song, SEMI) if heading else (fonts.kai, 0.0)
        lines += wrap(para.text, fonts, face, g.BODY_PT, indent=indent, weight=weight)
    signature_right, date_right = g.signature_indents(doc.signature, doc.date_text)
    seal_right, _ = g.signature_indents(doc.seal, doc.date_text)
    seal_x = LEFT + WIDTH - (date_right + g.char_cells(doc.date_text) / 2) * CELL
    lines[-1] = replace(lines[-1], keep=4)  # the signature never stands alone on a page
    lines += [
        BLANK,
        Line(doc.seal, fonts.kai, align="right", right=seal_right * CELL, color=RED, seal_x=seal_x),
        Line(doc.signature, fonts.kai, align="right", right=signature_right * CELL),
        Line(doc.date_text, fonts.kai, align="right", right=date_right * CELL),
    ]
    return lines


def wrap(
    text: str,
    fonts: PdfFonts,
    face: str,
    size: float,
    *,
    indent: float = 0.0,
    align: str = "left",
    weight: float = 0.0,
) -> list[Line]:
    """A paragraph broken into grid lines; all but the last are justified."""
    grid = _grid_space(size)
    rows = _break(TOKEN.findall(text), lambda s: _width(fonts, face, s, size, grid), indent)
    return [
        Line(
            row,
            face,
            size,
            align,
            indent=indent if i == 0 else 0.0,
            justify=align == "left" and i < len(rows) - 1,
            weight=weight,
        )
        for i, row in enumerate(rows)
    ]


def _break(tokens: list[str], measure: Callable[[str], float], indent: float) -> list[str]:
    """Greedy line breaking with the 禁则; a Latin run longer than half a line (a URL) may be
    broken anywhere."""
    tokens = [p for t in tokens for p in ([t] if measure(t) <= WIDTH / 2 else list(t))]
    rows: list[str] = []
    row: list[str] = []
    used, avail = 0.0, WIDTH - indent
    for token in tokens:
        width = measure(token)
        if row and used + width > avail + 0.01:
            if token in NO_START:  # squeezed in: justification compresses the line
                rows.append("".join([*row, token]))
                row, used, avail = [], 0.0, WIDTH
                continue
            carry: list[str] = []
            while len(row) > 1 and row[-1] in NO_END:
                carry.insert(0, row.pop())
            rows.append("".join(row))
            row, used, avail = carry, sum(map(measure, carry)), WIDTH
        row.append(token)
        used += width
    if row or not rows:
        rows.append("".join(row))
    return rows


def _grid_space(size: float) -> float:
    """Extra space per character that puts body text on the 28-per-line pitch."""
    return CELL - size if size == g.BODY_PT else 0.0


def _runs(fonts: PdfFonts, face: str, text: str) -> list[tuple[str, str]]:
    """`text` cut into (font, text) runs: the fallback face only where `face` has no glyph."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = fonts.face_for(face, ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def _natural(fonts: PdfFonts, face: str, text: str, size: float) -> float:
    return sum(stringWidth(t, f, size) for f, t in _runs(fonts, face, text))


def _width(fonts: PdfFonts, face: str, text: str, size: float, space: float) -> float:
    return _natural(fonts, face, text, size) + space * len(text)


def paginate(lines: list[Line]) -> list[list[tuple[int, Line]]]:
    """Lines placed on pages of 22 grid slots; a page never starts with a blank line."""
    pages: list[list[tuple[int, Line]]] = [[]]
    slot = 0
    for i, line in enumerate(lines):
        need = line.lines + sum(x.lines for x in lines[i + 1 : i + 1 + line.keep])
        if slot and slot + need > g.LINES_PER_PAGE:
            pages.append([])
            slot = 0
        if slot == 0 and not line.text and pages[-1] == [] and len(pages) > 1:
            continue
        pages[-1].append((slot, line))
        slot += line.lines
    return pages


def _draw_line(canvas: Canvas, fonts: PdfFonts, slot: int, line: Line) -> None:
    top = TOP - slot * PITCH
    baseline = top - line.lines * PITCH / 2 - EM_CENTRE * line.size
    canvas.saveState()  # colours, stroke and text render mode belong to this line only
    if line.seal_x is not None:
        _seal(canvas, line.seal_x, top - 2 * PITCH)
    if line.rule_below:
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(1)
        y = baseline - 0.12 * line.size - g.RULE_GAP_MM * g.MM
        canvas.line(LEFT, y, LEFT + WIDTH, y)
    if line.text:
        _draw_text(canvas, fonts, line, baseline)
    canvas.restoreState()


def _draw_text(canvas: Canvas, fonts: PdfFonts, line: Line, baseline: float) -> None:
    natural = _natural(fonts, line.font, line.text, line.size)
    n, measure, space = len(line.text), WIDTH - line.indent - line.right, _grid_space(line.size)
    overfull = natural + space * (n - 1) > measure  # a squeezed-in closing punctuation mark
    if n > 1 and (line.justify or overfull):
        space = (measure - natural) / (n - 1)
    used = natural + space * (n - 1)
    x = LEFT + line.indent
    if line.align == "center":
        x = LEFT + (WIDTH - used) / 2
    elif line.align == "right":
        x = LEFT + WIDTH - line.right - used
    text = canvas.beginText(x, baseline)
    if line.weight:
        canvas.setStrokeColor(line.color)
        canvas.setLineWidth(line.weight * line.size)
        text.setTextRenderMode(2)  # fill and stroke: a heavier face
    text.setFillColor(line.color)
    text.setCharSpace(space)
    for font, run in _runs(fonts, line.font, line.text):
        text.setFont(font, line.size)
        text.textOut(run)
    canvas.drawText(text)


def _seal(canvas: Canvas, x: float, y: float) -> None:
    """Where the seal goes: a dashed red circle centred between the signature and the date
    (§7.3.5.1: the signature and date lie a little below the seal's centre)."""
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 3)
    canvas.circle(x, y, SEAL_RADIUS, stroke=1, fill=0)


def _page_number(canvas: Canvas, fonts: PdfFonts, number: int) -> None:
    """ "— 1 —" in 4号 宋, 7 mm below the type area; odd pages right, even left, one char in."""
    text = f"— {number} —"
    size = g.PAGE_NUMBER_PT
    baseline = BOTTOM - g.PAGE_NUMBER_GAP_MM * g.MM - 0.88 * size
    canvas.setFillColor(black)
    canvas.setFont(fonts.song, size)
    if number % 2:
        canvas.drawRightString(LEFT + WIDTH - size, baseline, text)
    else:
        canvas.drawString(LEFT + size, baseline, text)
