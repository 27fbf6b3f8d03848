"""The duty log and its hand-off through common.intake (a tiny target stands in for petitions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError, NotFound
from huajie.duty.models import DutyLogEntry, IntakeLink, LogChannel
from huajie.duty.services import log

from .factories import DutyCounty


@pytest.fixture
def target():
    intake.register_target(
        intake.IntakeTarget(code="test-case", label="登记为测试件", route="home")
    )
    yield "test-case"
    intake._targets.pop("test-case", None)


def _entry(dc: DutyCounty) -> DutyLogEntry:
    return log.entry_create(
        unit=dc.town,
        received_at=timezone.now() - timedelta(minutes=10),
        channel=LogChannel.CALL,
        caller_name="王某",
        caller_phone="13812345678",
        content="河口村村民来电反映自来水停水两天。",
        told="已报告带班领导孙镇长",
        acting_user=dc.officer,
    )


def test_the_entry_hands_off_once_and_keeps_the_link(dc: DutyCounty, target: str) -> None:
    entry = _entry(dc)
    token = intake.token(log.SOURCE, entry.pk)
    draft = intake.intake_draft(token, dc.officer)
    assert draft.received_at == entry.received_at and draft.channel == "phone"
    assert draft.caller_phone == "13812345678" and draft.unit_id == dc.town.pk

    def button() -> dict:  # the stand-in target's, among petitions', mediation's, emergency's
        found = log.hand_off_buttons(entry=entry, user=dc.officer)
        return next(b for b in found if b["code"] == target)

    assert button()["url"].endswith(f"?from=duty-log%3A{entry.pk}")
    intake.intake_done(token, dc.officer, target, dc.town)  # any record stands for the new case
    link = IntakeLink.objects.get(entry=entry)
    assert link.label == str(dc.town)
    assert entry.events.filter(kind="handed_off", text__contains="登记为测试件").exists()
    with pytest.raises(ApplicationError, match="不能重复转登记"):
        intake.intake_done(token, dc.officer, target, dc.town)
    assert button()["done"] == str(dc.town)


def test_another_unit_cannot_load_the_entry(dc: DutyCounty) -> None:
    entry = _entry(dc)
    with pytest.raises(NotFound):
        intake.intake_draft(intake.token(log.SOURCE, entry.pk), dc.other_officer)
    assert (
        intake.intake_draft(intake.token(log.SOURCE, entry.pk), dc.county_duty).unit_id
        == dc.town.pk
    )


def test_phone_is_encrypted_and_closing_needs_what_was_done(dc: DutyCounty) -> None:
    entry = _entry(dc)
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT caller_phone FROM duty_dutylogentry WHERE id = %s", [entry.pk])
        assert "13812345678" not in c.fetchone()[0]
    with pytest.raises(ApplicationError, match="办结前请写明处置情况"):
        log.entry_close(entry=entry, acting_user=dc.officer)
    log.entry_close(entry=entry, action_taken="已联系水厂，当晚恢复供水。", acting_user=dc.officer)
    with pytest.raises(ApplicationError, match="请写明来电"):
        log.entry_create(
            unit=dc.town,
            received_at=timezone.now(),
            channel="call",
            content=" ",
            acting_user=dc.officer,
        )


# A fixed day: registering starts the petition's clocks, which need the year's holiday schedule
# (from 2027 on the installed package may not have today's year).
@time_machine.travel("2026-06-15 10:00 +0800", tick=False)
def test_the_real_petition_target_registers_the_call_and_links_back(dc: DutyCounty, client) -> None:
    if "petition" not in {t.code for t in intake.targets()}:
        pytest.skip("petitions has not registered its intake target")
    from django.urls import reverse

    from huajie.orgs.models import Role, RoleCode

    dc.officer.roles.add(
        Role.objects.get_or_create(code=RoleCode.CLERK, defaults={"name": "登记人员"})[0]
    )
    entry = _entry(dc)
    token = intake.token(log.SOURCE, entry.pk)
    client.force_login(dc.officer)
    form = client.get(reverse("petitions:register"), {"from": token}).content.decode()
    assert "河口村村民来电反映自来水停水两天" in form
    data = {
        "from": token,
        "received_on": timezone.localdate(entry.received_at).isoformat(),
        "channel": "phone",
        "petition_class": "complaint",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "200",
        "p-0-name": "王某",
        "p-0-phone": "13812345678",
        "title": "河口村停水",
        "content": entry.content,
        "category": "",
        "region": "",
        "place": "",
    }
    response = client.post(reverse("petitions:register"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link = IntakeLink.objects.get(entry=entry, target="petition")
    assert entry.events.filter(kind="handed_off", text__contains=link.label).exists()
    again = client.post(reverse("petitions:register"), data)
    assert again.status_code == 400 and "不能重复转登记" in again.content.decode()
