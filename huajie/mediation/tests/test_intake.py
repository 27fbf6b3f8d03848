"""Mediation as an intake target: `?from=<token>` prefills the new-dispute form, the token rides
in a hidden field, and the source records the link in the registration's transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from huajie.common import intake
from huajie.common.errors import ApplicationError
from huajie.mediation.models import Dispute, EventKind

from .factories import dispute_type, make_town

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    monkeypatch.setattr(intake, "_sources", dict(intake._sources))
    linked: list[tuple[Any, ...]] = []

    def load(record_id: str, user: Any) -> intake.IntakeDraft:
        if record_id != "7":
            raise ApplicationError("没有这条值班记录，或您无权查看。", code="missing")
        return intake.IntakeDraft(
            token=intake.token("tiny", record_id), label="值班记录 12-19 09:14 来电",
            unit_id=1, received_at=datetime(2025, 12, 19, 9, 14, tzinfo=SHANGHAI),
            content="河口村两户因排水沟堵塞争吵，请求调解", caller_name="王德发",
            caller_phone="13907310001", place="河口村二组",
        )  # fmt: skip

    def link(record_id: str, user: Any, target: str, obj: Any) -> None:
        linked.append((record_id, target, obj.reg_no, Dispute.objects.filter(pk=obj.pk).exists()))

    intake.register_source(intake.IntakeSource(kind="tiny", load=load, link=link))
    return linked


def test_dispute_target_is_registered() -> None:
    target = intake.target("dispute")
    assert target.route == "mediation:register" and target.label == "登记为矛盾纠纷"


@time_machine.travel(date(2025, 12, 20))
def test_from_token_prefills_and_links_back(source: list[tuple[Any, ...]]) -> None:
    t = make_town()
    c = Client()
    c.force_login(t.village_mediator)
    page = c.get(intake.intake_url("dispute", "tiny:7")).content.decode()
    assert "河口村两户因排水沟堵塞争吵" in page and "王德发" in page
    assert 'value="tiny:7"' in page and "2025-12-19" in page
    r = c.post(
        reverse("mediation:register"),
        {"source_token": "tiny:7", "unit": t.village.pk, "received_on": "2025-12-19",
         "procedure": "full", "title": "排水沟堵塞纠纷", "dispute_type": dispute_type().pk,
         "dispute_class": "3", "source": "duty", "summary": "河口村两户因排水沟堵塞争吵",
         "p0_side": "applicant", "p0_name": "王德发", "p1_side": "respondent",
         "p1_name": "邻居"},
    )  # fmt: skip
    assert r.status_code == 302
    d = Dispute.objects.get()
    assert source == [("7", "dispute", d.reg_no, True)]  # inside the same transaction
    assert d.intake_label == "值班记录 12-19 09:14 来电"
    assert d.events.get().text.endswith("转自值班记录 12-19 09:14 来电")


@time_machine.travel(date(2025, 12, 20))
def test_a_bad_token_is_a_sentence(source: list[tuple[Any, ...]]) -> None:
    t = make_town()
    c = Client()
    c.force_login(t.village_mediator)
    page = c.get(reverse("mediation:register") + "?from=tiny:8").content.decode()
    assert "没有这条值班记录" in page


@time_machine.travel(date(2025, 12, 20))
def test_a_failed_dispute_is_offered_to_other_targets_and_gets_the_link(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from huajie.mediation import services as s
    from huajie.mediation.models import EventKind

    from .factories import register

    monkeypatch.setattr(intake, "_targets", dict(intake._targets))
    intake.register_target(intake.IntakeTarget(code="petition", label="登记为信访件",
                                               route="mediation:index"))  # fmt: skip
    t = make_town()
    d = register(t)
    s.dispute_decline(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                      reason="属信访事项", route="petition")  # fmt: skip
    c = Client()
    c.force_login(t.village_mediator)
    page = c.get(reverse("mediation:detail", args=[d.pk])).content.decode()
    assert "登记为信访件" in page and f"from=dispute%3A{d.pk}" in page
    draft = intake.intake_draft(f"dispute:{d.pk}", t.village_mediator)
    assert draft.title == d.title and draft.caller_name == "张大山"
    intake.intake_done(f"dispute:{d.pk}", t.village_mediator, "petition", d)
    assert d.events.filter(kind=EventKind.LINK).exists()
    with pytest.raises(ApplicationError):
        intake.intake_draft(f"dispute:{d.pk}", t.other_mediator)


@time_machine.travel(date(2025, 12, 20))
def test_a_petitions_dispute_agreement_is_told_on_both_timelines() -> None:
    """信访工作条例第三十三条: a petition referred to mediation may end by the agreement. The
    petition's timeline hears it from the real petitions source, the dispute's says it told."""
    from huajie.mediation import services as s
    from huajie.mediation.models import EventKind
    from huajie.orgs.models import Role, RoleCode, User
    from huajie.petitions.models import EventKind as PetitionEventKind
    from huajie.petitions.tests.factories import register as register_petition

    from .factories import parties

    t = make_town()
    petition = register_petition(t.c, received_on=date(2025, 12, 1))
    # the petition office's clerk also sits on its mediation desk here
    t.c.clerk.roles.add(Role.objects.get_or_create(code=RoleCode.MEDIATOR)[0])
    clerk = User.objects.get(pk=t.c.clerk.pk)
    token = intake.token("petition", petition.pk)
    d = s.dispute_register(
        data=s.DisputeInput(
            title="外墙脱落维修纠纷", summary=petition.content,
            dispute_type=dispute_type("物业纠纷"), dispute_class=3, source="petition",
            procedure="full", received_on=date(2025, 12, 2), parties=parties(),
        ),
        acting_user=clerk, intake_token=token,
    )  # fmt: skip
    assert d.intake_source == token and d.intake_label == f"信访事项 {petition.reg_no}"
    s.dispute_accept(dispute=d, acting_user=clerk, expected_version=d.version,
                     on=date(2025, 12, 2))  # fmt: skip
    s.dispute_start(dispute=d, acting_user=clerk, expected_version=d.version,
                    on=date(2025, 12, 3))  # fmt: skip
    s.dispute_agree(dispute=d, acting_user=clerk, expected_version=d.version, form="oral",
                    terms="物业公司一周内修复外墙", on=date(2025, 12, 5))  # fmt: skip
    told = petition.events.filter(kind=PetitionEventKind.LINK).order_by("id").last()
    assert told is not None and d.reg_no in told.text and "第三十三条" in told.text
    assert d.events.filter(kind=EventKind.LINK, action="intake_outcome").exists()


def _from_petition(t: Any, petition: Any, clerk: Any) -> Any:
    from huajie.mediation import services as s

    from .factories import parties

    d = s.dispute_register(
        data=s.DisputeInput(
            title="外墙脱落维修纠纷", summary=petition.content,
            dispute_type=dispute_type("物业纠纷"), dispute_class=3, source="petition",
            procedure="full", received_on=date(2025, 10, 10), parties=parties(),
        ),
        acting_user=clerk, intake_token=intake.token("petition", petition.pk),
    )  # fmt: skip
    s.dispute_accept(dispute=d, acting_user=clerk, expected_version=d.version,
                     on=date(2025, 10, 10))  # fmt: skip
    s.dispute_start(dispute=d, acting_user=clerk, expected_version=d.version,
                    on=date(2025, 10, 11))  # fmt: skip
    return d


@pytest.fixture
def handled(db: None) -> tuple[Any, Any, Any]:
    """A petition in handling (its handler in the county's department) referred to mediation by
    the petition office's clerk, who also sits on its mediation desk."""
    from huajie.orgs.models import Role, RoleCode, User
    from huajie.petitions.tests.stages import handling

    t = make_town()
    petition = handling(t.c)
    t.c.clerk.roles.add(Role.objects.get_or_create(code=RoleCode.MEDIATOR)[0])
    clerk = User.objects.get(pk=t.c.clerk.pk)
    return t, petition, _from_petition(t, petition, clerk)


def _told(petition: Any) -> tuple[str, list[str]]:
    from huajie.notices.models import Notice
    from huajie.petitions.models import EventKind as PetitionEventKind

    event = petition.events.filter(kind=PetitionEventKind.LINK).order_by("id").last()
    notices = Notice.objects.filter(recipient=petition.handler).order_by("id")
    return event.text if event else "", [n.message for n in notices]


@time_machine.travel(date(2025, 10, 20))
def test_a_signed_written_agreement_reaches_the_petitions_timeline_and_handler(
    handled: tuple[Any, Any, Any],
) -> None:
    from huajie.mediation import services as s

    _, petition, d = handled
    clerk = d.registered_by
    before = _told(petition)
    s.dispute_agree(dispute=d, acting_user=clerk, expected_version=d.version, form="written",
                    facts="外墙瓷砖脱落", issues="维修责任", responsibilities="物业公司负责维修",
                    terms="物业公司一周内修复外墙", items="修复外墙 2025-10-27",
                    performance_method="当面验收", on=date(2025, 10, 15))  # fmt: skip
    assert _told(petition) == before  # drafted, not yet in effect: nothing told
    d.refresh_from_db()
    s.dispute_sign(dispute=d, acting_user=clerk, expected_version=d.version, on=date(2025, 10, 16))
    text, notices = _told(petition)
    assert d.reg_no in text and "签署生效" in text and "第三十三条" in text
    assert any(d.reg_no in m and "第三十三条" in m for m in notices)
    assert d.events.filter(kind=EventKind.LINK, action="intake_outcome").exists()


@time_machine.travel(date(2025, 10, 20))
def test_a_failed_mediation_reaches_the_petitions_timeline_and_handler(
    handled: tuple[Any, Any, Any],
) -> None:
    from huajie.mediation import services as s

    _, petition, d = handled
    s.dispute_fail(dispute=d, acting_user=d.registered_by, expected_version=d.version,
                   reasons=["no_agreement", "withdrew"], route="court",
                   on=date(2025, 10, 18))  # fmt: skip
    text, notices = _told(petition)
    assert d.reg_no in text and "调解不成" in text and "请继续依法办理" in text
    assert any(d.reg_no in m and "调解不成" in m for m in notices)
    assert petition.handler is not None and petition.handler != d.registered_by
