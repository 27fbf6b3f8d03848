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


# -- issue 10, item 3: search finds what a clerk types --------------------------------------


@pytest.fixture
def people(c):
    from huajie.orgs.tests.factories import VALID_IDS
    from huajie.petitions.services import PetitionerInput

    with time_machine.travel(date(2025, 10, 20)):
        p = register(
            c,
            title="石门矿业有限公司拖欠32名工人工资",
            content="石门矿业有限公司拖欠32名工人工资，请求帮助追讨。",
            petitioners=[
                PetitionerInput(name="周福生", id_number=VALID_IDS[1], phone="13900001111")
            ],
        )
    return p


def test_a_phrase_is_searched_by_its_words_not_as_one_run(c, people):
    assert titles(c.clerk, "拖欠工资") == {"拖欠工资", "石门矿业有限公司拖欠32名工人工资"}
    assert titles(c.clerk, "矿业 工资") == {"石门矿业有限公司拖欠32名工人工资"}


def test_a_one_character_query_finds_nothing_and_says_why(c, client):
    from huajie.petitions.search import hint

    assert titles(c.clerk, "水") == set()
    assert "只有一个字" in hint("水")
    client.force_login(c.clerk)
    page = client.get("/petitions/", {"q": "水"}).content.decode()
    assert "只有一个字" in page


def test_a_returning_petitioner_is_found_by_name_phone_and_id_number(c, people):
    from huajie.orgs.tests.factories import VALID_IDS

    mine = {"石门矿业有限公司拖欠32名工人工资"}
    assert titles(c.clerk, "周福生") == mine
    assert titles(c.clerk, "139 0000 1111") == mine
    assert titles(c.clerk, VALID_IDS[1]) == mine
    assert titles(c.clerk, VALID_IDS[1].lower()) == mine
    assert len(titles(c.clerk, "13812345678")) == 3  # 刘桂兰's phone, on the fixture's cases


def test_people_are_found_through_the_blind_index_never_by_decrypting(c, people, monkeypatch):
    from huajie.common import crypto

    def refuse(token):
        raise AssertionError("a search decrypted a stored number")

    monkeypatch.setattr(crypto, "decrypt", refuse)
    monkeypatch.setattr(crypto, "_multi_fernet", refuse)
    assert titles(c.clerk, "13900001111") == {"石门矿业有限公司拖欠32名工人工资"}


def test_a_case_is_found_by_the_last_digits_of_its_number_and_by_its_query_code(c, people):
    assert titles(c.clerk, "4") == {"石门矿业有限公司拖欠32名工人工资"}
    assert titles(c.clerk, "00004") == {"石门矿业有限公司拖欠32名工人工资"}
    assert titles(c.clerk, people.query_code.lower()) == {"石门矿业有限公司拖欠32名工人工资"}
    assert titles(c.outsider, people.query_code) == set()
