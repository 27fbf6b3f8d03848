"""The front desk in a real browser at phone width (issue 10, items 6, 8, 11): a returning ID
number under a new name is asked about and confirmed, an anonymous letter is registered without
anybody, and 问题分类 is found by typing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .test_petition_journey import IDS, People, county, log_in, shoot

pytestmark = pytest.mark.browser
__all__ = ["county"]  # the fixture, used by name


def categories() -> None:
    from huajie.petitions.services.categories import categories_load

    categories_load(
        triples=[
            ("劳动和社会保障", "劳动报酬", "拖欠工资"),
            ("城乡建设", "住房保障", "危房改造"),
            ("环境保护", "水污染", "养殖污染"),
        ]
    )


def test_a_new_name_is_confirmed_and_an_anonymous_letter_needs_nobody(
    live_server: Any, page: Any, county: People, screenshots: Path
) -> None:
    from django.utils import timezone

    from huajie.petitions.models import Petition, PetitionerEvent
    from huajie.petitions.services import PetitionerInput, RegistrationInput, petition_register

    categories()
    first = petition_register(
        unit=county.clerk.unit,
        acting_user=county.clerk,
        data=RegistrationInput(
            channel="visit",
            petition_class="complaint",
            title="宅基地确权面积有误",
            content="宅基地确权登记面积比实际少约20平方米，请求重新测量。",
            received_on=timezone.localdate(),
            petitioners=[PetitionerInput(name="刘桂兰", id_number=IDS[0])],
        ),
    )
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "clerk")
    page.goto(f"{base}/petitions/new/")
    assert page.evaluate("document.activeElement.name") == "received_on"

    # The same ID number under another name: the person on record is shown and asked about.
    page.get_by_text("申诉求决类", exact=True).click()
    page.locator('input[name="p-0-name"]').fill("刘桂芝")
    page.locator('input[name="p-0-id_number"]').fill(IDS[0])
    page.locator('input[name="title"]').fill("宅基地确权面积仍未更正")
    page.locator('textarea[name="content"]').fill("上次反映的宅基地面积问题至今未更正。")
    page.locator('input[name="category_search"]').fill("危房")
    shown = page.eval_on_selector(
        "#id_category",
        "s => Array.from(s.options).filter(o => o.value && !o.hidden).map(o => o.text)",
    )
    assert len(shown) == 1 and shown[0].endswith("危房改造"), shown
    chosen = page.eval_on_selector("#id_category", "s => s.selectedOptions[0].text")
    assert chosen.endswith("危房改造")  # the one match is chosen
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state("load")
    confirm = page.get_by_test_id("rename-confirm")
    assert "“刘桂兰”" in confirm.inner_text()
    shoot(page, screenshots, "petition-register-rename")
    confirm.get_by_label(re.compile("确认更名")).check()
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r"/petitions/\d+/$"))
    assert "姓名由“刘桂兰”更正为“刘桂芝”" in page.get_by_test_id("petitioners").inner_text()
    page.goto(f"{base}/petitions/{first.pk}/")
    assert "姓名由“刘桂兰”更正为“刘桂芝”" in page.get_by_test_id("petitioners").inner_text()
    assert PetitionerEvent.objects.count() == 1

    # An anonymous letter: no petitioner row, and the case says what that means.
    page.goto(f"{base}/petitions/new/")
    page.get_by_text("来信", exact=True).click()
    page.get_by_text("检举控告类", exact=True).click()
    expect(page.locator('select[name="accused_unit"]')).to_be_visible()
    page.get_by_label(re.compile("^匿名")).check()
    expect(page.locator('input[name="p-0-name"]')).not_to_be_visible()
    expect(page.get_by_test_id("anonymous-note")).to_be_visible()
    page.locator('input[name="title"]').fill("反映某村干部违规发放补贴")
    page.locator('textarea[name="content"]').fill("某村干部发放耕地地力保护补贴时优亲厚友。")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r"/petitions/\d+/$"))
    expect(page.get_by_test_id("anonymous-badge")).to_be_visible()
    assert "无法向信访人送达受理告知书" in page.get_by_test_id("anonymous-note").inner_text()
    shoot(page, screenshots, "petition-anonymous")
    assert Petition.objects.filter(is_anonymous=True).count() == 1
    assert not errors, errors
