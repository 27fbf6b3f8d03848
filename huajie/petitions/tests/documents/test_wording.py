"""The generated files, read back: the words a petitioner would read, on the GB/T 9704 page."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from huajie.documents.layout import char_cells, chinese_date, signature_indents
from huajie.documents.numbering import format_number
from huajie.documents.services import document_render
from huajie.documents.tests import factories as f
from huajie.documents.tests.readback import (
    docx_text,
    flat,
    pdf_text,
    rasterise_first_page,
)
from huajie.petitions import services as s
from huajie.petitions.models import Petition
from huajie.petitions.services import PetitionerInput
from huajie.petitions.tests.factories import VALID_IDS, County, make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(f.TODAY):
        county = make_county()
        f.with_profile(county)
        yield county


def render(p, kind, fmt, user):
    return document_render(petition=p, kind=kind, fmt=fmt, acting_user=user)


def test_the_acceptance_notice_as_word_document(c):
    p = f.accepted(c)
    name, content, content_type = render(p, "acceptance", "docx", c.clerk)
    assert name == f"{p.reg_no}-受理告知书.docx" and content_type.endswith("document")
    document = Document(io.BytesIO(content))
    lines = [para.text for para in document.paragraphs]
    assert lines[0] == "清河县信访局"
    assert "清信告〔2025〕1号" in lines and "信访事项受理告知书" in lines
    assert "刘桂兰：" in lines
    assert lines[-3:] == ["清河县信访局（印章）", "清河县信访局", "2025年10月9日"]
    text = "\n".join(lines)
    assert "自2025年10月9日起予以受理" in text and "60日内办结（2025年12月8日前）" in text
    assert "《信访工作条例》第二十三条" in text and p.query_code in text
    assert VALID_IDS[0] not in text and "13812345678" not in text


def test_the_word_page_follows_gb_t_9704(c):
    content = render(f.accepted(c), "acceptance", "docx", c.clerk).content
    document: Any = Document(io.BytesIO(content))
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


Build = Callable[[County], Petition]
CASES: dict[str, tuple[Build, str, list[str]]] = {
    "not_accepted": (
        f.not_accepted,
        "clerk",
        ["信访事项不予受理告知书", "清信不受〔2025〕1号", "劳动争议", "申请劳动人事争议仲裁"],
    ),
    "reply": (
        f.replied,
        "handler",
        [
            "信访处理意见书",
            "{dept}处〔2025〕1号",  # 住建局 has no profile: its code makes the prefix
            "清河县住建局",
            "一、信访人的请求",
            "四、处理意见：不予支持",
            "对你的信访请求不予支持",
            "《物业管理条例》第五十三条",
            "自收到本意见书之日起30日内",
            "向清河县人民政府（本机关的上一级机关）请求复查",
            "第三十五条",
            "2025年11月14日",
        ],
    ),
    "extension": (
        f.extended,
        "dept_leader",
        ["信访事项延期办理告知书", "涉及多个部门，需联合调查", "延长30日", "2026年1月7日"],
    ),
    "supervision": (
        f.supervised,
        "office_leader",
        [
            "信访事项督办单",
            "清信督〔2025〕1号",
            "清河县住建局：",
            "刘桂兰于2025年9月30日",
            "2025年12月31日前",
        ],
    ),
    "review": (
        f.reviewed,
        "county_leader",
        ["信访事项复查意见书", "解释说明", "请求复核", "第三十六条", "2025年12月5日"],
    ),
    "rereview": (
        lambda c: f.reviewed(c, rereview=True),
        "county_leader",
        ["信访事项复核意见书", "不予支持", "本复核意见为终结意见", "不再受理", "2025年12月18日"],
    ),
}


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_each_document_says_what_the_case_record_says(c, kind, fmt):
    build, who, expected = CASES[kind]
    content = render(build(c), kind, fmt, getattr(c, who)).content
    text = flat(docx_text(content) if fmt == "docx" else pdf_text(content))
    for phrase in expected:
        phrase = flat(phrase.replace("{dept}", c.dept.code.upper()))
        assert phrase in text, phrase
    assert "刘桂兰" in text and VALID_IDS[0] not in text


def test_the_pdf_embeds_its_truetype_fonts(c):
    content = render(f.accepted(c), "acceptance", "pdf", c.clerk).content
    assert content.startswith(b"%PDF") and content.count(b"/FontFile2") >= 2
    assert b"/Helvetica" not in content  # every font used is embedded
    text = flat(pdf_text(content))
    assert "清河县信访局" in text and "信访事项受理告知书" in text and "清信告〔2025〕1号" in text
    assert "2025年10月9日" in text and "—1—" in text


def test_a_pdf_page_is_not_blank(c, tmp_path):
    content = render(f.replied(c), "reply", "pdf", c.handler).content
    page = rasterise_first_page(content, tmp_path, dpi=50)
    assert abs(page.width - 413) <= 1 and abs(page.height - 585) <= 1  # A4 at 50 dpi
    ink = page.count(lambda r, g, b: r < 128 and g < 128 and b < 128)
    red = page.count(lambda r, g, b: r > 180 and g < 90 and b < 90)
    assert ink > 0.01 * page.width * page.height  # text, not an empty page
    assert red > 50  # the red organ mark and rule


def test_a_long_reply_runs_over_pages_without_breaking_the_line_rules(c):
    facts = (
        "经调查，" + "该小区外墙瓷砖脱落涉及3栋、5栋和7栋，物业公司已于2025年10月12日进场，" * 30
    )
    p = f.handling(c)
    s.petition_reply(
        petition=p,
        acting_user=c.handler,
        expected_version=p.version,
        request="维修外墙",
        facts=facts,
        reasons="属物业维修责任",
        decision="support",
        legal_basis="《物业管理条例》",
        on=f.REPLIED_ON,
    )
    content = render(p, "reply", "pdf", c.handler).content
    pages = pdf_text(content, layout=True).split("\f")
    assert len([page for page in pages if page.strip()]) >= 3
    assert "— 2 —" in pages[1] and "— 3 —" in pages[2]
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in "，。、；：）》”"]  # 禁则: no line opens so
    assert flat(facts) in flat(re.sub(r"— \d+ —", "", pdf_text(content)))


def test_a_group_visit_is_addressed_to_its_representatives(c):
    people = [
        PetitionerInput(name="张大山", id_number=VALID_IDS[1], is_representative=True),
        PetitionerInput(name="李小河", id_number=VALID_IDS[2], is_representative=True),
        PetitionerInput(name="王群众"),
    ]
    p = f.accepted(c, is_group=True, headcount=30, petitioners=people)
    text = docx_text(render(p, "acceptance", "docx", c.clerk).content)
    assert "张大山、李小河等30人：" in text and "你们于2025年9月30日" in text
    assert "王群众" not in text and VALID_IDS[1] not in text


def test_a_long_organ_name_stays_on_one_line(c):
    c.office.document_profile.organ_name = "清河县人民政府信访工作联席会议办公室"
    c.office.document_profile.save()
    p = f.accepted(c)
    document: Any = Document(io.BytesIO(render(p, "acceptance", "docx", c.clerk).content))
    organ = document.paragraphs[0]
    assert organ.text == "清河县人民政府信访工作联席会议办公室"
    assert organ.runs[0].font.size.pt < 26
    text = pdf_text(render(p, "acceptance", "pdf", c.clerk).content)
    assert text.splitlines()[0].strip() == "清河县人民政府信访工作联席会议办公室"


def test_an_item_assigned_from_above_cites_the_assignment(c):
    p = f.accepted(
        c,
        channel="higher",
        higher_ref_no="清市信转〔2025〕8号",
        higher_ref_date=date(2025, 9, 29),
        higher_source="清河市信访局",
    )
    text = docx_text(render(p, "acceptance", "docx", c.clerk).content)
    assert "问题（清河市信访局于2025年9月29日交办，交办文号：清市信转〔2025〕8号；" in text


def test_a_refusal_with_no_other_channel_names_none(c):
    text = docx_text(
        render(f.not_accepted(c, channel="na"), "not_accepted", "docx", c.clerk).content
    )
    assert "本机关决定不予受理" in text and "以下途径" not in text and "无须其他途径" not in text


def test_a_name_outside_gb2312_still_renders_in_the_pdf(c):
    p = f.accepted(c, petitioners=[PetitionerInput(name="王堃喆")])
    content = render(p, "acceptance", "pdf", c.clerk).content
    if b"DroidSansFallback" not in content:
        pytest.skip("fonts-droid-fallback is not installed: run `make system-deps`")
    assert "王堃喆：" in pdf_text(content)


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2026, 1, 5), "2026年1月5日"), (date(2025, 10, 31), "2025年10月31日")],
)
def test_dates_are_written_as_the_standard_asks(day, text):
    assert chinese_date(day) == text


def test_numbers_and_signature_placement():
    assert format_number("清信", "acceptance", 2026, 17) == "清信告〔2026〕17号"
    assert char_cells("2026年1月5日") == 6  # digits are half a character wide
    signature, date_right = signature_indents("清河县信访局", "2026年1月5日")
    assert date_right == 4 and signature == 4  # the signature centred over the date
