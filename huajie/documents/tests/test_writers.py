"""The DOCX and PDF writers, read back: a document's content on the GB/T 9704 page, whichever
module's document it is."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from huajie.documents.docx_writer import render_docx
from huajie.documents.fonts import FontsMissing, pdf_fonts
from huajie.documents.layout import (
    OfficialDocument,
    Para,
    Style,
    char_cells,
    chinese_date,
    signature_indents,
)
from huajie.documents.numbering import format_number
from huajie.documents.pdf_writer import render_pdf
from huajie.documents.tests.readback import docx_text, flat, pdf_text, rasterise_first_page

NOTICE = OfficialDocument(
    organ="清河县信访局",
    number="清信告〔2025〕1号",
    title="信访事项受理告知书",
    addressee="刘桂兰：",
    paragraphs=[
        Para("你于2025年9月30日以来访形式反映的“小区外墙脱落无人维修”问题，本机关已收悉。"),
        Para("一、处理意见", Style.HEADING),
        Para("本机关决定自2025年10月9日起予以受理。特此告知。"),
    ],
    signature="清河县信访局",
    issued_on=date(2025, 10, 9),
    seal="清河县信访局（印章）",
)


def pdf(document: OfficialDocument) -> bytes:
    return render_pdf(document, pdf_fonts())


def test_the_word_document_reads_in_order():
    lines = [p.text for p in Document(io.BytesIO(render_docx(NOTICE))).paragraphs]
    assert lines[0] == "清河县信访局"
    assert "清信告〔2025〕1号" in lines and "信访事项受理告知书" in lines and "刘桂兰：" in lines
    assert lines[-3:] == ["清河县信访局（印章）", "清河县信访局", "2025年10月9日"]


def test_the_word_page_follows_gb_t_9704():
    document: Any = Document(io.BytesIO(render_docx(NOTICE)))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(s.mm, 1) for s in sizes] == [210, 297, 37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt
    body = document.styles["Normal"]
    assert (
        body.font.size.pt == 16 and body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    )
    title = next(p for p in document.paragraphs if p.text == "信访事项受理告知书")
    assert title.style.font.size.pt == 22
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "—" in footer_xml
    assert document.settings.odd_and_even_pages_header_footer


def test_the_pdf_embeds_its_truetype_fonts():
    content = pdf(NOTICE)
    assert content.startswith(b"%PDF") and content.count(b"/FontFile2") >= 2
    assert b"/Helvetica" not in content  # every font used is embedded
    text = flat(pdf_text(content))
    assert "清河县信访局" in text and "信访事项受理告知书" in text and "清信告〔2025〕1号" in text
    assert "2025年10月9日" in text and "—1—" in text


def test_a_pdf_page_is_not_blank(tmp_path):
    full = replace(NOTICE, paragraphs=NOTICE.paragraphs * 4)  # a page of text, as a reply is
    page = rasterise_first_page(pdf(full), tmp_path, dpi=50)
    assert abs(page.width - 413) <= 1 and abs(page.height - 585) <= 1  # A4 at 50 dpi
    ink = page.count(lambda r, g, b: r < 128 and g < 128 and b < 128)
    red = page.count(lambda r, g, b: r > 180 and g < 90 and b < 90)
    assert ink > 0.01 * page.width * page.height  # text, not an empty page
    assert red > 50  # the red organ mark and rule


def test_a_long_text_runs_over_pages_without_breaking_the_line_rules():
    facts = (
        "经调查，" + "该小区外墙瓷砖脱落涉及3栋、5栋和7栋，物业公司已于2025年10月12日进场，" * 30
    )
    content = pdf(replace(NOTICE, paragraphs=[Para(facts)]))
    pages = pdf_text(content, layout=True).split("\f")
    assert len([page for page in pages if page.strip()]) >= 3
    assert "— 2 —" in pages[1] and "— 3 —" in pages[2]
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in "，。、；：）》”"]  # 禁则: no line opens so
    assert flat(facts) in flat(re.sub(r"— \d+ —", "", pdf_text(content)))


def test_a_long_organ_name_stays_on_one_line():
    organ = "清河县人民政府信访工作联席会议办公室"
    document = replace(NOTICE, organ=organ, signature=organ)
    word: Any = Document(io.BytesIO(render_docx(document)))
    assert word.paragraphs[0].text == organ and word.paragraphs[0].runs[0].font.size.pt < 26
    assert pdf_text(pdf(document)).splitlines()[0].strip() == organ


def test_a_name_outside_gb2312_still_renders_in_the_pdf():
    content = pdf(replace(NOTICE, addressee="王堃喆："))
    if b"DroidSansFallback" not in content:
        pytest.skip("fonts-droid-fallback is not installed: run `make system-deps`")
    assert "王堃喆：" in pdf_text(content)


def test_missing_pdf_fonts_are_named(settings):
    settings.DOCUMENT_FONT_FILES = {"kai": "/nonexistent/gkai00mp.ttf"}
    with pytest.raises(FontsMissing) as err:
        pdf_fonts()
    assert "fonts-arphic-gkai00mp" in err.value.message and err.value.status == 503
    assert docx_text(render_docx(NOTICE)).startswith("清河县信访局")  # Word needs no fonts here


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2026, 1, 5), "2026年1月5日"), (date(2025, 10, 31), "2025年10月31日")],
)
def test_dates_are_written_as_the_standard_asks(day, text):
    assert chinese_date(day) == text


def test_numbers_and_signature_placement():
    assert format_number("清信", "告", 2026, 17) == "清信告〔2026〕17号"
    assert char_cells("2026年1月5日") == 6  # digits are half a character wide
    signature, date_right = signature_indents("清河县信访局", "2026年1月5日")
    assert date_right == 4 and signature == 4  # the signature centred over the date
