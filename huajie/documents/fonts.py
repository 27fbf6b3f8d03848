"""The fonts of the generated documents, and why.

GB/T 9704-2012 asks for a 小标宋 title, a 仿宋 body and 黑体 headings. Neither format can carry the
commercial faces the standard has in mind, so each format does what it can:

DOCX names the faces and lets Word or WPS draw them with the fonts of the office PC (w:rFonts
w:eastAsia, so the Chinese face is used for Chinese text): 方正小标宋简体 (title and the organ
mark), 仿宋_GB2312 (body), 黑体 (headings), 宋体 (page numbers), Times New Roman for Latin and
digits. The document's font table gives each Chinese face a w:altName that every Chinese Windows
has — 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋 (Windows 7 and later ship 仿宋 but not
仿宋_GB2312) — with the GB2312 charset and panose, so Word, WPS and LibreOffice substitute a
similar face instead of a Latin one. An office that has the proper fonts gets the exact look; the
file stays editable either way.

PDF must render on a fresh machine, so it embeds real TrueType files from Debian, installed by
`scripts/system-deps.sh` (reportlab embeds TrueType outlines only; the Noto CJK fonts are
CFF-based OpenType and cannot be embedded by it):
- AR PL SungtiL GB (`fonts-arphic-gbsn00lp`, a 宋 face) for the organ mark, the title, headings
  and page numbers — the closest free relative of 小标宋;
- AR PL KaitiM GB (`fonts-arphic-gkai00mp`, a 楷 face) for the body — no free 仿宋 exists in
  Debian, and 楷 is the customary stand-in (仿宋 derives from the same brush tradition);
- Droid Sans Fallback (`fonts-droid-fallback`), if installed, only for the characters outside
  GB2312 the two AR PL faces lack (rare characters in names such as 堃 or 喆).
The paths can be overridden with the DOCUMENT_FONT_FILES setting (keys "song", "kai",
"fallback").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from huajie.common.errors import ApplicationError

log = logging.getLogger(__name__)

# DOCX face names (see the module docstring).
DOCX_TITLE_FACE = "方正小标宋简体"
DOCX_BODY_FACE = "仿宋_GB2312"
DOCX_HEADING_FACE = "黑体"
DOCX_PAGE_NUMBER_FACE = "宋体"
DOCX_LATIN_FACE = "Times New Roman"
# name → (altName, panose-1); charset 86 = GB2312.
DOCX_FONT_TABLE = {
    DOCX_TITLE_FACE: ("宋体", "02000000000000000000"),
    DOCX_BODY_FACE: ("仿宋", "02010609060101010101"),
    DOCX_HEADING_FACE: ("SimHei", "02010609060101010101"),
    DOCX_PAGE_NUMBER_FACE: ("SimSun", "02010600030101010101"),
}

DEFAULT_FONT_FILES = {
    "song": "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "kai": "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
    "fallback": "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
}
PACKAGES = {"song": "fonts-arphic-gbsn00lp", "kai": "fonts-arphic-gkai00mp"}


class FontsMissing(ApplicationError):
    """The PDF fonts are not installed: a server set-up problem, not the user's."""

    code = "document_fonts_missing"
    status = 503


@dataclass(frozen=True)
class PdfFonts:
    """reportlab font names: `song` for title and headings, `kai` for the body, `fallback` (or
    None) for characters the first two lack."""

    song: str
    kai: str
    fallback: str | None

    def face_for(self, name: str, ch: str) -> str:
        """The font that has a glyph for `ch`: `name` if it does, else the fallback if that does."""
        if self.fallback and not _has_glyph(name, ch) and _has_glyph(self.fallback, ch):
            return self.fallback
        return name


def font_files() -> dict[str, Path]:
    configured = getattr(settings, "DOCUMENT_FONT_FILES", {})
    return {key: Path(configured.get(key, default)) for key, default in DEFAULT_FONT_FILES.items()}


def pdf_fonts() -> PdfFonts:
    """Register the TrueType fonts with reportlab (once per path) or refuse in Chinese, naming
    the Debian packages to install."""
    files = font_files()
    missing = [key for key in PACKAGES if not files[key].is_file()]
    if missing:
        log.error("document fonts missing: %s", ", ".join(str(files[k]) for k in missing))
        names = " ".join(PACKAGES[k] for k in missing)
        paths = "、".join(str(files[k]) for k in missing)
        raise FontsMissing(
            f"无法生成 PDF 文书：服务器缺少中文字体文件（{paths}）。"
            f"请系统管理员安装软件包 {names}（sudo apt-get install {names}，或在项目目录运行 "
            "make system-deps）后重试；Word 版文书不受影响，可先下载 Word 版。"
        )
    fallback = files["fallback"]
    return PdfFonts(
        song=_register(str(files["song"])),
        kai=_register(str(files["kai"])),
        fallback=_register(str(fallback)) if fallback.is_file() else None,
    )


@cache
def _register(path: str) -> str:
    name = f"HJ-{Path(path).stem}"
    pdfmetrics.registerFont(TTFont(name, path))
    return name


def _has_glyph(name: str, ch: str) -> bool:
    font = pdfmetrics.getFont(name)
    return ord(ch) in font.face.charToGlyph
