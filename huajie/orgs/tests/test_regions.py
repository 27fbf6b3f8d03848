"""The shared region picker (县 → 乡镇 → 村): plain selects that work without JavaScript, read
back as the deepest region whose levels lie under each other."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from huajie.orgs.models import Region, RegionLevel
from huajie.orgs.regions import chain_of, pick_region, region_picker

pytestmark = pytest.mark.django_db


@pytest.fixture
def places() -> dict[str, Region]:
    county = Region.objects.create(code="439901000000", name="清河县", level=RegionLevel.COUNTY)
    town = Region.objects.create(code="439901001000", name="城关镇", level=RegionLevel.TOWN,
                                 parent=county)  # fmt: skip
    other = Region.objects.create(code="439901002000", name="石门乡", level=RegionLevel.TOWN,
                                  parent=county)  # fmt: skip
    village = Region.objects.create(code="439901001001", name="西街村", level=RegionLevel.VILLAGE,
                                    parent=town)  # fmt: skip
    far = Region.objects.create(code="439902000000", name="外县", level=RegionLevel.COUNTY)
    return {"county": county, "town": town, "other": other, "village": village, "far": far}


def test_the_deepest_consistent_level_is_chosen(places: dict[str, Region]) -> None:
    chosen = {"county": "439901000000", "town": "439901001000", "village": "439901001001"}
    assert pick_region(chosen) == places["village"]
    assert pick_region({**chosen, "village": ""}) == places["town"]
    # A village under another town stops at the town: levels must lie under each other.
    assert pick_region({**chosen, "town": "439901002000"}) == places["other"]
    assert pick_region({"county": "", "town": "439901001000"}) is None
    assert pick_region({"county": "999999999999"}) is None
    assert pick_region({"county": "439902000000"}, within="439901") is None
    prefixed = {f"region_{k}": v for k, v in chosen.items()}
    assert pick_region(prefixed, prefix="region_") == places["village"]


def test_the_picker_shows_what_was_chosen_without_javascript(places: dict[str, Region]) -> None:
    assert chain_of(places["village"]) == {
        "village": "439901001001", "town": "439901001000", "county": "439901000000",
    }  # fmt: skip
    picker = region_picker(initial="439901001001", prefix="region_", within="439901")
    html = render_to_string("orgs/includes/region_picker.html", {"picker": picker})
    assert 'name="region_county"' in html and 'name="region_village"' in html
    assert '<option value="439901001001" data-parent="439901001000" selected>西街村' in html
    assert "外县" not in html  # outside `within`
    assert '<optgroup label="城关镇">' in html
    assert "orgs/region_picker.js" in html
    posted = region_picker(data={"town": "439901002000"})
    assert posted.values == {"county": "", "town": "439901002000", "village": ""}
