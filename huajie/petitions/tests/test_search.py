"""Keyword search finds two-character Chinese words through the word index, on both databases."""

from datetime import date

import pytest
import time_machine

from huajie.petitions.selectors import LedgerFilters, petition_list_for_user
from huajie.petitions.tests.factories import make_county, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(date(2025, 10, 20)):
        county = make_county()
        register(county, title="小区外墙瓷砖脱落", content="外墙瓷砖脱落砸坏电动车，请求维修。")
        register(county, title="自来水水压不足", content="高处住户白天没有水压，老人做饭困难。")
        register(county, title="拖欠工资", content="公司拖欠工人工资三个月，请求帮助追讨。")
        yield county


def titles(user, q):
    return {p.title for p in petition_list_for_user(user=user, filters=LedgerFilters(q=q))}


def test_two_character_words_are_found(c):
    assert titles(c.clerk, "水压") == {"自来水水压不足"}
    assert titles(c.clerk, "工资") == {"拖欠工资"}


def test_all_words_must_match(c):
    assert titles(c.clerk, "外墙 维修") == {"小区外墙瓷砖脱落"}
    assert titles(c.clerk, "外墙 工资") == set()


def test_registration_number_search(c):
    assert len(titles(c.clerk, f"{c.office.code.upper()}-2025-00002")) == 1


def test_search_respects_scoping(c):
    assert titles(c.outsider, "水压") == set()


def test_a_word_the_segmenter_would_split_is_still_found(c):
    with time_machine.travel(date(2025, 10, 20)):
        register(c, title="小区路灯不亮", content="晚上小区路灯不亮，居民出行不便。")
    assert titles(c.clerk, "路灯") == {"小区路灯不亮"}
    assert titles(c.clerk, "路灯不亮") == {"小区路灯不亮"}
