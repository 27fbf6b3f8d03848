"""Submitting, looking up, rating and asking for review through the portal's services, against
petitions' real services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huajie.common.errors import ApplicationError
from huajie.notices.models import Notice
from huajie.orgs.tests.factories import make_county
from huajie.petitions.models import EventKind, Petition, PetitionEvent
from huajie.portal.models import Attempt, Submission
from huajie.portal.selectors import public_case
from huajie.portal.services.feedback import portal_rate, portal_request_review
from huajie.portal.services.lookup import portal_lookup
from huajie.portal.services.throttle import RateLimited

from .factories import PHONE, REPLIED_ON, SUBMITTED_AT, at, handle_and_reply, submit

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def c():
    return make_county()


def test_a_submission_enters_the_units_intake_as_an_online_petition(
    c, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = submit(c, files=[SimpleUploadedFile("照片.png", PNG, "image/png")])
    p = Petition.objects.get(pk=receipt.petition_id)
    assert (p.unit, p.channel, p.status) == (c.office, "online", "registered")
    assert p.received_on == date(2025, 10, 9)
    assert len(receipt.query_code) == 8 and receipt.query_code == p.query_code
    assert p.attachments.count() == 1
    registered = p.events.get(kind=EventKind.REGISTERED)
    assert registered.source == "portal"
    assert registered.at == SUBMITTED_AT
    assert set(p.events.values_list("source", flat=True)) == {"portal"}
    assert Submission.objects.get(petition=p).received_at == SUBMITTED_AT
    (sms,) = outbox.texts(PHONE)
    assert receipt.reg_no in sms and receipt.query_code in sms
    assert Notice.objects.filter(recipient=c.clerk, message__contains=receipt.reg_no).exists()
    assert p.clocks.get(kind="acceptance_notice").due == date(2025, 10, 24)


def test_refusals_save_nothing(c):
    cases: list[tuple[dict[str, Any], str | None]] = [
        ({"consent": False}, "consent_required"),
        ({"title": ""}, "title_required"),
        ({"content": "太短"}, "content_required"),
        ({"petition_class": ""}, "class_required"),
        ({"unit": c.dept}, "unit_required"),
        ({"name": ""}, "name_required"),
        ({"id_number": "110101199003070135"}, None),
        ({"files": [SimpleUploadedFile("a.exe", b"MZ" + b"\x00" * 100)]}, "upload_type"),
    ]
    for overrides, code in cases:
        with pytest.raises(ApplicationError) as refused:
            submit(c, **overrides)
        if code:
            assert refused.value.code.startswith(code.split("_")[0]), (
                overrides,
                refused.value.code,
            )
        assert refused.value.message.endswith("。"), refused.value.message
    assert not Petition.objects.exists() and not Submission.objects.exists()
    assert not Attempt.objects.exists()


def test_a_25_mb_attachment_is_refused(c, settings):
    big = SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024), "application/pdf"
    )
    with pytest.raises(ApplicationError, match="超过 20 MB"):
        submit(c, files=[big])
    assert not Petition.objects.exists()


def test_name_and_id_may_be_optional_by_deployment(c, settings):
    settings.PORTAL_IDENTITY_REQUIRED = False
    receipt = submit(c, name="", id_number="")
    party = Petition.objects.get(pk=receipt.petition_id).parties.get()
    assert party.petitioner.name == "未留姓名" and party.petitioner.id_number == ""


def test_submissions_are_limited_per_phone_and_per_client(c, settings):
    from huajie.portal.conf import Limit

    settings.PORTAL_SUBMIT_LIMITS = {
        "client": Limit(2, timedelta(hours=1)),
        "phone": Limit(5, timedelta(days=1)),
    }
    submit(c)
    submit(c)
    with pytest.raises(RateLimited, match="提交过于频繁"):
        submit(c)
    assert Petition.objects.count() == 2


def test_lookup_needs_the_code_and_the_phones_last_four_digits(c):
    receipt = submit(c)
    assert portal_lookup(query_code=receipt.query_code.lower(), phone_last4="1234", client="a") == (
        receipt.petition_id
    )
    with pytest.raises(ApplicationError) as wrong_digits:
        portal_lookup(query_code=receipt.query_code, phone_last4="9999", client="a")
    with pytest.raises(ApplicationError) as wrong_code:
        portal_lookup(query_code="ZZZZZZZZ", phone_last4="1234", client="a")
    assert wrong_digits.value.message == wrong_code.value.message  # never says which was wrong


def test_a_code_is_locked_after_five_wrong_tries_even_with_the_right_digits(c):
    receipt = submit(c)
    for n in range(5):
        with pytest.raises(ApplicationError, match="不正确"):
            portal_lookup(
                query_code=receipt.query_code, phone_last4="000" + str(n), client=f"10.0.0.{n}"
            )
    with pytest.raises(RateLimited, match="已暂时锁定"):
        portal_lookup(query_code=receipt.query_code, phone_last4="1234", client="10.0.1.1")


def test_a_client_is_locked_after_twenty_wrong_tries_across_codes(c):
    receipt = submit(c)
    for n in range(20):
        with pytest.raises(ApplicationError, match="不正确"):
            portal_lookup(query_code=f"WRONG{n:03d}", phone_last4="1234", client="198.51.100.9")
    with pytest.raises(RateLimited, match="失败次数过多"):
        portal_lookup(query_code=receipt.query_code, phone_last4="1234", client="198.51.100.9")
    assert portal_lookup(query_code=receipt.query_code, phone_last4="1234", client="198.51.100.10")


def test_the_public_view_shows_stages_limits_and_never_internal_text(c):
    receipt = submit(c)
    p = handle_and_reply(c, Petition.objects.get(pk=receipt.petition_id))
    with at(REPLIED_ON + timedelta(days=1)):
        case = public_case(petition_id=p.pk)
    assert case.stage == "已答复"
    texts = [s.text for s in case.steps]
    assert texts[0].startswith("清河县信访局收到您网上提交的信访事项")
    assert any("交由清河县住建局办理" == t for t in texts)
    assert "作出书面答复（信访处理意见书）" in texts
    limits = [limit.text for limit in case.limits]
    assert "依法应于2025年12月9日前办结" in limits
    assert "您如不服答复，可于2025年12月15日前申请复查" in limits  # 14th: a Sunday
    shown = repr(case)
    for secret in (
        "内部调查记录",
        "领导批示",
        "请承办单位核实后答复",
        c.handler.full_name,
        "包案领导",
        "测试用户",
    ):
        assert secret not in shown, secret
    assert case.handler_name == ""


def test_rating_goes_through_petitions_as_the_petitioners_own_step(c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=3)):
        portal_rate(petition_id=p.pk, satisfaction="unsatisfied", comment="维修只做了一半")
    p.refresh_from_db()
    assert (p.status, p.satisfaction) == ("evaluated", "unsatisfied")
    event = p.events.filter(action="evaluate").get()
    assert event.source == "portal" and "维修只做了一半" in event.text
    with pytest.raises(ApplicationError, match="已经评价过"):
        portal_rate(petition_id=p.pk, satisfaction="satisfied")


def test_no_rating_after_the_window(c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=32)), pytest.raises(ApplicationError, match="评价期限已过"):
        portal_rate(petition_id=p.pk, satisfaction="satisfied")


def test_a_review_request_goes_to_the_organ_one_level_up(c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=3)):
        portal_rate(petition_id=p.pk, satisfaction="unsatisfied")
        with pytest.raises(ApplicationError, match="理由"):
            portal_request_review(petition_id=p.pk, reason=" ")
        portal_request_review(petition_id=p.pk, reason="物业仍未维修，答复未落实。")
    p.refresh_from_db()
    assert p.status == "under_review"
    review = p.reviews.get()
    assert review.reviewing_unit == c.county
    assert p.events.get(action="request_review").source == "portal"
    assert Notice.objects.filter(recipient=c.county_leader, message__contains="申请复查").exists()
    with at(REPLIED_ON + timedelta(days=4)):
        case = public_case(petition_id=p.pk)
    assert case.stage == "复查中"
    assert any(t.text == f"您申请复查，复查机关：{c.county.name}" for t in case.steps)


def test_no_review_request_after_30_days(c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=32)), pytest.raises(ApplicationError, match="期限已过"):
        portal_request_review(petition_id=p.pk, reason="不服")
    p.refresh_from_db()
    assert p.status == "replied" and not p.reviews.exists()


def test_the_public_view_of_a_case_registered_at_the_desk(c):
    """Every case's query code works, not only online ones: a visit registered by the clerk."""
    from huajie.petitions.tests.factories import register

    with at(date(2025, 10, 1)):
        p = register(c)
        assert portal_lookup(query_code=p.query_code, phone_last4="5678", client="x") == p.pk
        case = public_case(petition_id=p.pk)
    assert case.steps[0].text.startswith("清河县信访局收到您以来访形式提出的信访事项")
    assert PetitionEvent.objects.filter(petition=p).count() == 1


def test_lookup_by_an_sms_code_sent_to_the_phone_on_the_case(
    c, outbox, django_capture_on_commit_callbacks
):
    from huajie.portal.services.lookup import portal_lookup_by_sms, portal_lookup_send_code

    receipt = submit(c)
    with at(SUBMITTED_AT):
        with django_capture_on_commit_callbacks(execute=True):
            told = portal_lookup_send_code(query_code=receipt.query_code, client="a")
        with django_capture_on_commit_callbacks(execute=True):
            assert portal_lookup_send_code(query_code="ZZZZZZZZ", client="a") == told  # same words
        code = outbox.last_code(PHONE)
        with pytest.raises(ApplicationError, match="不正确"):
            portal_lookup_by_sms(
                query_code=receipt.query_code,
                sms_code="000000" if code != "000000" else "111111",
                client="a",
            )
        assert portal_lookup_by_sms(query_code=receipt.query_code, sms_code=code, client="a") == (
            receipt.petition_id
        )
        with pytest.raises(ApplicationError, match="已使用过"):
            portal_lookup_by_sms(query_code=receipt.query_code, sms_code=code, client="a")
    assert len([t for t in outbox.texts() if "查询办理进展验证码" in t]) == 1


def test_query_codes_carry_at_least_40_bits_and_do_not_repeat(c):
    import math

    from huajie.petitions.services.intake import QUERY_CODE_ALPHABET

    codes = {submit(c, title=f"第{n}件").query_code for n in range(5)}
    assert len(codes) == 5
    alphabet = set(QUERY_CODE_ALPHABET)
    assert all(len(code) == 8 and set(code) <= alphabet for code in codes)
    assert not alphabet & set("0O1I")  # nothing to misread on paper
    assert 8 * math.log2(len(alphabet)) >= 40


def test_after_the_review_opinion_the_petitioner_may_ask_for_re_review_one_level_up(c):
    from huajie.orgs.services import unit_create, unit_save
    from huajie.petitions import services as s

    city = unit_create(
        name="云州市人民政府", code="YZS", kind="government", parent=None, acting_user=None
    )
    c.county.parent = city
    unit_save(unit=c.county, acting_user=None)
    for unit in (
        c.office,
        c.dept,
        *(u.unit for u in (c.clerk, c.handler, c.dept_leader, c.county_leader)),
    ):
        unit.refresh_from_db()
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=3)):
        portal_request_review(petition_id=p.pk, reason="答复未落实。")
    with at(REPLIED_ON + timedelta(days=20)):
        p.refresh_from_db()
        s.petition_answer_review(
            petition=p, acting_user=c.county_leader, expected_version=None,
            decision="not_support", opinion="维持原答复意见。",
        )  # fmt: skip
        case = public_case(petition_id=p.pk)
        assert case.review_answered and case.rereview_window_due
        portal_request_review(petition_id=p.pk, reason="复查意见仍未解决问题。")
        p.refresh_from_db()
        assert p.status == "under_rereview"
        assert p.reviews.get(level="rereview").reviewing_unit == city
        with pytest.raises(ApplicationError, match="终结意见"):
            portal_request_review(petition_id=p.pk, reason="再次申请")


def test_no_higher_organ_is_refused_with_a_sentence(c):
    from huajie.petitions import services as s

    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=3)):
        portal_request_review(petition_id=p.pk, reason="答复未落实。")
        p.refresh_from_db()
        s.petition_answer_review(
            petition=p, acting_user=c.county_leader, expected_version=None,
            decision="explain", opinion="维持。",
        )  # fmt: skip
        with pytest.raises(ApplicationError, match="上一级机关书面提出"):
            portal_request_review(petition_id=p.pk, reason="不服复查意见。")
