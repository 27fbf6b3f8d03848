"""The place of a dispute is picked 县 → 乡镇 → 村 with the shared region picker
(`orgs.regions`): plain selects without JavaScript, levels checked to lie under each other, the
user's county only; a draft handed over from another record shows its region chosen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from huajie.mediation.models import Dispute
from huajie.orgs.models import Region, RegionLevel

from .factories import Town, dispute_type, make_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def t(db: None) -> Town:
    t = make_town()
    county = Region.objects.create(code="439901000000", name="清河县", level=RegionLevel.COUNTY)
    town = Region.objects.create(code="439901001000", name="城关镇", level=RegionLevel.TOWN,
                                 parent=county)  # fmt: skip
    Region.objects.create(code="439901002000", name="石门乡", level=RegionLevel.TOWN,
                          parent=county)  # fmt: skip
    Region.objects.create(code="439901001002", name="西街村", level=RegionLevel.VILLAGE,
                          parent=town)  # fmt: skip
    Region.objects.create(code="439902000000", name="外县", level=RegionLevel.COUNTY)
    t.village.region = town
    t.village.save(update_fields=["region"])
    t.village_mediator.refresh_from_db()
    return t


def _post(t: Town, **place: str) -> Any:
    client = Client()
    client.force_login(t.village_mediator)
    return client.post(
        reverse("mediation:register"),
        {
            "unit": t.village.pk, "received_on": "2025-12-19", "procedure": "full",
            "title": "宅基地边界纠纷", "dispute_type": dispute_type("宅基地").pk,
            "dispute_class": "2", "source": "walk_in", "summary": "两户因界桩位置争执",
            "p0_side": "applicant", "p0_kind": "person", "p0_name": "赵一",
            "p1_side": "respondent", "p1_kind": "person", "p1_name": "钱二", **place,
        },
    )  # fmt: skip


@time_machine.travel(date(2025, 12, 20))
def test_the_form_lists_the_county_towns_and_villages_as_plain_selects(t: Town) -> None:
    client = Client()
    client.force_login(t.village_mediator)
    html = client.get(reverse("mediation:register")).content.decode()
    for name in ("region_county", "region_town", "region_village"):
        assert f'name="{name}"' in html
    assert "石门乡" in html and "西街村" in html and "外县" not in html


@time_machine.travel(date(2025, 12, 20))
def test_the_deepest_consistent_choice_is_the_disputes_region(t: Town) -> None:
    answer = _post(t, region_county="439901000000", region_town="439901001000",
                   region_village="439901001002")  # fmt: skip
    assert answer.status_code == 302
    assert Dispute.objects.get().region_id == "439901001002"


@time_machine.travel(date(2025, 12, 20))
def test_a_village_of_another_town_stops_at_the_town_and_another_county_is_ignored(
    t: Town,
) -> None:
    _post(t, region_county="439901000000", region_town="439901002000",
          region_village="439901001002")  # fmt: skip
    _post(t, region_county="439902000000")
    assert list(Dispute.objects.order_by("id").values_list("region_id", flat=True)) == [
        "439901002000", None,
    ]  # fmt: skip


@time_machine.travel(date(2025, 12, 20))
def test_a_refused_form_keeps_the_place_chosen(t: Town) -> None:
    answer = _post(t, region_county="439901000000", region_town="439901001000", title="")
    assert answer.status_code == 400 and not Dispute.objects.exists()
    assert '<option value="439901001000" data-parent="439901000000" selected>' in (
        answer.content.decode()
    )
