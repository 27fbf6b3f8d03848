"""Routing suggestions on the registration form: typing the summary and content of a visit
about unpaid wages proposes the category and the unit; Alt+1 puts the category in the form,
Alt+4 chooses the first unit, and the registered case keeps what was proposed and what was
chosen. An accusation naming that unit as accused never gets it proposed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD


@pytest.fixture
def cold_start(demo_clerk: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    from huajie.orgs import services as orgs
    from huajie.orgs.models import UnitKind
    from huajie.petitions.models import Category
    from huajie.petitions.services.categories import categories_load
    from huajie.routing import store
    from huajie.routing.services import keyword_rule_save

    settings.ROUTER_DIR = tmp_path / "router"  # no model: the admin's rules suggest
    store.forget()
    categories_load(
        triples=[
            ("劳动和社会保障", "工资福利", "工资发放"),
            ("城乡建设", "城市建设和市政管理", "小区管理"),
        ]
    )
    labour = orgs.unit_create(
        name="清河县人力资源和社会保障局",
        code="E2E-QHX-RSJ",
        kind=UnitKind.DEPARTMENT,
        parent=demo_clerk.unit.parent,
        acting_user=None,
    )
    wages = Category.objects.get(name="工资发放")
    keyword_rule_save(
        category=wages, keyword_text="拖欠工资、欠薪、讨薪", unit=labour, acting_user=demo_clerk
    )
    keyword_rule_save(
        category=Category.objects.get(name="小区管理"),
        keyword_text="物业、小区",
        unit=None,
        acting_user=demo_clerk,
    )
    return {"wages": wages, "labour": labour}


def test_a_suggestion_appears_and_alt_1_fills_the_category(
    live_server: Any, page: Any, cold_start: dict[str, Any], screenshots: Path
) -> None:
    from huajie.petitions.models import Petition
    from huajie.routing.models import Source, Suggestion

    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/petitions/new/")

    box = page.get_by_test_id("routing-suggestions")
    page.locator('input[name="title"]').fill("好")
    page.wait_for_timeout(600)
    assert box.inner_text().strip() == ""  # one character: nothing to propose

    page.locator('input[name="title"]').fill("单位拖欠工资三个月")
    page.locator('textarea[name="content"]').fill("老板三个月不发工资，请求帮助讨薪。")
    categories = box.get_by_test_id("routing-categories")
    categories.wait_for()
    first = categories.get_by_role("button").first
    assert "劳动和社会保障/工资福利/工资发放" in first.inner_text()
    assert "关键词规则" in box.inner_text()
    assert "清河县人力资源和社会保障局" in box.get_by_test_id("routing-units").inner_text()
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "routing-register.png"), full_page=False)

    page.locator('textarea[name="content"]').focus()
    page.keyboard.press("Alt+1")
    wages = cold_start["wages"]
    assert page.locator('select[name="category"]').input_value() == str(wages.pk)
    assert first.get_attribute("aria-pressed") == "true"
    labour = cold_start["labour"]
    unit = box.get_by_test_id("routing-units").get_by_role("button").first
    page.keyboard.press("Alt+4")
    assert page.get_by_test_id("routing-unit-chosen").input_value() == str(labour.pk)
    assert unit.get_attribute("aria-pressed") == "true"

    page.set_viewport_size({"width": 390, "height": 844})
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "routing-register-390.png"), full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow

    page.get_by_text("申诉求决类").click()
    page.locator('input[name="p-0-name"]').fill("刘桂兰")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(f"{base}/petitions/*/")
    petition = Petition.objects.get(title="单位拖欠工资三个月")
    recorded = Suggestion.objects.get(petition=petition)
    assert recorded.source == Source.RULES
    assert recorded.chosen_category_id == wages.pk and recorded.category_rank == 1
    assert recorded.units[0]["id"] == labour.pk
    assert recorded.chosen_unit_id == labour.pk and recorded.unit_rank == 1
    assert errors == []


def test_the_unit_an_accusation_names_as_accused_is_never_proposed_nor_kept(
    live_server: Any, page: Any, cold_start: dict[str, Any], screenshots: Path
) -> None:
    base = live_server.url
    labour = cold_start["labour"]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/petitions/new/")
    box = page.get_by_test_id("routing-suggestions")
    page.locator('input[name="title"]').fill("举报单位拖欠工资")
    page.locator('textarea[name="content"]').fill("老板三个月不发工资，讨薪无果。")
    units = box.get_by_test_id("routing-units")
    units.wait_for()
    assert labour.name in units.inner_text()
    page.keyboard.press("Alt+4")
    chosen = page.get_by_test_id("routing-unit-chosen")
    assert chosen.input_value() == str(labour.pk)

    page.get_by_text("检举控告类", exact=True).click()
    page.locator('select[name="accused_unit"]').select_option(str(labour.pk))
    page.wait_for_function(
        "(name) => !document.querySelector('#routing-suggestions').innerText.includes(name)",
        arg=labour.name,
    )
    assert chosen.input_value() == ""  # the choice made before the unit was named is dropped
    assert "劳动和社会保障/工资福利/工资发放" in box.inner_text()  # the category still is
    page.screenshot(path=str(screenshots / "routing-accused.png"), full_page=False)
