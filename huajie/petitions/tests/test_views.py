"""The petition screens as a user meets them: register, find in the ledger, act on the case."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from huajie.common.widgets import FastSelect, OptionList
from huajie.orgs.models import Region, RegionLevel
from huajie.orgs.tests.factories import make_user
from huajie.petitions import services
from huajie.petitions.models import Category, EventKind, Petition

from .factories import VALID_IDS, County, make_county, register

TODAY = date(2025, 10, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        yield


@pytest.fixture
def c(db: None) -> County:
    return make_county()


def page(response: Any) -> str:
    return response.content.decode()


def registration_post(**overrides: str) -> dict[str, str]:
    data = {
        "received_on": "2025/9/30",
        "channel": "visit",
        "petition_class": "complaint",
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "200",
        "p-0-name": "刘桂兰",
        "p-0-id_number": VALID_IDS[0],
        "p-0-phone": "138 1234 5678",
        "p-0-address": "清河县城关镇东门社区3栋",
        "p-0-is_representative": "on",
        "p-1-name": "张建民",
        "p-1-id_number": VALID_IDS[1],
        "p-1-is_representative": "on",
        "is_group": "on",
        "headcount": "12",
        "title": "小区外墙脱落无人维修",
        "content": "某小区3栋外墙瓷砖脱落，多次向物业反映无果，请求住建部门督促维修。",
        "category": "",
        "region": "",
        "place": "东门社区3栋",
    }
    data.update(overrides)
    return data


def version_of(petition: Petition) -> str:
    return str(Petition.objects.get(pk=petition.pk).version)


def act(client: Any, petition: Petition, action: str, **fields: str) -> Any:
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{action}-version", version_of(petition))
    return client.post(reverse("petitions:act", args=[petition.pk, action]), data)


# --- registration ------------------------------------------------------------------------------


def test_the_registration_form_is_in_paper_order_with_required_marks(client, c):
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:register")))
    order = [
        "received_on",
        "channel",
        "petition_class",
        "p-0-name",
        "p-0-id_number",
        "p-0-phone",
        "p-0-address",
        "p-0-is_representative",
        "is_group",
        "headcount",
        "title",
        "content",
        "category",
        "region",
        "place",
        "higher_ref_no",
    ]
    positions = [html.index(f'name="{name}"') for name in order]
    assert positions == sorted(positions)
    assert 'id="higher-fields" data-hj-show-for="channel=higher" hidden' in html
    assert html.count('class="hj-req"') >= 5
    assert 'value="2025-10-10"' in html  # received today by default
    assert ">登记</button>" in html and "Submit" not in html


def test_registering_a_group_visit_creates_the_case_and_shows_its_number(client, c):
    client.force_login(c.clerk)
    response = client.post(reverse("petitions:register"), registration_post(), follow=True)
    petition = Petition.objects.get()
    assert response.redirect_chain[-1][0] == reverse("petitions:detail", args=[petition.pk])
    assert f"已登记，编号 {petition.reg_no}，查询码 {petition.query_code}" in page(response)
    assert petition.received_on == date(2025, 9, 30)
    assert petition.is_group and petition.headcount == 12
    slots = [p.representative_slot for p in petition.parties.order_by("order")]
    assert slots == [1, 2]
    first = petition.parties.first()
    assert first is not None and first.petitioner.phone == "13812345678"


@pytest.mark.parametrize("typed", ["2025-09-03", "2025/9/3", "2025.9.3", "2025年9月3日"])
def test_received_date_is_accepted_as_people_type_it(client, c, typed):
    client.force_login(c.clerk)
    client.post(reverse("petitions:register"), registration_post(received_on=typed))
    assert Petition.objects.get().received_on == date(2025, 9, 3)


def test_a_bad_id_number_rerenders_with_the_error_on_its_row_and_everything_typed(client, c):
    client.force_login(c.clerk)
    bad = VALID_IDS[1][:-1] + ("0" if VALID_IDS[1][-1] != "0" else "1")
    response = client.post(
        reverse("petitions:register"), registration_post(**{"p-1-id_number": bad})
    )
    html = page(response)
    assert response.status_code == 400
    assert Petition.objects.count() == 0
    assert "身份证号码校验位不正确" in html
    assert 'id="id_p-1-id_number-error"' in html and 'aria-invalid="true"' in html
    for typed in (
        "小区外墙脱落无人维修",
        "东门社区3栋",
        "刘桂兰",
        "张建民",
        bad,
        'value="12"',
        "2025/9/30",
    ):
        assert typed in html
    assert re.search(r'name="p-1-is_representative"[^>]*checked', html)


def test_a_service_refusal_is_shown_next_to_its_field(client, c):
    client.force_login(c.clerk)
    response = client.post(
        reverse("petitions:register"), registration_post(received_on="2025-10-11")
    )
    assert response.status_code == 400
    assert 'id="id_received_on-error"' in page(response)
    assert "收到日期不能晚于今天" in page(response)


def test_too_many_representatives_are_refused_with_the_rule(client, c):
    client.force_login(c.clerk)
    data = registration_post(**{"p-TOTAL_FORMS": "6"})
    for i in range(2, 6):
        data |= {
            f"p-{i}-name": f"代表{i}",
            f"p-{i}-id_number": VALID_IDS[i],
            f"p-{i}-is_representative": "on",
        }
    html = page(client.post(reverse("petitions:register"), data))
    assert "不得超过5人" in html and "第二十条" in html
    assert Petition.objects.count() == 0


def test_an_item_from_a_higher_level_needs_its_reference(client, c):
    client.force_login(c.clerk)
    html = page(client.post(reverse("petitions:register"), registration_post(channel="higher")))
    assert "上级交办的事项须填写交办文号" in html
    assert 'id="higher-fields" data-hj-show-for="channel=higher">' in html  # shown, not hidden


def test_category_and_region_are_grouped_selects(client, c):
    top = Category.objects.create(name="城乡建设", level=1)
    leaf = Category.objects.create(name="物业管理", parent=top, level=2)
    county = Region.objects.create(code="439901000000", name="清河县", level=RegionLevel.COUNTY)
    town = Region.objects.create(
        code="439901001000", name="城关镇", level=RegionLevel.TOWN, parent=county
    )
    village = Region.objects.create(
        code="439901001001", name="东门社区", level=RegionLevel.VILLAGE, parent=town
    )
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:register")))
    assert '<optgroup label="城乡建设">' in html and '<optgroup label="城关镇">' in html
    client.post(
        reverse("petitions:register"), registration_post(category=str(leaf.pk), region=village.code)
    )
    petition = Petition.objects.get()
    assert petition.category == leaf and petition.region == village


def test_a_handler_cannot_register(client, c):
    client.force_login(c.handler)
    response = client.get(reverse("petitions:register"))
    assert response.status_code == 403
    assert "只有登记人员或领导可以登记" in page(response)


# --- ledger ------------------------------------------------------------------------------------


def test_the_ledger_lists_counts_and_pages(client, c):
    for i in range(25):
        register(c, title=f"事项{i:02d}")
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:index")))
    assert "共 <strong>25</strong> 条" in html
    assert html.count('data-petition="') == 20
    assert 'rel="next"' in html
    second = page(client.get(reverse("petitions:index"), {"page": 2}))
    assert second.count('data-petition="') == 5
    assert '<td class="hj-col-no" data-label="序号">21</td>' in second
    fifty = page(client.get(reverse("petitions:index"), {"per_page": 50}))
    assert fifty.count('data-petition="') == 25


def test_the_ledger_filters_by_status_keyword_and_clock(client, c):
    overdue = register(c, title="井盖破损", received_on=date(2025, 9, 1))
    fresh = register(c, title="路灯不亮", received_on=date(2025, 10, 9))
    services.petition_accept(petition=fresh, acting_user=c.clerk, expected_version=None)
    client.force_login(c.clerk)
    index = reverse("petitions:index")

    html = page(client.get(index, {"status": "accepted"}))
    assert "路灯不亮" in html and "井盖破损" not in html

    html = page(client.get(index, {"q": "井盖"}))
    assert "井盖破损" in html and "路灯不亮" not in html and "共 <strong>1</strong> 条" in html

    html = page(client.get(index, {"clock": "overdue"}))
    assert f'data-petition="{overdue.pk}"' in html and f'data-petition="{fresh.pk}"' not in html
    assert 'data-clock-state="overdue"' in html and "已超期" in html
    assert "《信访工作条例》第二十二条 · 15日 · 自收到信访事项之日起" in html

    html = page(client.get(index, {"q": "没有这样的事项"}))
    assert "没有符合条件的信访事项" in html and "清除全部条件" in html


def test_the_ledger_sorts_by_registration_number(client, c):
    first, second = register(c, title="甲"), register(c, title="乙")
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:index"), {"sort": "reg_no"}))
    assert html.index(first.reg_no) < html.index(second.reg_no)
    html = page(client.get(reverse("petitions:index"), {"sort": "-reg_no"}))
    assert html.index(second.reg_no) < html.index(first.reg_no)
    assert 'aria-sort="descending"' in html


def test_an_empty_ledger_says_what_to_do_next(client, c):
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:index")))
    assert "台账中还没有信访事项" in html and reverse("petitions:register") in html
    assert "导出" not in html  # no dead button


def test_the_ledger_shows_only_what_the_user_may_see(client, c):
    register(c, title="本局事项")
    client.force_login(c.outsider)
    html = page(client.get(reverse("petitions:index")))
    assert "本局事项" not in html and "共 <strong>0</strong> 条" in html


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_ledger_costs_the_same_queries_for_3_or_30_rows(
    client, c, django_assert_max_num_queries
):
    for _ in range(3):
        register(c)
    client.force_login(c.clerk)
    url = reverse("petitions:index") + "?per_page=50"
    few = _queries(client, url)
    for _ in range(27):
        register(c)
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 14


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert found, name
    return found.group(0)


def _reference_data() -> tuple[Category, Category, Region]:
    top = Category.objects.create(name="城乡建设", level=1)
    leaf = Category.objects.create(name="物业管理", parent=top, level=2)
    county = Region.objects.create(code="439901000000", name="清河县", level=RegionLevel.COUNTY)
    town = Region.objects.create(
        code="439901001000", name="城关镇", level=RegionLevel.TOWN, parent=county
    )
    return top, leaf, town


def test_the_ledger_filters_keep_the_chosen_unit_category_and_region(client, c):
    top, leaf, town = _reference_data()
    client.force_login(c.clerk)
    index = reverse("petitions:index")
    chosen = {"unit": str(c.dept.pk), "category": str(leaf.pk), "region": town.code}
    html = page(client.get(index, chosen))
    for name, value in chosen.items():
        select = _select(html, name)
        assert select.count(" selected") == 1 and f'<option value="{value}" selected>' in select
    assert 'aria-label="筛选台账"' in html and '<details class="mt-2" open>' in html
    assert '<optgroup label="城乡建设">' in html and '<optgroup label="城关镇">' in html

    # the lists are shared by requests: the next page has its own selection, not the last one's
    html = page(client.get(index, {"category": str(top.pk)}))
    assert f'<option value="{top.pk}" selected>城乡建设（综合）</option>' in html
    assert f'<option value="{leaf.pk}">物业管理</option>' in html
    assert '<option value="" selected>全部单位</option>' in _select(html, "unit")


def test_the_ledger_filters_follow_an_edit_of_the_reference_data_at_once(client, c):
    top, leaf, _ = _reference_data()
    client.force_login(c.clerk)
    index = reverse("petitions:index")
    assert "物业管理" in page(client.get(index))

    Category.objects.filter(pk=leaf.pk).update(name="物业服务")  # no signal, as an import does
    Region.objects.create(code="439901002000", name="城南镇", level=RegionLevel.TOWN)
    html = page(client.get(index))
    assert "物业服务" in html and "物业管理" not in html and '<optgroup label="城南镇">' in html

    Category.objects.filter(pk=leaf.pk).update(is_active=False)
    html = page(client.get(index, {"category": str(leaf.pk)}))
    assert "物业服务" not in html and "请从列表中选择问题分类。" in html


def test_the_ledger_filter_selects_are_written_as_django_writes_them(db):
    """The fast select writes Django's own HTML: escaping, option groups, the first match only."""
    choices = [
        ("", "全部"),
        ("组<1>", [("1", "甲 & 乙"), ("2", '"丙"')]),
        ("3", translation.gettext_lazy("Petitions")),
        ("2", "重复的值"),
        (None, [("4", "无组名")]),
    ]
    attrs = {"id": "id_x", "aria-invalid": "true", "required": True, "class": "form-select"}
    for value in (None, "", "2", "4", "<script>", ["1", "3"]):
        django_select = forms.Select(choices=choices, attrs={"class": "form-select"})
        fast = FastSelect(choices=choices, attrs={"class": "form-select"})
        assert fast.render("x", value, attrs) == django_select.render("x", value, attrs)
        shared = FastSelect(choices=OptionList(choices), attrs={"class": "form-select"})
        assert shared.render("x", value, attrs) == django_select.render("x", value, attrs)


# --- case page ---------------------------------------------------------------------------------


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', html))


def test_the_case_page_offers_only_the_actions_this_user_may_take(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert _buttons(html) == {"accept", "not_accept", "transfer", "note"}
    assert ">受理</button>" in html and ">不予受理</button>" in html

    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    client.force_login(c.handler)
    html = page(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert _buttons(html) == {"return", "start_handling", "note"}

    client.force_login(c.dept_leader)
    html = page(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert {"extend", "instruction", "start_handling"} <= _buttons(html)


def test_a_case_the_user_may_not_see_is_not_found(client, c):
    petition = register(c)
    client.force_login(c.outsider)
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 404


def test_the_case_page_shows_clocks_with_their_rule_and_calendar(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert "2025-10-15" in html  # 15 days from 30 September
    assert "《信访工作条例》第二十二条 · 15日 · 自收到信访事项之日起" in html
    assert "日历：" in html


def test_personal_data_is_masked_and_a_full_view_is_shown_once_and_logged(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    url = reverse("petitions:detail", args=[petition.pk])
    html = page(client.get(url))
    assert VALID_IDS[0] not in html and "1101**********002X" in html and "138****5678" in html

    party = petition.parties.get()
    response = client.post(reverse("petitions:reveal", args=[petition.pk]), {"party": party.pk})
    html = page(response)
    assert VALID_IDS[0] in html and "13812345678" in html
    assert "no-store" in response["Cache-Control"]
    assert petition.events.filter(kind=EventKind.FULL_VIEW, actor=c.clerk).exists()
    assert "查看信访人刘桂兰的完整身份证号和手机号" in html  # on the timeline
    assert VALID_IDS[0] not in page(client.get(url))


def test_someone_who_may_not_act_cannot_see_full_personal_data(client, c):
    petition = register(c)
    client.force_login(make_user(c.office))  # sees the office's cases, has no role to act
    html = page(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert "1101**********002X" in html and "查看完整信息" not in html
    party = petition.parties.get()
    response = client.post(reverse("petitions:reveal", args=[petition.pk]), {"party": party.pk})
    assert response.status_code == 403
    assert VALID_IDS[0] not in page(response)
    assert not petition.events.filter(kind=EventKind.FULL_VIEW).exists()


def test_an_action_button_is_a_link_that_opens_its_panel_without_javascript(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    url = reverse("petitions:detail", args=[petition.pk])
    html = page(client.get(url))
    assert 'href="?panel=accept#act-accept"' in html and 'collapse show" id="act-' not in html
    html = page(client.get(url, {"panel": "transfer"}))
    assert 'class="collapse show" id="act-transfer"' in html
    assert 'collapse show" id="act-accept"' not in html


def test_an_action_with_a_stale_version_changes_nothing_and_keeps_the_typed_text(client, c):
    petition = register(c)
    stale = version_of(petition)
    services.petition_add_note(
        petition=petition,
        acting_user=c.office_leader,
        expected_version=None,
        kind=EventKind.NOTE,
        text="电话联系信访人",
    )
    client.force_login(c.clerk)
    response = act(
        client,
        petition,
        "not_accept",
        version=stale,
        reason="属于劳动争议，应申请劳动仲裁。",
        proper_channel="labor_arbitration",
    )
    html = page(response)
    assert response.status_code == 409
    assert "该事项刚刚已被他人办理或修改" in html and "请刷新" in html
    assert "属于劳动争议，应申请劳动仲裁。" in html
    assert Petition.objects.get(pk=petition.pk).status == "registered"
    assert 'id="act-not_accept"' in html and 'collapse show" id="act-not_accept"' in html


def test_a_refused_action_shows_the_reason_next_to_its_field(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    response = act(client, petition, "not_accept", reason="  ", proper_channel="litigation")
    assert response.status_code == 400
    html = page(response)
    assert "请填写不予受理的理由" in html and 'id="id_not_accept-reason-error"' in html


def test_the_whole_journey_through_the_screens_ends_closed_on_time(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    response = act(client, petition, "accept", on="2025/10/8")
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).accepted_on == date(2025, 10, 8)
    assert (
        act(
            client,
            petition,
            "assign",
            handling_unit=str(c.dept.pk),
            responsible_leader=str(c.dept_leader.pk),
            handler=str(c.handler.pk),
        ).status_code
        == 302
    )

    client.force_login(c.handler)
    assert act(client, petition, "start_handling").status_code == 302
    response = act(
        client,
        petition,
        "reply",
        request="维修外墙",
        facts="经现场查看属实",
        reasons="属物业维修责任",
        decision="support",
        legal_basis="《物业管理条例》",
    )
    assert response.status_code == 302

    client.force_login(c.clerk)
    assert act(client, petition, "evaluate", satisfaction="satisfied").status_code == 302
    response = client.post(
        reverse("petitions:act", args=[petition.pk, "close"]),
        {"close-version": version_of(petition)},
        follow=True,
    )
    assert "已办结" in page(response)
    html = page(client.get(reverse("petitions:detail", args=[petition.pk])))
    assert "信访处理意见书" in html and "经现场查看属实" in html

    html = page(client.get(reverse("petitions:index"), {"clock": "closed_on_time"}))
    assert f'data-petition="{petition.pk}"' in html and "按期办结" in html


def test_assign_lists_the_people_of_the_chosen_unit(client, c):
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:assignees"), {"assign-handling_unit": c.dept.pk}))
    assert f'value="{c.handler.pk}"' in html and f'value="{c.dept_leader.pk}"' in html
    assert f'value="{c.county_leader.pk}"' in html  # a leader above the unit may take the case
    assert f'value="{c.office_leader.pk}"' not in html


def test_extension_over_thirty_days_is_refused_inline(client, c):
    petition = register(c)
    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    client.force_login(c.dept_leader)
    response = act(client, petition, "extend", days="45", reason="情况复杂")
    assert response.status_code == 400
    assert "最多30日" in page(response) and "情况复杂" in page(response)


def test_the_case_page_costs_the_same_queries_however_long_its_history(
    client, c, django_assert_max_num_queries
):
    petition = register(c)
    client.force_login(c.clerk)
    url = reverse("petitions:detail", args=[petition.pk])
    few = _queries(client, url)
    for i in range(20):
        services.petition_add_note(
            petition=petition,
            acting_user=c.clerk,
            expected_version=None,
            kind=EventKind.NOTE,
            text=f"第{i}次联系",
        )
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 30


# --- queues ------------------------------------------------------------------------------------


def test_my_work_is_empty_with_a_hint_then_lists_what_to_do(client, c):
    client.force_login(c.handler)
    html = page(client.get(reverse("petitions:my")))
    assert "暂无待办。新登记的信访事项会出现在这里。" in html
    petition = register(c)
    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    html = page(client.get(reverse("petitions:my")))
    assert f'data-petition="{petition.pk}"' in html


def test_supervision_groups_overdue_and_due_soon_by_unit_and_leader(client, c):
    overdue = register(c, title="逾期未转", received_on=date(2025, 9, 1))
    soon = register(c, title="将到期", received_on=date(2025, 9, 27))
    register(c, title="期限充足", received_on=date(2025, 10, 9))
    client.force_login(c.office_leader)
    html = page(client.get(reverse("petitions:supervision")))
    assert '<span class="hj-stat-num" data-testid="count-overdue">1</span>' in html
    assert '<span class="hj-stat-num" data-testid="count-due-soon">1</span>' in html
    assert "清河县信访局" in html and "期限充足" not in html
    html = page(
        client.get(reverse("petitions:supervision"), {"clock": "overdue", "group": "leader"})
    )
    assert f'data-petition="{overdue.pk}"' in html and f'data-petition="{soon.pk}"' not in html


def test_an_action_the_user_may_no_longer_take_keeps_the_typed_text_at_the_top(client, c):
    petition = register(c)
    client.force_login(c.clerk)
    stale = version_of(petition)
    services.petition_accept(petition=petition, acting_user=c.office_leader, expected_version=None)
    response = act(
        client,
        petition,
        "not_accept",
        version=stale,
        reason="应当诉讼解决",
        proper_channel="litigation",
    )
    html = page(response)
    assert response.status_code == 409
    assert "该事项刚刚已被他人办理或修改" in html
    assert "您刚才填写的内容（未保存）" in html and "应当诉讼解决" in html
    assert Petition.objects.get(pk=petition.pk).status == "accepted"

    response = act(
        client,
        petition,
        "reply",
        request="维修",
        facts="属实",
        reasons="",
        decision="support",
        legal_basis="",
    )
    assert response.status_code == 403 and "您现在不能对该事项执行“答复”" in page(response)


def test_materials_are_uploaded_checked_by_content_and_served_with_their_type(client, c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    petition = register(c)
    client.force_login(c.clerk)
    url = reverse("petitions:attach", args=[petition.pk])
    fake = SimpleUploadedFile("来信.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"file": fake, "version": version_of(petition)})
    assert response.status_code == 400 and 'id="id_file-error"' in page(response)
    assert not petition.attachments.exists()

    pdf = SimpleUploadedFile(
        "来信.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="text/plain"
    )
    response = client.post(url, {"file": pdf, "version": version_of(petition)})
    assert response.status_code == 302
    item = petition.attachments.get()
    download = client.get(reverse("petitions:attachment", args=[petition.pk, item.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "来信.pdf" in page(client.get(reverse("petitions:detail", args=[petition.pk])))


@pytest.fixture
def keep_language():
    """The locale middleware leaves its language active in this thread; put it back."""
    with translation.override(translation.get_language()):
        yield


def test_the_screens_still_work_when_the_interface_is_in_english(client, c, keep_language):
    petition = register(c)
    client.force_login(c.clerk)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in (
        reverse("petitions:index"),
        reverse("petitions:register"),
        reverse("petitions:my"),
        reverse("petitions:supervision"),
        reverse("petitions:detail", args=[petition.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in page(response)
    html = page(client.get(reverse("petitions:index")))
    assert "My to-do" in html and "Petitions" in html and "信访台账" in html


def test_the_export_button_keeps_the_ledger_filters(client, c):
    register(c, title="本局事项")
    client.force_login(c.clerk)
    html = page(client.get(reverse("petitions:index"), {"status": "registered", "q": "本局"}))
    assert 'href="/imports/export.xlsx?status=registered&amp;q=%E6%9C%AC%E5%B1%80"' in html


def test_a_reversed_date_range_on_the_ledger_is_refused_with_a_sentence(client, c):
    client.force_login(c.clerk)
    html = page(
        client.get(reverse("petitions:index"), {"date_from": "2025-10-09", "date_to": "2025-10-01"})
    )
    assert "结束日期不能早于开始日期" in html
