"""The 人民调解协议书: issued by the committee's mediator, every statutory content in the DOCX and
the PDF (read back), one signature block per party, copies = parties + 1; the PDF is not blank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from huajie.documents.tests.readback import docx_text, flat, pdf_text, rasterise_first_page
from huajie.mediation import services as s
from huajie.mediation.models import Dispute, EventKind

from .factories import Town, make_town, register

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 20)


def agreed(t: Town) -> Dispute:
    d = register(t)
    s.dispute_accept(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                     on=date(2025, 11, 3))  # fmt: skip
    s.dispute_start(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                    on=date(2025, 11, 3))  # fmt: skip
    s.dispute_agree(
        dispute=d, acting_user=t.village_mediator, expected_version=d.version, form="written",
        facts="李家在共用通道上堆放柴草", issues="共用通道能否堆放杂物",
        responsibilities="李小河负主要责任", terms="李小河清除通道柴草，今后不再堆放",
        items="李小河清除通道柴草 2025-11-30", performance_method="调解员现场见证",
        on=date(2025, 11, 20),
    )  # fmt: skip
    return d


@time_machine.travel(TODAY)
def test_agreement_docx_and_pdf_carry_every_statutory_content(tmp_path: Path) -> None:
    t = make_town()
    d = agreed(t)
    s.party_complete(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                     party=2, gender="male", birth_date=date(1975, 6, 1), ethnicity="汉族",
                     occupation="农民")  # fmt: skip
    c = Client()
    c.force_login(t.village_mediator)
    base = f"/documents/dispute/{d.pk}/mediation_agreement"
    assert c.post(f"{base}/issue/").status_code in (200, 302)
    assert d.events.filter(kind=EventKind.DOCUMENT).exists()
    docx = c.get(f"{base}.docx")
    assert docx.status_code == 200
    text = flat(docx_text(b"".join(docx.streaming_content)))  # type: ignore[attr-defined]
    for needle in ["人民调解协议书", "张大山", "李小河", "李家在共用通道上堆放柴草",
                   "争议事项", "李小河负主要责任", "清除通道柴草", "2025年11月30日前",
                   "一式3份", "三十日内共同向人民法院申请司法确认", "按指印", "人民调解员（签名）",
                   "调解员现场见证",
                   # the parties' basic details (若干规定第三十五条); the ID gives 张大山's
                   "申请方：张大山，男，1990年3月7日出生，民族＿＿＿＿，职业＿＿＿＿，住西街村三组",
                   "被申请方：李小河，男，1975年6月1日出生，汉族，农民，住西街村四组"]:  # fmt: skip
        assert needle in text, needle
    assert "110101199003070134" not in text and "13812345678" not in text
    response = c.get(f"{base}.pdf")
    pdf = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200 and pdf.startswith(b"%PDF")
    assert "人民调解协议书" in flat(pdf_text(pdf))
    page = rasterise_first_page(pdf, tmp_path, dpi=40)
    ink = page.count(lambda r, g, b: r < 128 and g < 128 and b < 128)
    assert ink > 0.005 * page.width * page.height


@time_machine.travel(TODAY)
def test_another_village_may_not_issue_or_see() -> None:
    t = make_town()
    d = agreed(t)
    c = Client()
    c.force_login(t.other_mediator)
    assert c.post(f"/documents/dispute/{d.pk}/mediation_agreement/issue/").status_code == 404


@time_machine.travel(TODAY)
def test_meeting_minutes_as_docx_and_pdf_seen_by_the_town_not_another_village() -> None:
    from huajie.mediation.services.screening import meeting_record

    t = make_town()
    d = register(t)
    m = meeting_record(unit=t.committee, acting_user=t.town_mediator, held_on=date(2025, 12, 19),
                       chair="黄志强（镇党委副书记）", attendees="各村调委会主任",
                       discussion="研判通行纠纷，有激化可能。",
                       decisions="1. 一周内调结（陈秀英）\n2. 村委会配合现场查看",
                       disputes=[d])  # fmt: skip
    c = Client()
    c.force_login(t.town_mediator)
    base = f"/documents/meeting/{m.pk}/mediation_minutes"
    assert c.post(f"{base}/issue/").status_code in (200, 302)
    docx = c.get(f"{base}.docx")
    text = flat(docx_text(b"".join(docx.streaming_content)))  # type: ignore[attr-defined]
    for needle in ["矛盾纠纷分析研判例会纪要", "2025年12月19日", "黄志强", "各村调委会主任",
                   d.reg_no, "研判情况", "有激化可能", "议定事项", "一周内调结",
                   "村委会配合"]:  # fmt: skip
        assert needle in text, needle
    pdf = b"".join(c.get(f"{base}.pdf").streaming_content)  # type: ignore[attr-defined]
    assert "议定事项" in flat(pdf_text(pdf))
    leader = Client()
    leader.force_login(t.town_leader)
    assert leader.get(f"/mediation/meetings/{m.pk}/").status_code == 200
    outsider = Client()
    outsider.force_login(t.other_mediator)  # a village sees only its own subtree
    assert outsider.get(f"/mediation/meetings/{m.pk}/").status_code == 404
    assert outsider.get(f"{base}.pdf").status_code == 404
