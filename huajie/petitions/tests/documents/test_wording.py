"""Each document of a case, issued and read back: the words a petitioner would read."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from docx import Document

from huajie.documents.tests.readback import docx_text, flat, pdf_text
from huajie.petitions.models import Petition
from huajie.petitions.services import PetitionerInput
from huajie.petitions.tests.factories import VALID_IDS, County, make_county

from . import factories as f
from .factories import issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(f.TODAY):
        county = make_county()
        f.with_profile(county)
        yield county


def render(p, kind, fmt, user):
    return issued(p, kind, user, fmt)


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
    assert (
        "本机关已于2025年10月9日受理" in text
        and "于2025年12月8日前办结（第三十四条：60日）" in text
    )
    assert "《信访工作条例》第二十三条" in text and p.query_code in text
    assert VALID_IDS[0] not in text and "13812345678" not in text


def test_the_acceptance_notice_fits_one_a4_page(c, settings):
    """Issue 10, item 11: the 受理告知书 of a case assigned to another unit, with a 30-character
    summary, is one page (it used to put its last line and the seal on a second)."""
    p = f.handling(c, title="小区外墙瓷砖大面积脱落砸坏车辆物业多次推诿拒不维修请求督促")
    Petition.objects.filter(pk=p.pk).update(query_code="WMWMWMWM")  # the widest code
    settings.SITE_URL = "https://xfj.qinghe.gov.cn"  # the notice names the portal's address
    _, content, _ = render(p, "acceptance", "pdf", c.clerk)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", content)) == 1


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
