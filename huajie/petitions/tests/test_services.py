"""The petition lifecycle through its services: each transition, each clock on real dates, and
every refusal — which must change nothing."""

from __future__ import annotations

import threading
from datetime import date
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError, connection, connections, transaction

from huajie.common.errors import ApplicationError, Conflict, PermissionDenied
from huajie.notices.outbox import deliveries_retry
from huajie.orgs.tests.factories import unscheduled_year
from huajie.petitions import services as s
from huajie.petitions.models import (
    AppendOnlyError,
    Petition,
    PetitionClock,
    Petitioner,
    PetitionEvent,
    PetitionParty,
)
from huajie.petitions.services import PetitionerInput, intake
from huajie.petitions.tests.factories import VALID_IDS, make_county, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with time_machine.travel(date(2025, 10, 20)):
        yield date(2025, 10, 20)


@pytest.fixture
def c(today):
    return make_county()


def clocks(p: Petition) -> dict[str, PetitionClock]:
    return {k.kind: k for k in p.clocks.order_by("round")}


def snapshot(p: Petition) -> tuple:
    p.refresh_from_db()
    return (p.status, p.version, p.events.count(), p.clocks.count())


def accept_and_assign(c, p, *, on=date(2025, 10, 9)):
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version, on=on)
    s.petition_assign(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
        on=on,
    )
    return p


def reply(c, p, on=None):
    s.petition_reply(
        petition=p,
        acting_user=c.handler,
        expected_version=p.version,
        request="维修外墙",
        facts="外墙确有脱落",
        reasons="属物业维修责任",
        decision="support",
        legal_basis="《物业管理条例》第五十五条",
        on=on,
    )


# --- registration -------------------------------------------------------------------------


def test_registration_numbers_per_unit_and_year_and_first_clocks(c):
    first, second = register(c), register(c)
    code = c.office.code.upper()
    assert first.reg_no == f"{code}-2025-00001" and second.reg_no == f"{code}-2025-00002"
    assert first.query_code != second.query_code and len(first.query_code) == 8
    k = clocks(first)
    # Received the day before National Day 2025: 15 calendar days end on 10-15 (a Wednesday).
    assert k["route"].due == date(2025, 10, 15)
    assert k["acceptance_notice"].due == date(2025, 10, 15)
    assert k["route"].rule_source == "《信访工作条例》第二十二条"
    assert k["route"].calendar_version.startswith("2025:")
    event = first.events.get()
    assert event.kind == "registered" and event.actor == c.clerk


def test_a_registration_that_fails_after_its_number_was_drawn_gives_the_number_back(c):
    register(c)
    with (
        mock.patch.object(intake, "event_add", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        register(c)
    assert Petition.objects.count() == 1
    assert register(c).reg_no.endswith("-2025-00002")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_unit_get_consecutive_numbers(c):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrent writers: PostgreSQL only")
    errors: list[BaseException] = []

    def clerk(i: int) -> None:
        try:
            for j in range(3):
                register(c, petitioners=[PetitionerInput(name=f"信访人{i}-{j}")])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Petition.objects.filter(unit=c.office).values_list("reg_seq", flat=True))
    assert seqs == list(range(1, 19))


def test_id_numbers_are_encrypted_at_rest_and_the_same_person_is_found_again(c):
    p = register(c)
    person = p.parties.get().petitioner
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM petitions_petitioner WHERE id = %s", [person.pk]
        )
        raw_id, raw_phone = cursor.fetchone()
    assert VALID_IDS[0] not in raw_id and "13812345678" not in raw_phone
    assert Petitioner.objects.get(pk=person.pk).id_number == VALID_IDS[0]
    again = register(c)
    assert again.parties.get().petitioner_id == person.pk


def test_group_visit_with_representatives(c):
    people = [
        PetitionerInput(name=f"代表{i}", id_number=VALID_IDS[i], is_representative=True)
        for i in range(5)
    ] + [PetitionerInput(name="群众甲")]
    p = register(c, is_group=True, headcount=30, petitioners=people)
    slots = sorted(
        PetitionParty.objects.filter(petition=p).values_list("representative_slot", flat=True),
        key=lambda v: v or 0,
    )
    assert slots == [None, 1, 2, 3, 4, 5]
    assert p.headcount == 30


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        (
            {"petitioners": [PetitionerInput(name="张三", id_number="110105194912310021")]},
            "invalid_id_number",
        ),
        ({"petitioners": [PetitionerInput(name="张三", phone="12345")]}, "invalid_phone"),
        (
            {
                "petitioners": [
                    PetitionerInput(name=f"代表{i}", is_representative=True) for i in range(6)
                ],
                "is_group": True,
                "headcount": 40,
            },
            "too_many_representatives",
        ),
        (
            {"petitioners": [PetitionerInput(name="甲")], "is_group": True, "headcount": 12},
            "representative_required",
        ),
        ({"channel": "higher"}, "higher_ref_required"),
        ({"received_on": date(2025, 10, 21)}, "received_in_future"),
        ({"title": "  "}, "title_required"),
        ({"petitioners": []}, "petitioner_required"),
    ],
)
def test_bad_registration_is_refused_and_leaves_no_record(c, overrides, code):
    with pytest.raises(ApplicationError) as err:
        register(c, **overrides)
    assert err.value.code == code
    assert err.value.message  # a Chinese sentence
    assert not Petition.objects.exists() and not Petitioner.objects.exists()


def test_the_database_itself_refuses_a_sixth_representative(c):
    p = register(
        c,
        is_group=True,
        headcount=10,
        petitioners=[PetitionerInput(name="代表", is_representative=True)],
    )
    other = Petitioner.objects.create(name="第六人")
    with pytest.raises(IntegrityError), transaction.atomic():
        PetitionParty.objects.create(petition=p, petitioner=other, representative_slot=6)


def test_only_the_units_clerks_may_register(c):
    with pytest.raises(ApplicationError):
        s.petition_register(
            unit=c.office, data=register.__globals__["registration"](), acting_user=c.handler
        )


# --- routing --------------------------------------------------------------------------------


def test_accept_stops_intake_clocks_on_time_and_starts_60_days(c):
    p = register(c)
    s.petition_accept(
        petition=p, acting_user=c.clerk, expected_version=p.version, on=date(2025, 10, 9)
    )
    k = clocks(p)
    assert (k["route"].outcome, k["acceptance_notice"].outcome) == ("on_time", "on_time")
    # 60 calendar days from 2025-10-09 is 2025-12-08 (a Monday).
    assert k["handling"].due == date(2025, 12, 8)
    assert k["handling"].rule_days == 60 and k["handling"].rule_kind == "calendar"
    assert p.status == "accepted" and p.accepted_on == date(2025, 10, 9)


def test_late_acceptance_is_frozen_as_late(c):
    p = register(c, received_on=date(2025, 9, 1))
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    assert clocks(p)["acceptance_notice"].outcome == "late"


def test_not_accept_names_the_proper_channel(c):
    p = register(c)
    s.petition_not_accept(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        reason="属劳动争议，应通过仲裁解决",
        proper_channel="labor_arbitration",
    )
    assert p.status == "not_accepted" and p.proper_channel == "labor_arbitration"
    with pytest.raises(ApplicationError) as err:
        s.petition_not_accept(
            petition=register(c),
            acting_user=c.clerk,
            expected_version=None,
            reason="x",
            proper_channel="",
        )
    assert err.value.code == "proper_channel_required"


def test_transfer_gives_the_receiver_five_working_days_to_object(c):
    p = register(c)
    s.petition_transfer(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        to_unit=c.dept,
        on=date(2025, 9, 30),
    )
    objection = clocks(p)["objection"]
    # 5 working days from 2025-09-30 skip the National Day holiday and count Saturday 10-11.
    assert objection.due == date(2025, 10, 14) and objection.rule_kind == "working"
    assert p.handling_unit == c.dept
    s.petition_return(
        petition=p,
        acting_user=c.dept_leader,
        expected_version=p.version,
        reason="不属于住建局职权",
        on=date(2025, 10, 14),
    )
    assert p.status == "registered" and p.handling_unit is None
    objection = p.clocks.get(kind="objection")  # a window: it ends, it is never "on time"
    assert objection.stopped_on == date(2025, 10, 14) and objection.outcome == ""
    assert p.clocks.filter(kind="route", stopped_on__isnull=True).exists()


def test_a_return_after_the_objection_window_is_refused(c):
    p = register(c)
    s.petition_transfer(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        to_unit=c.dept,
        on=date(2025, 9, 30),
    )
    before = snapshot(p)
    with pytest.raises(ApplicationError) as err:
        s.petition_return(
            petition=p,
            acting_user=c.dept_leader,
            expected_version=p.version,
            reason="不属于本单位",
            on=date(2025, 10, 15),
        )
    assert err.value.code == "objection_window_closed" and "2025年10月14日" in err.value.message
    assert snapshot(p) == before


def test_receiver_accepts_a_transferred_case(c):
    p = register(c)
    s.petition_transfer(petition=p, acting_user=c.clerk, expected_version=p.version, to_unit=c.dept)
    with pytest.raises(PermissionDenied):
        s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    s.petition_accept(petition=p, acting_user=c.dept_leader, expected_version=p.version)
    assert p.status == "accepted" and clocks(p)["objection"].stopped_on is not None
    assert clocks(p)["objection"].outcome == ""  # a window ends; it is never "on time" or late


# --- handling -------------------------------------------------------------------------------


def test_full_lifecycle_to_archive(c):
    p = accept_and_assign(c, register(c))
    s.petition_start_handling(petition=p, acting_user=c.handler, expected_version=p.version)
    s.petition_add_note(
        petition=p,
        acting_user=c.handler,
        expected_version=p.version,
        kind="note",
        text="现场查看，外墙确有脱落",
    )
    s.petition_add_note(
        petition=p,
        acting_user=c.dept_leader,
        expected_version=p.version,
        kind="instruction",
        text="请于本周内督促物业维修",
    )
    reply(c, p)
    s.petition_evaluate(
        petition=p, acting_user=c.clerk, expected_version=p.version, satisfaction="satisfied"
    )
    s.petition_close(petition=p, acting_user=c.clerk, expected_version=p.version)
    s.petition_return_visit(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        method="phone",
        note="已维修完毕",
        satisfaction="satisfied",
    )
    s.petition_archive(petition=p, acting_user=c.clerk, expected_version=p.version)
    p.refresh_from_db()
    assert p.status == "archived" and p.satisfaction == "satisfied"
    assert p.reply.decision == "support"
    assert clocks(p)["handling"].outcome == "on_time"
    actions = list(p.events.values_list("action", flat=True))
    assert actions == [
        "",
        "accept",
        "assign",
        "start_handling",
        "",
        "",
        "reply",
        "evaluate",
        "close",
        "",
        "archive",
    ]


def test_one_extension_of_at_most_30_days(c):
    p = accept_and_assign(c, register(c))
    with pytest.raises(ApplicationError) as err:
        s.petition_extend(
            petition=p,
            acting_user=c.dept_leader,
            expected_version=p.version,
            days=31,
            reason="情况复杂",
        )
    assert err.value.code == "extension_too_long"
    with pytest.raises(ApplicationError):
        s.petition_extend(
            petition=p,
            acting_user=c.handler,
            expected_version=p.version,
            days=10,
            reason="情况复杂",
        )
    clock = s.petition_extend(
        petition=p,
        acting_user=c.dept_leader,
        expected_version=p.version,
        days=30,
        reason="涉及多个部门，需联合调查",
    )
    assert clock.due == date(2026, 1, 7) and clock.extension_approver == c.dept_leader
    before = snapshot(p)
    with pytest.raises(ApplicationError) as err:
        s.petition_extend(
            petition=p, acting_user=c.dept_leader, expected_version=p.version, days=5, reason="再延"
        )
    assert err.value.code == "extension_already_used"
    assert snapshot(p) == before


def test_review_within_30_days_and_rereview_is_final(c):
    p = accept_and_assign(c, register(c))
    s.petition_start_handling(
        petition=p, acting_user=c.handler, expected_version=p.version, on=date(2025, 10, 10)
    )
    reply(c, p, on=date(2025, 10, 10))
    assert clocks(p)["review_request"].due == date(2025, 11, 10)  # 11-09 is a Sunday
    s.petition_request_review(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        reason="对答复不服",
        reviewing_unit=c.county,
    )
    assert p.status == "under_review" and clocks(p)["review_answer"].due == date(2025, 11, 19)
    with pytest.raises(PermissionDenied):  # only the reviewing organ answers
        s.petition_answer_review(
            petition=p,
            acting_user=c.dept_leader,
            expected_version=p.version,
            decision="support",
            opinion="维持",
        )
    s.petition_answer_review(
        petition=p,
        acting_user=c.county_leader,
        expected_version=p.version,
        decision="explain",
        opinion="维持原意见",
    )
    assert p.status == "closed"
    s.petition_request_rereview(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        reason="仍不服",
        reviewing_unit=c.county,
    )
    s.petition_answer_review(
        petition=p,
        acting_user=c.county_leader,
        expected_version=p.version,
        decision="not_support",
        opinion="终结",
    )
    with pytest.raises(ApplicationError) as err:
        s.petition_request_rereview(
            petition=p,
            acting_user=c.clerk,
            expected_version=p.version,
            reason="再次",
            reviewing_unit=c.county,
        )
    assert err.value.code == "rereview_already_requested"


def test_review_request_after_its_window_is_refused(c):
    p = accept_and_assign(c, register(c, received_on=date(2025, 8, 1)), on=date(2025, 8, 5))
    s.petition_start_handling(
        petition=p, acting_user=c.handler, expected_version=p.version, on=date(2025, 8, 5)
    )
    reply(c, p, on=date(2025, 9, 1))
    before = snapshot(p)
    with pytest.raises(ApplicationError) as err:
        s.petition_request_review(
            petition=p,
            acting_user=c.clerk,
            expected_version=p.version,
            reason="不服",
            reviewing_unit=c.county,
        )
    assert err.value.code == "review_request_window_closed"
    assert "2025年10月9日" in err.value.message  # 10-01 falls in the holiday: rolls to 10-09
    assert snapshot(p) == before


def test_a_transition_not_allowed_from_the_current_state(c):
    p = register(c)
    before = snapshot(p)
    with pytest.raises(ApplicationError) as err:
        reply(c, p)
    assert err.value.code in ("invalid_transition", "permission_denied")
    with pytest.raises(ApplicationError) as err:
        s.petition_close(petition=p, acting_user=c.clerk, expected_version=p.version)
    assert err.value.code == "invalid_transition" and "已登记" in err.value.message
    assert snapshot(p) == before


def test_two_clerks_on_one_case_the_second_is_told_to_reload(c):
    p = register(c)
    stale = Petition.objects.get(pk=p.pk)
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    with pytest.raises(Conflict) as err:
        s.petition_not_accept(
            petition=stale,
            acting_user=c.office_leader,
            expected_version=stale.version,
            reason="重复",
            proper_channel="na",
        )
    assert err.value.code == "stale_version" and "刷新" in err.value.message
    p.refresh_from_db()
    assert (
        p.status == "accepted"
        and not p.clocks.filter(kind="handling", stopped_on__isnull=False).exists()
    )


def test_a_year_without_a_schedule_is_refused_not_guessed(c):
    year = unscheduled_year()  # the 60-day handling clock from 20 November reaches it
    with time_machine.travel(date(year - 1, 11, 22)):
        p = register(c, received_on=date(year - 1, 11, 20))
        before = snapshot(p)
        with pytest.raises(ApplicationError) as err:
            s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    assert err.value.code == "calendar_year_missing" and str(year) in err.value.message
    assert snapshot(p) == before


# --- timeline and supervision ---------------------------------------------------------------


def test_events_cannot_be_edited_or_deleted(c):
    event = register(c).events.get()
    event.text = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - the database trigger
        PetitionEvent.objects.filter(pk=event.pk).update(text="篡改")
    assert PetitionEvent.objects.get(pk=event.pk).text != "篡改"


def test_supervision_notifies_after_commit_and_sweep_is_idempotent(
    c, mailoutbox, django_capture_on_commit_callbacks
):
    c.handler.email = "handler@example.org"
    c.handler.save()
    p = accept_and_assign(c, register(c))
    with django_capture_on_commit_callbacks(execute=True):
        s.petition_supervise(
            petition=p,
            acting_user=c.office_leader,
            kind="notice",
            note="请加快办理",
            respond_by=date(2025, 10, 25),
        )
    deliveries_retry()  # the outbox job sends the e-mail copy, never the request
    assert p.events.filter(kind="supervision").exists()
    assert c.handler.notices.filter(message__contains="督办").exists()
    assert any("督办" in m.subject for m in mailoutbox)
    with time_machine.travel(date(2025, 12, 9)):
        first = s.petitions_sweep()
        again = s.petitions_sweep()
    assert first >= 2 and again == 0
    assert c.handler.notices.filter(message__startswith="【期限提醒】").exists()


def test_review_buttons_follow_the_review_history(c):
    p = accept_and_assign(c, register(c))
    s.petition_start_handling(petition=p, acting_user=c.handler, expected_version=p.version)
    reply(c, p)
    s.petition_close(petition=p, acting_user=c.clerk, expected_version=p.version)

    def offered():
        fresh = Petition.objects.prefetch_related("reviews").get(pk=p.pk)
        return {t.action for t in s.actions_for(c.clerk, fresh)}

    assert "request_review" in offered() and "request_rereview" not in offered()
    s.petition_request_review(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        reason="不服",
        reviewing_unit=c.county,
    )
    s.petition_answer_review(
        petition=p,
        acting_user=c.county_leader,
        expected_version=p.version,
        decision="explain",
        opinion="维持",
    )
    assert "request_review" not in offered() and "request_rereview" in offered()


def test_an_attachment_is_stored_under_a_generated_name(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = register(c)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    a = s.petition_attach(
        petition=p, acting_user=c.clerk, upload=SimpleUploadedFile("../../身份证 照片.png", png)
    )
    assert a.original_name == "身份证 照片.png"
    name = str(a.file.name)
    assert "身份证" not in name and name.endswith(".png")


def test_the_registering_units_leader_may_extend_before_assignment(c):
    p = register(c)
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    clock = s.petition_extend(
        petition=p,
        acting_user=c.office_leader,
        expected_version=p.version,
        days=10,
        reason="需补充材料",
    )
    assert clock.extension_days == 10
