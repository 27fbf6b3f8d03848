from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import guide
from ..services.submit import intake_units
from .common import portal_page


@portal_page
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html")


@portal_page
def guide_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "portal/guide.html",
        {
            "purposes": guide.PURPOSES,
            "elsewhere": guide.ELSEWHERE,
            "steps": guide.statutory_steps(),
            "receptions": guide.receptions(today),
            "units": intake_units(),
        },
    )
