"""The region picker (县 → 乡镇 → 村, UI.md) shared by every form that asks where something
happened: the portal's submission, the dispute register.

Three plain selects posted as `<prefix>county`, `<prefix>town`, `<prefix>village`, so the form
works without JavaScript (every town and village is listed, villages grouped by town);
`orgs/region_picker.js` hides the options not under the chosen parent. The template is
`orgs/includes/region_picker.html` (`{% include … with picker=picker %}`); `pick_region` reads
the answer back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .models import Region, RegionLevel

LEVELS: tuple[str, ...] = (RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE)


@dataclass(frozen=True)
class RegionOption:
    code: str
    name: str
    parent: str


@dataclass(frozen=True)
class RegionPicker:
    """The options of each level and the codes chosen, for the template."""

    options: dict[str, list[RegionOption]]
    values: dict[str, str] = field(default_factory=dict)
    prefix: str = ""

    def name(self, level: str) -> str:
        return f"{self.prefix}{level}"

    @property
    def county(self) -> list[RegionOption]:
        return self.options[RegionLevel.COUNTY]

    @property
    def town(self) -> list[RegionOption]:
        return self.options[RegionLevel.TOWN]

    @property
    def village(self) -> list[RegionOption]:
        return self.options[RegionLevel.VILLAGE]


def region_options(*, within: str = "") -> dict[str, list[RegionOption]]:
    """Every county, town and village (those whose code starts with `within`, e.g. one
    county's six-digit prefix), in code order."""
    rows = Region.objects.filter(level__in=LEVELS).order_by("code")
    if within:
        rows = rows.filter(code__startswith=within)
    found: dict[str, list[RegionOption]] = {level: [] for level in LEVELS}
    for r in rows:
        found[r.level].append(RegionOption(r.code, r.name, r.parent_id or ""))
    return found


def region_picker(
    *, data: Mapping[str, str] | None = None, initial: Region | str | None = None,
    prefix: str = "", within: str = "",
) -> RegionPicker:  # fmt: skip
    """The picker with what was posted (`data`) or else the chain of levels above `initial`."""
    if data is not None:
        values = {level: str(data.get(f"{prefix}{level}", "")) for level in LEVELS}
    else:
        values = chain_of(initial)
    return RegionPicker(region_options(within=within), values, prefix)


def chain_of(region: Region | str | None) -> dict[str, str]:
    """The codes of a region and the regions above it, by level ({"county": …, "town": …})."""
    item = Region.objects.filter(pk=region).first() if isinstance(region, str) else region
    values: dict[str, str] = {}
    while item is not None and len(values) < len(LEVELS):
        if item.level in LEVELS:
            values[item.level] = item.code
        item = item.parent
    return values


def pick_region(data: Mapping[str, str], *, prefix: str = "", within: str = "") -> Region | None:
    """The deepest region chosen, if each level lies under the one above it (and within the
    `within` prefix); a level left empty ends the choice there."""
    chosen = [str(data.get(f"{prefix}{level}", "")) for level in LEVELS]
    found = {r.code: r for r in Region.objects.filter(code__in=[c for c in chosen if c])}
    region = None
    for code in chosen:
        if not code:
            break
        item = found.get(code)
        if item is None or (region is not None and item.parent_id != region.code):
            break
        if within and not item.code.startswith(within):
            break
        region = item
    return region
