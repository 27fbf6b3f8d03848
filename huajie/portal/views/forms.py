"""Reading the portal's forms into the services' inputs (plain POST fields, so every form works
without JavaScript), and the choices the forms show."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from huajie.orgs.models import Region, RegionLevel, Unit
from huajie.petitions.models import Category, PetitionClass

from ..services.submit import PortalSubmission, intake_units

CLASS_HELP: dict[str, str] = {
    PetitionClass.SUGGESTION: "对工作提出建议、意见",
    PetitionClass.ACCUSATION: "检举、控告违纪违法行为（材料不会转给被检举人）",
    PetitionClass.COMPLAINT: "反映涉及本人权益的问题，请求解决",
}


@dataclass(frozen=True)
class RegionOption:
    code: str
    name: str
    parent: str


def region_options() -> dict[str, list[RegionOption]]:
    rows = Region.objects.filter(
        level__in=[RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE]
    ).order_by("code")
    found: dict[str, list[RegionOption]] = {"county": [], "town": [], "village": []}
    for r in rows:
        found[r.level].append(RegionOption(r.code, r.name, r.parent_id or ""))
    return found


def categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("full_name", "id"))


def form_choices() -> dict[str, object]:
    return {
        "units": intake_units(),
        "classes": [(value, label, CLASS_HELP[value]) for value, label in PetitionClass.choices],
        "regions": region_options(),
        "categories": categories(),
    }


def _pick_region(post: dict[str, str]) -> Region | None:
    """The deepest region chosen, if each level lies under the one above it."""
    chosen = [post.get(name, "") for name in ("county", "town", "village")]
    found = {r.code: r for r in Region.objects.filter(code__in=[c for c in chosen if c])}
    region = None
    for code in chosen:
        if not code:
            break
        item = found.get(code)
        if item is None or (region is not None and item.parent_id != region.code):
            break
        region = item
    return region


def submission_from(request: HttpRequest, phone: str) -> PortalSubmission:
    post = {key: request.POST.get(key, "") for key in request.POST}
    unit = (
        Unit.objects.filter(pk=int(post["unit"])).first()
        if post.get("unit", "").isdigit()
        else None
    )
    category_id = post.get("category", "")
    category = (
        Category.objects.filter(pk=int(category_id), is_active=True).first()
        if category_id.isdigit()
        else None
    )
    return PortalSubmission(
        unit=unit,
        petition_class=post.get("petition_class", ""),
        title=post.get("title", ""),
        content=post.get("content", ""),
        phone=phone,
        consent=post.get("consent") == "yes",
        category=category,
        region=_pick_region(post),
        place=post.get("place", "")[:200],
        name=post.get("name", "")[:50],
        id_number=post.get("id_number", ""),
        address=post.get("address", "")[:200],
        files=[f for f in request.FILES.getlist("files") if f.size],
    )
