"""Reading the portal's forms into the services' inputs (plain POST fields, so every form works
without JavaScript), and the choices the forms show."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest

from huajie.orgs.models import Unit
from huajie.orgs.regions import pick_region, region_picker
from huajie.petitions.models import Category, PetitionClass

from ..services.submit import PortalSubmission, intake_units

CLASS_HELP: dict[str, str] = {
    PetitionClass.SUGGESTION: "对工作提出建议、意见",
    PetitionClass.ACCUSATION: "检举、控告违纪违法行为（材料不会转给被检举人）",
    PetitionClass.COMPLAINT: "反映涉及本人权益的问题，请求解决",
}


def categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("full_name", "id"))


def form_choices(post: Mapping[str, str] | None = None) -> dict[str, object]:
    return {
        "units": intake_units(),
        "classes": [(value, label, CLASS_HELP[value]) for value, label in PetitionClass.choices],
        "region_picker": region_picker(data=post or {}),
        "categories": categories(),
    }


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
        region=pick_region(post),
        place=post.get("place", "")[:200],
        name=post.get("name", "")[:50],
        id_number=post.get("id_number", ""),
        address=post.get("address", "")[:200],
        files=[f for f in request.FILES.getlist("files") if f.size],
    )
