"""A case's documents: who may issue them, when a case has one, how numbers are drawn on issue,
and that downloading never draws one."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection, connections

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.common.models import Counter
from huajie.documents.fonts import FontsMissing
from huajie.documents.models import IssuedDocument
from huajie.documents.selectors import document_options_for
from huajie.documents.services import NotIssued
from huajie.documents.tests.readback import docx_text
from huajie.orgs.tests.factories import make_user
from huajie.petitions import services as s
from huajie.petitions.selectors import petition_get_for_user
from huajie.petitions.tests.factories import make_county

from . import factories as f
from .factories import download, issue, issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(f.TODAY):
        county = make_county()
        f.with_profile(county)
        yield county


def number_in(content: bytes) -> str:
    return next(line for line in docx_text(content).splitlines() if "〔" in line)


def counters() -> dict[tuple[str, int], int]:
    return {(x.key, x.year): x.last for x in Counter.objects.filter(key__startswith="documents.")}


def test_a_number_is_drawn_on_issue_once_and_written_on_the_timeline(c):
    p = f.accepted(c)
    assert issue(p, "acceptance", c.clerk) == "清信告〔2025〕1号"
    assert issue(p, "acceptance", c.office_leader) == "清信告〔2025〕1号"  # the stored one
    first = download(p, "acceptance", c.clerk)
    again = download(p, "acceptance", c.office_leader)
    pdf = download(p, "acceptance", c.clerk, fmt="pdf")
    assert number_in(first.content) == number_in(again.content) == "清信告〔2025〕1号"
    assert b"%PDF" in pdf.content[:8]
    document = IssuedDocument.objects.get()
    assert (document.target_id, document.target_type.model) == (p.pk, "petition")
    assert (document.number, document.issued_on, document.issued_by) == (
        "清信告〔2025〕1号",
        date(2025, 10, 9),
        c.clerk,
    )
    events = p.events.filter(action="document_issue")
    assert events.count() == 1
    event = events.get()
    assert event.kind == "document" and event.actor == c.clerk
    assert "受理告知书" in event.text and "清信告〔2025〕1号" in event.text


def test_a_reader_can_download_but_not_issue_and_downloading_draws_no_number(c):
    p = f.handling(c)
    # The assigned handler reads the case; the acceptance notice carries the petition office's
    # number, which only the office's own staff may draw.
    reader = c.handler
    assert petition_get_for_user(user=reader, pk=p.pk)
    with pytest.raises(PermissionDenied) as denied:
        issue(p, "acceptance", reader)
    assert denied.value.message == (
        "您无权出具受理告知书。请由登记单位的工作人员出具；出具后，您可以在此下载。"
    )
    with pytest.raises(NotIssued) as err:
        download(p, "acceptance", reader)
    assert err.value.message == "该文书尚未出具。请由登记单位的工作人员点击“出具”后再下载。"
    with pytest.raises(NotIssued) as err:
        download(p, "acceptance", c.clerk, fmt="pdf")
    assert "请先点击受理告知书旁的“出具”" in err.value.message
    assert not IssuedDocument.objects.exists() and counters() == {}
    assert not p.events.filter(kind="document").exists()
    number = issue(p, "acceptance", c.office_leader)  # the registering office issues it
    before = counters()
    assert number_in(download(p, "acceptance", reader).content) == number
    assert IssuedDocument.objects.count() == 1 and counters() == before


def test_numbers_count_per_unit_kind_and_year(c):
    first, second = f.accepted(c), f.accepted(c)
    refused = f.not_accepted(c)
    assert issue(second, "acceptance", c.clerk) == "清信告〔2025〕1号"
    assert issue(first, "acceptance", c.clerk) == "清信告〔2025〕2号"
    assert issue(refused, "not_accepted", c.clerk) == "清信不受〔2025〕1号"
    assert counters()[(f"documents.{c.office.pk}.acceptance", 2025)] == 2
    with time_machine.travel(date(2026, 1, 6)):
        p = f.register(c, received_on=date(2026, 1, 5))
        s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
        assert issue(p, "acceptance", c.clerk) == "清信告〔2026〕1号"


def test_without_a_profile_the_unit_name_and_code_are_used(c):
    p = f.replied(c)
    text = docx_text(issued(p, "reply", c.handler).content)
    code = c.dept.code.upper()
    assert text.splitlines()[0] == "清河县住建局"
    assert f"{code}处〔2025〕1号" in text and "（印章）" in text


def test_a_case_the_user_may_not_see_is_not_found_and_draws_no_number(c):
    p = f.accepted(c)
    with pytest.raises(NotFound):
        issue(p, "acceptance", c.outsider)
    with pytest.raises(NotFound):
        download(p, "acceptance", c.outsider)
    with pytest.raises(NotFound):
        download(p.pk + 1000, "acceptance", c.clerk)
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
    for attempt in (lambda: issue(p, kind, c.clerk), lambda: download(p, kind, c.clerk)):
        with pytest.raises(ApplicationError) as err:
            attempt()
        assert err.value.code == "document_not_applicable"
        assert words in err.value.message and err.value.message.startswith("不能生成")
    assert not IssuedDocument.objects.exists()


def test_a_refused_case_has_no_acceptance_notice(c):
    p = f.not_accepted(c)
    with pytest.raises(ApplicationError) as err:
        issue(p, "acceptance", c.clerk)
    assert "尚未受理" in err.value.message


def test_unknown_kinds_and_formats_are_not_found(c):
    p = f.accepted(c)
    with pytest.raises(NotFound) as err:
        issue(p, "letter", c.clerk)
    assert err.value.code == "unknown_document_kind" and "受理告知书" in err.value.message
    issue(p, "acceptance", c.clerk)
    with pytest.raises(NotFound) as err:
        download(p, "acceptance", c.clerk, fmt="odt")
    assert err.value.code == "unknown_document_format"


def test_missing_pdf_fonts_are_named_and_word_still_works(c, settings):
    settings.DOCUMENT_FONT_FILES = {"kai": "/nonexistent/gkai00mp.ttf"}
    p = f.accepted(c)
    issue(p, "acceptance", c.clerk)
    before = counters()
    with pytest.raises(FontsMissing) as err:
        download(p, "acceptance", c.clerk, fmt="pdf")
    assert "fonts-arphic-gkai00mp" in err.value.message and "apt-get install" in err.value.message
    assert "fonts-arphic-gbsn00lp" not in err.value.message and err.value.status == 503
    assert IssuedDocument.objects.count() == 1 and counters() == before
    assert download(p, "acceptance", c.clerk).content.startswith(b"PK")


def test_each_supervision_notice_gets_its_own_number(c):
    p = f.supervised(c)
    assert issue(p, "supervision", c.office_leader) == "清信督〔2025〕1号"
    s.petition_supervise(petition=p, acting_user=c.office_leader, kind="reminder", note="再次催办")
    latest = p.supervisions.latest("created_at", "id")
    assert issue(p, "supervision", c.office_leader, subject=latest.pk) == "清信督〔2025〕2号"
    second = download(p, "supervision", c.office_leader)  # no subject: the latest notice
    assert number_in(second.content) == "清信督〔2025〕2号"
    assert "信访事项催办单" in docx_text(second.content)
    earlier = p.supervisions.earliest("created_at", "id")
    again = download(p, "supervision", c.office_leader, subject=earlier.pk)
    assert number_in(again.content) == "清信督〔2025〕1号"
    with pytest.raises(ApplicationError) as err:
        download(p, "supervision", c.office_leader, subject=latest.pk + 100)
    assert "没有对应的记录" in err.value.message


def test_the_case_page_lists_what_the_case_has(c):
    p = f.reviewed(c)
    issue(p, "reply", c.handler)
    case = petition_get_for_user(user=c.clerk, pk=p.pk)
    options = document_options_for(user=c.clerk, target="petition", record=case)
    assert [o.kind for o in options] == ["acceptance", "reply", "review"]
    assert [o.label for o in options] == ["受理告知书", "信访处理意见书", "复查意见书"]
    assert options[1].number.endswith("处〔2025〕1号") and options[0].number == ""
    # Issued: nothing left to do; the review opinion carries the reviewing organ's number.
    assert [o.may_issue for o in options] == [True, False, False]
    county = document_options_for(user=c.county_leader, target="petition", record=case)
    assert [o.may_issue for o in county] == [True, False, True]
    reader = make_user(c.dept, "duty_officer")
    assert not any(
        o.may_issue for o in document_options_for(user=reader, target="petition", record=case)
    )


def test_each_supervision_notice_is_listed(c):
    p = f.supervised(c)
    s.petition_supervise(petition=p, acting_user=c.office_leader, kind="reminder", note="再次催办")
    case = petition_get_for_user(user=c.clerk, pk=p.pk)
    options = document_options_for(user=c.clerk, target="petition", record=case)
    notices = [o for o in options if o.kind == "supervision"]
    assert [o.label for o in notices] == ["督办单（2025年12月20日）", "催办单（2025年12月20日）"]
    assert [o.subject_id for o in notices] == list(
        p.supervisions.order_by("created_at", "id").values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_issues_draw_one_number(c):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrent writers: PostgreSQL only")
    p = f.accepted(c)
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def clerk() -> None:
        try:
            start.wait()
            numbers.append(issue(p, "acceptance", c.clerk))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert numbers == ["清信告〔2025〕1号"] * 4
    assert IssuedDocument.objects.count() == 1
    assert counters() == {(f"documents.{c.office.pk}.acceptance", 2025): 1}
    assert p.events.filter(action="document_issue").count() == 1
