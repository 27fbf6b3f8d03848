"""Signatures are kept in step with a case; links are written on both timelines."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.orgs.tests.factories import make_user
from huajie.petitions.models import PetitionEvent
from huajie.petitions.tests.factories import make_county, register
from huajie.similarity import minhash
from huajie.similarity.models import LshBucket, PetitionLink, PetitionSignature
from huajie.similarity.services import petition_link, petition_unlink, signature_update

from .factories import OIL_SMOKE, OIL_SMOKE_AGAIN, WAGES, signed

pytestmark = pytest.mark.django_db


def _link_events(petition):
    return list(
        PetitionEvent.objects.filter(petition=petition, action__in=["link", "unlink"])
        .order_by("id")
        .values_list("text", flat=True)
    )


def test_signature_update_stores_signature_keywords_and_one_bucket_per_band():
    c = make_county()
    petition = signed(c, *OIL_SMOKE)
    row = PetitionSignature.objects.get(pk=petition.pk)
    assert row.version == minhash.SIGNATURE_VERSION
    assert len(bytes(row.minhash)) == 4 * minhash.NUM_PERM
    assert "魅力之城" in [word for word, _ in row.keywords]
    assert LshBucket.objects.filter(petition=petition).count() == minhash.BANDS


def test_registration_stores_the_signature_a_recomputation_gives():
    c = make_county()
    petition = register(c, title=OIL_SMOKE[0], content=OIL_SMOKE[1])
    stored = PetitionSignature.objects.get(pk=petition.pk)
    buckets = set(LshBucket.objects.filter(petition=petition).values_list("bucket", flat=True))
    signature_update(petition=petition)
    again = PetitionSignature.objects.get(pk=petition.pk)
    assert bytes(again.minhash) == bytes(stored.minhash) and again.keywords == stored.keywords
    assert set(LshBucket.objects.filter(petition=petition).values_list("bucket", flat=True)) == (
        buckets
    )
    assert len(buckets) == minhash.BANDS


def test_signature_update_replaces_the_old_buckets():
    c = make_county()
    petition = signed(c, *OIL_SMOKE)
    before = set(LshBucket.objects.filter(petition=petition).values_list("bucket", flat=True))
    petition.title, petition.content = WAGES
    signature_update(petition=petition)
    after = set(LshBucket.objects.filter(petition=petition).values_list("bucket", flat=True))
    assert len(after) == minhash.BANDS and not before & after
    assert PetitionSignature.objects.filter(pk=petition.pk).count() == 1


def test_marking_a_duplicate_writes_an_event_on_both_timelines():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *OIL_SMOKE_AGAIN)
    link = petition_link(
        petition=second, other=first, kind="duplicate", acting_user=c.clerk, note="同一人再次来信"
    )
    assert (link.from_petition, link.to_petition, link.created_by) == (second, first, c.clerk)
    assert _link_events(second) == [
        f"标记为重复件：本件与 {first.reg_no} 为同一事项（说明：同一人再次来信）"
    ]
    assert _link_events(first) == [
        f"标记为重复件：{second.reg_no} 与本件为同一事项（说明：同一人再次来信）"
    ]
    event = PetitionEvent.objects.get(petition=first, action="link")
    assert event.kind == "link" and event.actor == c.clerk
    assert event.changes == {"link": "duplicate", "other": second.reg_no}


def test_unlinking_keeps_the_history_on_both_timelines():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *WAGES)
    petition_link(petition=first, other=second, kind="related", acting_user=c.clerk)
    petition_unlink(petition=second, other=first, acting_user=c.office_leader)
    assert not PetitionLink.objects.exists()
    assert _link_events(first) == [
        f"标记为关联件：{second.reg_no}",
        f"取消关联件标记：{second.reg_no}",
    ]
    assert _link_events(second) == [
        f"标记为关联件：{first.reg_no}",
        f"取消关联件标记：{first.reg_no}",
    ]


def test_a_case_cannot_be_linked_to_itself():
    c = make_county()
    petition = signed(c, *OIL_SMOKE)
    with pytest.raises(ApplicationError) as exc:
        petition_link(petition=petition, other=petition, kind="duplicate", acting_user=c.clerk)
    assert exc.value.code == "self_link"
    assert "不能把事项标记为自身" in exc.value.message
    assert not PetitionEvent.objects.filter(action="link").exists()


def test_a_pair_is_linked_once_whichever_way_round():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *OIL_SMOKE_AGAIN)
    petition_link(petition=second, other=first, kind="duplicate", acting_user=c.clerk)
    with pytest.raises(ApplicationError) as exc:
        petition_link(petition=first, other=second, kind="related", acting_user=c.clerk)
    assert exc.value.code == "link_exists"
    assert f"本件与 {second.reg_no} 已标记为重复件，无需重复标记" in exc.value.message
    assert PetitionLink.objects.count() == 1
    assert len(_link_events(first)) == 1


def test_the_database_refuses_a_reverse_duplicate_and_a_self_link():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *WAGES)
    PetitionLink.objects.create(
        from_petition=first, to_petition=second, kind="related", created_by=c.clerk
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PetitionLink.objects.create(
            from_petition=second, to_petition=first, kind="duplicate", created_by=c.clerk
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PetitionLink.objects.create(
            from_petition=first, to_petition=first, kind="duplicate", created_by=c.clerk
        )


def test_unlinking_a_pair_that_is_not_linked_says_so():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *WAGES)
    with pytest.raises(ApplicationError) as exc:
        petition_unlink(petition=first, other=second, acting_user=c.clerk)
    assert exc.value.code == "link_missing"
    assert "没有重复件或关联件标记" in exc.value.message


def test_linking_needs_a_petition_role_and_sight_of_both_cases():
    c = make_county()
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *WAGES)
    with pytest.raises(PermissionDenied):
        petition_link(petition=first, other=second, kind="related", acting_user=make_user(c.office))
    with pytest.raises(NotFound):
        petition_link(petition=first, other=second, kind="related", acting_user=c.outsider)
    assert not PetitionLink.objects.exists()
