"""Generating documents: who may, when a case has a document, and how numbers are drawn."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from huajie.common.errors import ApplicationError, NotFound
from huajie.documents.fonts import FontsMissing
from huajie.documents.models import DocumentCounter, IssuedDocument
from huajie.documents.selectors import document_kinds_for
from huajie.documents.services import document_render
from huajie.documents.tests import factories as f
from huajie.documents.tests.readback import docx_text
from huajie.petitions import services as s
from huajie.petitions.selectors import petition_get_for_user
from huajie.petitions.tests.factories import make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(f.TODAY):
        county = make_county()
        f.with_profile(county)
        yield county


def render(p, kind, user, fmt="docx"):
    return document_render(petition=p, kind=kind, fmt=fmt, acting_user=user)


def number_in(content: bytes) -> str:
    return next(line for line in docx_text(content).splitlines() if "〔" in line)


def test_a_number_is_drawn_once_and_written_on_the_timeline(c):
    p = f.accepted(c)
    first = render(p, "acceptance", c.clerk)
    again = render(p, "acceptance", c.office_leader)
    pdf = render(p, "acceptance", c.clerk, fmt="pdf")
    assert number_in(first.content) == number_in(again.content) == "清信告〔2025〕1号"
    assert b"%PDF" in pdf.content[:8]
    issued = IssuedDocument.objects.get(petition=p)
    assert (issued.number, issued.issued_on, issued.issued_by) == (
        "清信告〔2025〕1号",
        date(2025, 10, 9),
        c.clerk,
    )
    events = p.events.filter(action="document_issue")
    assert events.count() == 1
    event = events.get()
    assert event.kind == "document" and event.actor == c.clerk
    assert "受理告知书" in event.text and "清信告〔2025〕1号" in event.text


def test_numbers_count_per_unit_kind_and_year(c):
    first, second = f.accepted(c), f.accepted(c)
    refused = f.not_accepted(c)
    assert number_in(render(second, "acceptance", c.clerk).content) == "清信告〔2025〕1号"
    assert number_in(render(first, "acceptance", c.clerk).content) == "清信告〔2025〕2号"
    assert number_in(render(refused, "not_accepted", c.clerk).content) == "清信不受〔2025〕1号"
    counter = DocumentCounter.objects.get(unit=c.office, year=2025, kind="acceptance")
    assert counter.last == 2
    with time_machine.travel(date(2026, 1, 6)):
        p = f.register(c, received_on=date(2026, 1, 5))
        s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
        assert number_in(render(p, "acceptance", c.clerk).content) == "清信告〔2026〕1号"


def test_without_a_profile_the_unit_name_and_code_are_used(c):
    p = f.replied(c)
    text = docx_text(render(p, "reply", c.handler).content)
    code = c.dept.code.upper()
    assert text.splitlines()[0] == "清河县住建局"
    assert f"{code}处〔2025〕1号" in text and "（印章）" in text


def test_a_case_the_user_may_not_see_is_not_found_and_draws_no_number(c):
    p = f.accepted(c)
    with pytest.raises(NotFound):
        render(p, "acceptance", c.outsider)
    with pytest.raises(NotFound):
        render(p.pk + 1000, "acceptance", c.clerk)
    assert not IssuedDocument.objects.exists()


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("reply", "尚未答复"),
        ("not_accepted", "没有作出不予受理"),
        ("extension", "没有延期"),
        ("supervision", "没有相应的催办或督办"),
        ("review", "尚未作出复查意见"),
        ("rereview", "尚未作出复核意见"),
    ],
)
def test_a_document_the_case_does_not_have_yet_is_refused(c, kind, words):
    p = f.accepted(c)
    with pytest.raises(ApplicationError) as err:
        render(p, kind, c.clerk)
    assert err.value.code == "document_not_applicable"
    assert words in err.value.message and err.value.message.startswith("不能生成")
    assert not IssuedDocument.objects.exists()


def test_a_refused_case_has_no_acceptance_notice(c):
    p = f.not_accepted(c)
    with pytest.raises(ApplicationError) as err:
        render(p, "acceptance", c.clerk)
    assert "尚未受理" in err.value.message


def test_unknown_kinds_and_formats_are_not_found(c):
    p = f.accepted(c)
    with pytest.raises(NotFound) as err:
        render(p, "letter", c.clerk)
    assert err.value.code == "unknown_document_kind" and "受理告知书" in err.value.message
    with pytest.raises(NotFound) as err:
        render(p, "acceptance", c.clerk, fmt="odt")
    assert err.value.code == "unknown_document_format"


def test_missing_pdf_fonts_are_named_and_word_still_works(c, settings):
    settings.DOCUMENT_FONT_FILES = {"kai": "/nonexistent/gkai00mp.ttf"}
    p = f.accepted(c)
    with pytest.raises(FontsMissing) as err:
        render(p, "acceptance", c.clerk, fmt="pdf")
    assert "fonts-arphic-gkai00mp" in err.value.message and "apt-get install" in err.value.message
    assert "fonts-arphic-gbsn00lp" not in err.value.message and err.value.status == 503
    assert not IssuedDocument.objects.exists()
    assert render(p, "acceptance", c.clerk).content.startswith(b"PK")


def test_each_supervision_notice_gets_its_own_number(c):
    p = f.supervised(c)
    first = render(p, "supervision", c.office_leader)
    s.petition_supervise(petition=p, acting_user=c.office_leader, kind="reminder", note="再次催办")
    second = render(p, "supervision", c.office_leader)
    assert number_in(first.content) == "清信督〔2025〕1号"
    assert number_in(second.content) == "清信督〔2025〕2号"
    assert "信访事项催办单" in docx_text(second.content)
    earlier = p.supervisions.earliest("created_at", "id")
    again = document_render(
        petition=p,
        kind="supervision",
        fmt="docx",
        acting_user=c.office_leader,
        supervision_id=earlier.pk,
    )
    assert number_in(again.content) == "清信督〔2025〕1号"


def test_the_case_page_lists_what_the_case_has(c):
    p = f.reviewed(c)
    render(p, "reply", c.handler)
    case = petition_get_for_user(user=c.clerk, pk=p.pk)
    options = document_kinds_for(case)
    assert [o.kind for o in options] == ["acceptance", "reply", "review"]
    assert [o.label for o in options] == ["受理告知书", "信访处理意见书", "复查意见书"]
    assert options[1].number.endswith("处〔2025〕1号") and options[0].number == ""
