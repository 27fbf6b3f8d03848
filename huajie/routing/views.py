"""The proposals fragment of the registration form (fetched by routing/suggest.js)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from huajie.orgs.models import User

from . import selectors


@login_required
@require_POST
def suggest(request: HttpRequest) -> HttpResponse:
    """POST title, content and the accused unit (never the petitioners): the fragment with up
    to three categories and units; empty when there is nothing confident to propose."""
    user = cast(User, request.user)
    if not selectors.may_ask(user):
        return HttpResponse(status=403)
    accused = request.POST.get("accused_unit", "")
    proposal = selectors.proposal_for_user(
        user=user,
        title=request.POST.get("title", "")[:100],
        content=request.POST.get("content", "")[:20_000],
        accused_unit_id=int(accused) if accused.isdigit() else None,
    )
    return render(request, "routing/_suggestions.html", {"proposal": proposal})
