"""The dispute's life through the services, on real dates (2025 National Day, a rest-day roll)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.mediation import services as s
from huajie.mediation.clocks import ClockKind
from huajie.mediation.models import (
    DisputeEvent,
    EventKind,
    PartyKind,
    Procedure,
    Side,
)
from huajie.mediation.services import PartyInput
from huajie.mediation.states import Status

from .factories import dispute_type, make_town, organisation, register

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 20)


def clock(dispute, kind):
    return dispute.clocks.get(kind=kind)


def accepted(t, on=date(2025, 11, 3), **kw):
    d = register(t, on=on, **kw)
    s.dispute_accept(dispute=d, acting_user=t.village_mediator, expected_version=d.version, on=on)
    return d


def written(t, on=date(2025, 11, 20), **kw):
    d = accepted(t, **kw)
    s.session_record(
        dispute=d, acting_user=t.village_mediator, expected_version=d.version, held_on=on,
        place="村委会调解室", attendees="张大山、李小河",
        statements="张：要求清除柴草；李：同意挪走",
        outcome="双方同意签订协议",
    )  # fmt: skip
    s.dispute_agree(
        dispute=d, acting_user=t.village_mediator, expected_version=d.version, form="written",
        facts="李家在共用通道堆放柴草", issues="通道使用", responsibilities="李家负主要责任",
        terms="李小河清除通道柴草，今后不再堆放", items="李小河清除柴草 2025-11-30",
        on=on,
    )  # fmt: skip
    return d


@time_machine.travel(TODAY)
def test_register_encrypts_and_numbers() -> None:
    t = make_town()
    d = register(t)
    assert d.reg_no == f"{t.village.code}-2025-00001"
    assert d.status == Status.REGISTERED and d.level == "village"
    applicant = d.parties.get(side=Side.APPLICANT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM mediation_party WHERE id = %s", [applicant.pk])
        raw = cursor.fetchone()[0]
    assert raw != applicant.id_number and applicant.id_number.startswith("1101011990")
    assert d.events.get().kind == EventKind.REGISTERED


@time_machine.travel(TODAY)
def test_simple_procedure_is_registered_settled() -> None:
    t = make_town()
    d = register(t, procedure=Procedure.SIMPLE, outcome="当场说和，李家当即挪走柴草")
    assert d.status == Status.SETTLED and d.agreement.terms.startswith("当场")
    s.dispute_archive(dispute=d, acting_user=t.village_mediator, expected_version=d.version)
    assert d.status == Status.ARCHIVED


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"parties": [PartyInput(Side.APPLICANT, "  "), PartyInput(Side.RESPONDENT, "李")]},
         "party_name_required"),
        ({"parties": [PartyInput(Side.APPLICANT, "张")]}, "parties_both_sides"),
        ({"procedure": Procedure.SIMPLE}, "outcome_required"),
        ({"dispute_class": None}, "class_required"),
        ({"title": ""}, "title_required"),
    ],
)  # fmt: skip
def test_bad_registration_saves_nothing(change: dict, code: str) -> None:
    t = make_town()
    with pytest.raises(ApplicationError) as err:
        register(t, **change)
    assert err.value.code == code and "。" in err.value.message
    assert not DisputeEvent.objects.exists()


@time_machine.travel(TODAY)
def test_bad_id_number_names_the_party() -> None:
    t = make_town()
    bad = [PartyInput(Side.APPLICANT, "张大山", id_number="110101199003070135"),
           organisation()]  # fmt: skip
    with pytest.raises(ApplicationError, match="第1位当事人（张大山）：身份证号码校验位"):
        register(t, parties=bad)


@time_machine.travel(TODAY)
def test_accept_opens_the_one_month_clock_rolled_past_national_day() -> None:
    t = make_town()
    d = accepted(t, on=date(2025, 9, 1))
    # 30 calendar days from 9-01 end on 10-01, inside National Day (10-01..10-08): rolls to 10-09.
    assert clock(d, ClockKind.SETTLE).due == date(2025, 10, 9)
    assert d.next_due == date(2025, 10, 9)


@time_machine.travel(TODAY)
def test_extension_needs_both_parties_consent_and_only_once() -> None:
    t = make_town()
    d = accepted(t)
    with pytest.raises(ApplicationError, match="须经双方当事人同意"):
        s.dispute_extend(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                         days=15, consent="", reason="需鉴定")  # fmt: skip
    s.dispute_extend(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                     days=15, consent="both", reason="需丈量边界，双方同意")  # fmt: skip
    assert clock(d, ClockKind.SETTLE).due == date(2025, 12, 18)  # 12-03 + 15
    assert d.events.filter(kind=EventKind.EXTENSION).exists()
    d.refresh_from_db()
    with pytest.raises(PermissionDenied):
        s.dispute_extend(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                         days=5, consent="both", reason="再延")  # fmt: skip


@time_machine.travel(TODAY)
def test_written_agreement_signing_opens_window_and_visit_by_class() -> None:
    t = make_town()
    d = written(t)
    assert d.status == Status.AGREED
    assert clock(d, ClockKind.SETTLE).outcome == "on_time"
    s.dispute_sign(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                   on=date(2025, 11, 21))  # fmt: skip
    assert d.status == Status.PERFORMING and d.agreement_on == date(2025, 11, 21)
    window = clock(d, ClockKind.CONFIRMATION)
    assert window.rule_window and window.due == date(2025, 12, 22)  # 12-21 is a Sunday
    assert clock(d, ClockKind.VISIT_3).due == date(2026, 5, 20)  # class 3: half a year
    assert d.next_due == date(2026, 5, 20)  # the window is never a staff deadline


@time_machine.travel(TODAY)
def test_written_agreement_without_terms_is_refused() -> None:
    t = make_town()
    d = accepted(t)
    s.dispute_start(dispute=d, acting_user=t.village_mediator, expected_version=d.version)
    with pytest.raises(ApplicationError) as err:
        s.dispute_agree(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                        form="written", facts="事实", issues="争议", responsibilities="责任",
                        terms="协议", items="")  # fmt: skip
    assert err.value.code == "items_required"
    with pytest.raises(ApplicationError, match="第1行没有写明履行期限"):
        s.dispute_agree(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                        form="written", facts="事实", issues="争议", responsibilities="责任",
                        terms="协议", items="赔偿3000元")  # fmt: skip


@time_machine.travel(date(2026, 1, 10))
def test_confirmation_after_window_and_for_marriage_refused() -> None:
    t = make_town()
    d = written(t)
    s.dispute_sign(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                   on=date(2025, 11, 21))  # fmt: skip
    with pytest.raises(ApplicationError) as err:
        s.confirmation_record(dispute=d, acting_user=t.village_mediator,
                              expected_version=d.version, result="confirmed",
                              applied_on=date(2025, 12, 23), court="清河县人民法院")  # fmt: skip
    assert err.value.code == "confirmation_window_passed"
    s.confirmation_record(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                          result="confirmed", applied_on=date(2025, 12, 22),
                          court="清河县人民法院")  # fmt: skip
    assert d.confirmation == "confirmed" and clock(d, ClockKind.CONFIRMATION).outcome == ""

    m = written(t, dispute_type=dispute_type("婚姻关系"), title="婚姻纠纷")
    s.dispute_sign(dispute=m, acting_user=t.village_mediator, expected_version=m.version,
                   on=date(2025, 11, 21))  # fmt: skip
    assert not m.clocks.filter(kind=ClockKind.CONFIRMATION).exists()
    with pytest.raises(ApplicationError, match="依法不能申请司法确认"):
        s.confirmation_record(dispute=m, acting_user=t.village_mediator,
                              expected_version=m.version, result="confirmed",
                              applied_on=date(2025, 11, 25), court="清河县人民法院")  # fmt: skip


@time_machine.travel(TODAY)
def test_return_visit_before_agreement_refused_then_archive() -> None:
    t = make_town()
    d = written(t)
    s.dispute_sign(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                   on=date(2025, 11, 21))  # fmt: skip
    s.dispute_perform(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                      on=date(2025, 11, 30))  # fmt: skip
    with pytest.raises(ApplicationError, match="尚未回访"):
        s.dispute_archive(dispute=d, acting_user=t.village_mediator, expected_version=d.version)
    with pytest.raises(ApplicationError) as err:
        s.visit_record(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                       visited_on=date(2025, 11, 20), method="home", performance="performed",
                       satisfaction="satisfied")  # fmt: skip
    assert err.value.code == "visit_before_agreement"
    s.visit_record(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                   visited_on=date(2025, 12, 10), method="home", performance="performed",
                   satisfaction="satisfied")  # fmt: skip
    assert clock(d, ClockKind.VISIT_3).outcome == "on_time" and d.next_due is None
    s.dispute_archive(dispute=d, acting_user=t.village_mediator, expected_version=d.version)
    assert d.status == Status.ARCHIVED


@time_machine.travel(TODAY)
def test_failure_with_several_reasons_tells_the_route() -> None:
    t = make_town()
    d = accepted(t)
    s.dispute_fail(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                   reasons=["withdrew", "no_agreement"], route="court")  # fmt: skip
    assert d.status == Status.FAILED and d.failure_reasons == ["withdrew", "no_agreement"]
    assert "向人民法院起诉" in d.events.filter(kind="transition").last().text


@time_machine.travel(TODAY)
def test_escalation_moves_up_the_ladder_and_village_still_sees_it() -> None:
    from huajie.mediation.selectors import dispute_get_for_user

    t = make_town()
    d = accepted(t)
    with pytest.raises(ApplicationError, match="只能向上"):
        s.dispute_escalate(dispute=d, acting_user=t.village_mediator,
                           expected_version=d.version, level="village", reason="x")  # fmt: skip
    with pytest.raises(ApplicationError, match="不能移交给"):
        s.dispute_escalate(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                           level="town", reason="复杂", to_unit=t.other_village)  # fmt: skip
    s.dispute_escalate(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                       level="town", reason="涉及多户",
                       to_unit=t.committee)  # fmt: skip
    assert d.unit == t.committee
    assert d.mediator is None  # the town's committee names its own mediator, and is told
    from huajie.notices.models import Notice

    assert Notice.objects.filter(recipient=t.town_mediator, message__contains=d.reg_no).exists()
    assert dispute_get_for_user(user=t.town_mediator, pk=d.pk)
    assert dispute_get_for_user(user=t.village_mediator, pk=d.pk)  # registering unit reads
    s.session_record(dispute=d, acting_user=t.town_mediator, expected_version=d.version,
                     held_on=TODAY, place="镇调解室", attendees="双方", statements="各自陈述",
                     outcome="约定再调")  # fmt: skip
    assert d.mediator == t.town_mediator and d.status == Status.MEDIATING


@time_machine.travel(TODAY)
def test_refer_and_take_back_opens_a_new_round() -> None:
    t = make_town()
    d = accepted(t)
    s.dispute_refer(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                    to="police", reason="涉嫌故意伤害")  # fmt: skip
    assert d.status == Status.REFERRED and d.next_due is None
    s.dispute_take_back(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                        reason="派出所转回调解")  # fmt: skip
    assert d.clocks.filter(kind=ClockKind.SETTLE).count() == 2 and d.next_due is not None


@time_machine.travel(TODAY)
def test_another_village_may_not_act() -> None:
    t = make_town()
    d = accepted(t)
    with pytest.raises(PermissionDenied):
        s.session_record(dispute=d, acting_user=t.other_mediator, expected_version=d.version,
                         held_on=TODAY, place="x", attendees="x", statements="x",
                         outcome="x")  # fmt: skip


@time_machine.travel(TODAY)
def test_organisation_party_keeps_its_code() -> None:
    t = make_town()
    d = register(t, parties=[PartyInput(Side.APPLICANT, "业主王某"), organisation()])
    org = d.parties.get(kind=PartyKind.ORGANISATION)
    assert org.org_code == "91430000MA4L000000" and not org.id_number


@time_machine.travel(date(2025, 11, 28))
def test_daily_sweep_sends_one_digest_and_tells_a_missed_round() -> None:
    from huajie.mediation.models import ScreeningSchedule
    from huajie.mediation.services.reminders import mediation_sweep
    from huajie.notices.models import Notice

    t = make_town()
    accepted(t, on=date(2025, 11, 1))  # settle due 12-01: within three days
    d = written(t, on=date(2025, 11, 20))
    s.dispute_sign(
        dispute=d, acting_user=t.village_mediator, expected_version=d.version, on=date(2025, 11, 21)
    )  # fmt: skip — its term is due 11-30
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=date(2025, 11, 3))
    assert mediation_sweep() == 2
    digest = Notice.objects.get(
        recipient=t.village_mediator, dedupe_key__startswith="mediation.sweep"
    )
    assert "2 项" in digest.message or "3 项" in digest.message
    assert Notice.objects.filter(dedupe_key__startswith="mediation.missed").count() == 1
    assert mediation_sweep() == 0  # once a day, once a round


@time_machine.travel(TODAY)
def test_party_details_from_the_id_number_and_completed_later_named_not_valued() -> None:
    t = make_town()
    d = register(t)
    zhang, li = list(d.parties.all())
    assert (zhang.gender, zhang.birth_date) == ("male", date(1990, 3, 7))
    assert (li.gender, li.birth_date) == ("", None)  # no ID number: nothing guessed
    s.party_complete(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                     party=2, gender="female", ethnicity="土家族", occupation="个体户")  # fmt: skip
    li.refresh_from_db()
    assert (li.gender, li.ethnicity, li.occupation) == ("female", "土家族", "个体户")
    event = d.events.get(action="party_complete")
    assert "性别、民族、职业或工作单位" in event.text and "土家族" not in event.text
    with pytest.raises(ApplicationError, match="请填写当事人序号（1至2）"):
        s.party_complete(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                         party=3, ethnicity="汉族")  # fmt: skip
    with pytest.raises(ApplicationError, match="没有要补充的内容"):
        s.party_complete(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                         party=2)  # fmt: skip
    with pytest.raises(PermissionDenied):
        s.party_complete(dispute=d, acting_user=t.other_mediator, expected_version=d.version,
                         party=2, ethnicity="汉族")  # fmt: skip
