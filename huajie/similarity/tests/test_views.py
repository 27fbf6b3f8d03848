"""The screens: candidates while registering, links on the case page, hot issues for leaders."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from huajie.orgs.models import Region, RegionLevel
from huajie.petitions.models import Petition, PetitionEvent
from huajie.petitions.tests.factories import VALID_IDS, County, make_county
from huajie.similarity.models import PetitionLink

from .factories import OIL_SMOKE, OIL_SMOKE_AGAIN, WAGES, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def c() -> County:
    return make_county()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_registration_form_gets_the_candidates_fragment_by_post(c):
    first = signed(c, *OIL_SMOKE)
    response = _client(c.clerk).post(
        reverse("similarity:candidates"),
        {
            "title": OIL_SMOKE_AGAIN[0],
            "content": OIL_SMOKE_AGAIN[1],
            "p-0-id_number": VALID_IDS[0],
            "p-1-id_number": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-candidate="{first.reg_no}"' in html and "可能是同一事项（1 件）" in html
    assert 'data-reason="same_petitioner"' in html


@pytest.mark.parametrize("exclude", ["99999999999999999999999", "²", "-1", "abc"])
def test_an_exclude_key_no_case_can_have_is_ignored_not_a_500(c, exclude):
    first = signed(c, *OIL_SMOKE)
    response = _client(c.clerk).post(
        reverse("similarity:candidates"),
        {"title": OIL_SMOKE_AGAIN[0], "content": OIL_SMOKE_AGAIN[1], "exclude": exclude},
    )
    assert response.status_code == 200
    assert f'data-candidate="{first.reg_no}"' in response.content.decode()


def test_a_get_finds_similar_content_but_never_reads_an_id_number_from_the_url(c):
    signed(c, *WAGES)
    response = _client(c.clerk).get(
        reverse("similarity:candidates"),
        {"title": WAGES[0], "content": WAGES[1], "id": VALID_IDS[0]},
    )
    html = response.content.decode()
    assert 'data-reason="near_duplicate"' in html and "same_petitioner" not in html
    empty = _client(c.clerk).get(reverse("similarity:candidates"), {"title": "路灯不亮"})
    assert "未发现内容相似" in empty.content.decode()
    blank = _client(c.clerk).post(reverse("similarity:candidates"), {"title": " "}).content
    assert "未发现" not in blank.decode()  # a blank form is not told "nothing similar"


def test_one_click_marks_a_duplicate_from_the_case_page(c):
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *OIL_SMOKE_AGAIN)
    client = _client(c.clerk)
    fragment = client.get(reverse("similarity:links", args=[second.pk])).content.decode()
    assert f'data-candidate="{first.reg_no}"' in fragment and "标为重复件" in fragment
    response = client.post(
        reverse("similarity:link", args=[second.pk]),
        {"reg_no": first.reg_no.lower(), "kind": "duplicate"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f'data-link="{first.reg_no}"' in html and "本件是其重复件" in html
    assert PetitionLink.objects.filter(from_petition=second, to_petition=first).exists()
    assert PetitionEvent.objects.filter(action="link").count() == 2


def test_a_refused_link_is_explained_in_chinese_in_the_form(c):
    first = signed(c, *OIL_SMOKE)
    client = _client(c.clerk)
    response = client.post(
        reverse("similarity:link", args=[first.pk]),
        {"reg_no": first.reg_no, "kind": "duplicate"},
        HTTP_HX_REQUEST="true",
    )
    assert "不能把事项标记为自身的重复件或关联件" in response.content.decode()
    missing = client.post(
        reverse("similarity:link", args=[first.pk]),
        {"reg_no": "NO-SUCH-2026-00001", "kind": "related"},
        HTTP_HX_REQUEST="true",
    )
    assert "未找到该记录，或您无权查看" in missing.content.decode()
    assert not PetitionLink.objects.exists()


def test_without_javascript_the_form_posts_and_returns_to_the_case_with_a_message(c):
    first = signed(c, *OIL_SMOKE)
    client = _client(c.clerk)
    response = client.post(
        reverse("similarity:link", args=[first.pk]), {"reg_no": first.reg_no, "kind": "related"}
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("不能把事项标记为自身" in m for m in shown)


def test_unlink_from_the_case_page(c):
    first = signed(c, *OIL_SMOKE)
    second = signed(c, *WAGES)
    client = _client(c.clerk)
    client.post(
        reverse("similarity:link", args=[first.pk]), {"reg_no": second.reg_no, "kind": "related"}
    )
    response = client.post(
        reverse("similarity:unlink", args=[first.pk, second.pk]), HTTP_HX_REQUEST="true"
    )
    assert "本件尚未标记重复件或关联件" in response.content.decode()
    assert PetitionEvent.objects.filter(action="unlink").count() == 2
    again = client.post(
        reverse("similarity:unlink", args=[first.pk, second.pk]), HTTP_HX_REQUEST="true"
    )
    assert "没有重复件或关联件标记，无需取消" in again.content.decode()


def test_the_links_fragment_of_a_case_the_user_cannot_see_is_not_found(c):
    first = signed(c, *OIL_SMOKE)
    assert _client(c.outsider).get(reverse("similarity:links", args=[first.pk])).status_code == 404


def test_leaders_see_hot_issues_for_a_window_and_a_region(c):
    county = Region.objects.create(code="439901000000", name="清河县", level=RegionLevel.COUNTY)
    town = Region.objects.create(
        code="439901001000", name="城关镇", level=RegionLevel.TOWN, parent=county
    )
    for received in (date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 20)):
        signed(c, *OIL_SMOKE, received_on=received, region=town)
    signed(c, *WAGES, received_on=date(2026, 3, 21))
    with time_machine.travel("2026-03-31 10:00 +0800", tick=False):
        client = _client(c.county_leader)
        html = client.get(reverse("similarity:hot"), {"days": 30}).content.decode()
        assert 'data-testid="hot-issues"' in html and "魅力之城" in html
        assert "城关镇 3 件" in html and "新出现" in html
        other = client.get(reverse("similarity:hot"), {"days": 7}).content.decode()
        assert 'data-testid="no-hot-issues"' in other
        custom = client.get(
            reverse("similarity:hot"),
            {"start": "2026-03-01", "end": "2026-03-31", "region": "439901001000"},
        ).content.decode()
        assert "2026-03-01 至 2026-03-31" in custom and "魅力之城" in custom
        refused = client.get(
            reverse("similarity:hot"), {"start": "2026-03-31", "end": "2026-03-01"}
        ).content.decode()
        assert "开始日期不能晚于结束日期" in refused
    assert Petition.objects.count() == 4


def test_hot_issues_are_scoped_to_the_user(c):
    for _ in range(3):
        signed(c, *OIL_SMOKE)
    with time_machine.travel("2025-10-10 10:00 +0800", tick=False):
        html = _client(c.outsider).get(reverse("similarity:hot"), {"days": 30}).content.decode()
    assert "魅力之城" not in html and 'data-testid="no-hot-issues"' in html
