"""The GB/T 9704-2012 《党政机关公文格式》 page and the content of one document, shared by the
DOCX and PDF writers. Plain Python: no Django, no python-docx, no reportlab.

Page (GB/T 9704-2012 §5): A4 210 × 297 mm; type area 156 × 225 mm with the top margin 37 mm, the
left 28 mm (so bottom 35 mm, right 26 mm); 22 lines of 28 characters. The line pitch is Word's
579 twips (28.95 pt, 22 × 28.95 = 636.9 pt fits the 637.8 pt type area); the character pitch is
156 mm / 28 = 15.79 pt, a little under the 16 pt of a 3号 character.

In the DOCX the 28 characters come from character spacing condensed by 0.25 pt (15.75 pt pitch,
28 × 15.75 = 441 pt) on a line-only document grid, not from Word's `linesAndChars` grid with a
negative `charSpace`: LibreOffice gives every character two grid cells when the pitch is below the
font size (14 characters a line), while condensed spacing lays out alike in Word, WPS and
LibreOffice. The PDF places characters on the exact 15.79 pt pitch.

Type (§6): title in 2号 (22 pt) 小标宋, body in 3号 (16 pt) 仿宋, first-level headings (一、) in
黑体, page numbers in 4号 (14 pt) 宋体 as "— 1 —", odd pages right, even pages left, one
character in from the edge of the type area, 7 mm below it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

MM = 72 / 25.4  # points per millimetre

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 37, 35
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 28, 26
TYPE_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TYPE_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

LINE_PITCH_TWIPS = 579
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20  # 28.95
DOCX_CHAR_SPACING = -5  # twentieths of a point: 16 pt characters on a 15.75 pt pitch
CHAR_PITCH_PT = TYPE_WIDTH_MM * MM / CHARS_PER_LINE  # 15.79

ORGAN_PT = 26.0  # 发文机关标志: red 小标宋; 一号 fits the longest county organ names on a line
TITLE_PT = 22.0  # 2号
BODY_PT = 16.0  # 3号
PAGE_NUMBER_PT = 14.0  # 4号
PAGE_NUMBER_GAP_MM = 7  # the page number's 一字线 sits 7 mm below the type area
RULE_GAP_MM = 4  # 版头分隔线: 4 mm below the document number
SIGNATURE_RIGHT_CHARS = 4  # 成文日期右空四字


class Style(StrEnum):
    """How a body paragraph is set."""

    BODY = "body"  # 仿宋, first line indented two characters
    HEADING = "heading"  # 黑体 (一、…), indented two characters
    PLAIN = "plain"  # 仿宋, flush left (the addressee 主送机关)


@dataclass(frozen=True)
class Para:
    text: str
    style: Style = Style.BODY


@dataclass(frozen=True)
class OfficialDocument:
    """Everything printed on one document, in reading order."""

    organ: str  # 发文机关标志, printed at the top in red
    number: str  # 发文字号, e.g. 清信告〔2026〕17号
    title: str
    addressee: str  # 主送, e.g. "刘桂兰：" (with the colon)
    paragraphs: list[Para] = field(default_factory=list)
    signature: str = ""  # 发文机关署名
    issued_on: date = date(2000, 1, 1)
    seal: str = "（印章）"
    author: str = ""  # document properties: who generated it

    @property
    def date_text(self) -> str:
        return chinese_date(self.issued_on)


def chinese_date(day: date) -> str:
    """成文日期 (GB/T 9704-2012 §7.3.5.1): Arabic numerals, full year, no padding: 2026年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def char_cells(text: str) -> float:
    """Width in grid characters: full-width characters, and the ambiguous ones that Chinese fonts
    set full-width (“ ” — …), take one; the rest take half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def signature_indents(signature: str, date_text: str) -> tuple[float, float]:
    """Right indents, in characters, of the organ signature and the date: the date 右空四字 and
    the signature centred over it (§7.3.5.1); a signature wider than that is set flush right."""
    date_right = float(SIGNATURE_RIGHT_CHARS)
    centre = date_right + char_cells(date_text) / 2
    return max(0.0, centre - char_cells(signature) / 2), date_right
