"""Petitions in the intake hand-offs: a record of another module becomes a case (the
registration form is the target), and a case becomes another module's record (the source)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError, NotFound
from huajie.petitions import handoffs
from huajie.petitions.models import EventKind, Petition

from .factories import County, make_county
from .stages import handling
from .test_views import registration_post


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2025-10-10 10:00 +0800", tick=False):
        yield


@pytest.fixture
def c(db: None) -> County:
    return make_county()


@pytest.fixture
def log(monkeypatch, c) -> list[tuple[Any, ...]]:
    """A stand-in duty log: entry 7 of the clerk's office; linking entry 8 is refused."""
    monkeypatch.setattr(intake, "_sources", dict(intake._sources))
    linked: list[tuple[Any, ...]] = []

    def load(record_id: str, user: Any) -> intake.IntakeDraft:
        if record_id not in {"7", "8"}:
            raise NotFound("找不到这条值班记录。")
        return intake.IntakeDraft(
            token=intake.token("log", record_id),
            label="值班记录 2025-09-30 09:14 来电",
            unit_id=c.clerk.unit_id,
            received_at=datetime(2025, 9, 30, 1, 14, tzinfo=UTC),
            content="村民来电反映村道塌陷无人修复",
            channel="phone",
            title="村道塌陷",
            caller_name="张三",
            caller_phone="13812345678",
        )

    def link(record_id: str, user: Any, target: str, obj: Any) -> None:
        if record_id == "8":
            raise ApplicationError("这条值班记录已经转登记过了。", code="done")
        linked.append((record_id, target, obj.pk))

    intake.register_source(intake.IntakeSource(kind="log", load=load, link=link))
    return linked


def test_the_form_comes_prefilled_from_the_source(client, c, log):
    client.force_login(c.clerk)
    html = client.get(reverse("petitions:register"), {"from": "log:7"}).content.decode()
    assert 'name="from" value="log:7"' in html
    assert "由值班记录 2025-09-30 09:14 来电转登记" in html
    assert "村民来电反映村道塌陷无人修复" in html and "张三" in html
    assert 'value="2025-09-30"' in html


def test_registering_links_both_ways_in_one_transaction(client, c, log):
    client.force_login(c.clerk)
    client.post(reverse("petitions:register"), registration_post(**{"from": "log:7"}))
    petition = Petition.objects.get()
    assert log == [("7", "petition", petition.pk)]
    texts = list(petition.events.filter(kind=EventKind.LINK).values_list("text", flat=True))
    assert texts == ["由值班记录 2025-09-30 09:14 来电转登记"]


def test_a_refused_link_leaves_no_case(client, c, log):
    client.force_login(c.clerk)
    response = client.post(reverse("petitions:register"), registration_post(**{"from": "log:8"}))
    assert response.status_code == 400
    assert "这条值班记录已经转登记过了。" in response.content.decode()
    assert not Petition.objects.exists()


def test_an_unknown_source_sends_back_to_a_blank_form_with_a_sentence(client, c, log):
    client.force_login(c.clerk)
    response = client.get(reverse("petitions:register"), {"from": "log:99"}, follow=True)
    html = response.content.decode()
    assert "找不到这条值班记录。" in html and 'name="from"' not in html


@pytest.fixture
def mediation(monkeypatch) -> None:
    monkeypatch.setattr(intake, "_targets", dict(intake._targets))
    intake.register_target(
        intake.IntakeTarget(code="dispute", label="转人民调解", route="petitions:my")
    )


def test_the_handler_sees_the_hand_off_buttons_and_others_do_not(client, c, mediation):
    petition = handling(c)
    client.force_login(c.handler)
    html = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "转人民调解" in html and "from=petition%3A" in html
    assert "登记为信访事项" not in html  # a case does not become a case again
    client.force_login(c.outsider)
    response = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert response.status_code == 404


def test_the_case_as_a_source_is_for_who_works_it(c, mediation):
    petition = handling(c)
    draft = handoffs.load(str(petition.pk), c.handler)
    assert draft.content == petition.content and draft.extra["reg_no"] == petition.reg_no
    assert timezone.localdate(draft.received_at) == petition.received_on
    with pytest.raises(NotFound):
        handoffs.load(str(petition.pk), c.outsider)
    handoffs.link(str(petition.pk), c.handler, "dispute", petition)
    assert petition.events.filter(kind=EventKind.LINK, text__startswith="转人民调解：").exists()
