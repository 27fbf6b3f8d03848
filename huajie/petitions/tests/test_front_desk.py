"""Smaller things a clerk, handler and leader noticed (issue 10, items 7 and 11): the form starts
in its first field and names every missing field at once, 被反映单位 is asked for accusations only,
the assign panel offers only the chosen unit's people, the calendar is named in words, hot issues
take typed dates, and the demo county's cases sit where they say."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from huajie.orgs.models import Role, RoleCode
from huajie.petitions import services
from huajie.petitions.models import Petition

from .factories import County, make_county, register
from .test_views import registration_post

TODAY = date(2025, 10, 10)


@pytest.fixture
def frozen_today():
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        yield


@pytest.fixture
def c(db: None, frozen_today: None) -> County:
    return make_county()


def html(response) -> str:
    return response.content.decode()


def test_the_registration_form_starts_in_its_first_field(client, c):
    client.force_login(c.clerk)
    page = html(client.get(reverse("petitions:register")))
    first_input = page.index('name="received_on"')
    tag = page[page.rindex("<input", 0, first_input) : page.index(">", first_input)]
    assert "autofocus" in tag


def test_an_empty_form_names_every_missing_field_on_the_first_submit(client, c):
    client.force_login(c.clerk)
    empty = {
        "received_on": "2025-10-09",
        "channel": "visit",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "200",
    }
    page = html(client.post(reverse("petitions:register"), empty))
    summary = page[page.index('data-testid="form-errors"') :]
    summary = summary[: summary.index("</div>")]
    for label in ("信访类别", "第1人姓名", "事项摘要", "信访内容"):
        assert f">{label}</a>" in summary, label
    assert "还有 4 处需要修改" in summary


def test_the_accused_unit_is_asked_for_accusations_only(client, c):
    client.force_login(c.clerk)
    page = html(client.get(reverse("petitions:register")))
    block = page[page.index('id="accused-fields"') :][:200]
    assert 'data-hj-show-for="petition_class=accusation"' in block and " hidden" in block
    client.post(reverse("petitions:register"), registration_post(accused_unit=str(c.dept.pk)))
    assert Petition.objects.get().accused_unit is None  # a complaint names no accused unit
    refused = client.post(
        reverse("petitions:register"),
        registration_post(petition_class="accusation", title="", accused_unit=str(c.dept.pk)),
    )
    block = html(refused)[html(refused).index('id="accused-fields"') :][:200]
    assert " hidden" not in block  # shown again, with the chosen unit, for an accusation


def test_the_case_page_names_its_calendar_in_words_with_the_version_on_hover(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    page = html(client.get(reverse("petitions:detail", args=[petition.pk])))
    version = petition.clocks.get(kind="route").calendar_version
    assert "国务院办公厅2025年节假日安排" in page
    assert f'title="版本 {version}"' in page
    assert f"日历：{version}<" not in page


def test_the_assign_panel_offers_nobody_before_a_unit_and_only_its_people_after(client, c):
    petition = register(c)
    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    client.force_login(c.clerk)
    page = html(client.get(reverse("petitions:detail", args=[petition.pk])))
    panel = page[page.index('id="assign-people"') :]
    panel = panel[: panel.index("</select>", panel.index('name="assign-handler"'))]
    assert f'value="{c.handler.pk}"' not in panel and f'value="{c.dept_leader.pk}"' not in panel
    chosen = html(client.get(reverse("petitions:assignees"), {"assign-handling_unit": c.dept.pk}))
    assert f'value="{c.handler.pk}"' in chosen
    empty = html(
        client.get(reverse("petitions:assignees"), {"assign-handling_unit": c.other_dept.pk})
    )
    assert f"{c.other_dept.name}还没有承办人账号" in empty


def test_hot_issues_take_typed_dates_and_refuse_impossible_ones_with_a_sentence(client, c):
    client.force_login(c.county_leader)
    page = html(client.get(reverse("similarity:hot"), {"start": "2025/9/1", "end": "2025/9/30"}))
    assert "统计期：2025-09-01 至 2025-09-30" in page
    assert 'type="date"' not in page  # no mm/dd/yyyy picker
    refused = client.get(reverse("similarity:hot"), {"start": "0001-01-05", "end": "0001-02-01"})
    assert refused.status_code == 200
    assert "日期应在 2000-01-01 至 2099-12-31 之间" in html(refused)


def test_an_empty_hot_issue_window_offers_a_wider_one(client, c):
    client.force_login(c.county_leader)
    page = html(client.get(reverse("similarity:hot")))
    empty = page[page.index('data-testid="no-hot-issues"') :]
    assert "?days=90" in empty and "?days=365" in empty


@pytest.mark.django_db
def test_the_demo_cases_sit_where_they_say_and_each_person_has_one_number():
    for code, label in RoleCode.choices:  # a transactional test elsewhere may have flushed them
        Role.objects.get_or_create(code=code, defaults={"name": label})
    call_command("seed_demo", stdout=StringIO())
    case = Petition.objects.get(title="桃花村危房改造补助未到位")
    assert case.region is not None and case.region.name == "桃花村"
    first = Petition.objects.get(title="城关镇东门社区3栋外墙瓷砖脱落")
    assert first.parties.get().petitioner.name == "刘桂兰"
    anonymous = Petition.objects.get(title="反映某村干部违规发放补贴问题")
    assert anonymous.is_anonymous and not anonymous.parties.exists()
    months = {p.created_at.date().replace(day=1) for p in Petition.objects.all()}
    assert len(months) >= 3  # registered over past months, not all today


def test_a_date_outside_2000_to_2099_is_refused_with_a_sentence_on_every_form(client, c):
    client.force_login(c.clerk)
    post = registration_post(channel="higher", higher_ref_no="云信交〔2025〕1号")
    post["higher_ref_date"] = "0001-01-01"
    refused = client.post(reverse("petitions:register"), post)
    assert refused.status_code == 400 and not Petition.objects.exists()
    assert "日期应在 2000-01-01 至 2099-12-31 之间" in html(refused)
    ledger = html(client.get(reverse("petitions:index"), {"date_from": "0001-01-01"}))
    assert "日期应在 2000-01-01 至 2099-12-31 之间" in ledger
