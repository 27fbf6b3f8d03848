"""Small helpers shared by the mediation views."""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest

from huajie.common.errors import NotFound
from huajie.orgs.models import User

from .. import selectors
from ..models import Dispute


def acting_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def get_dispute(user: User, pk: int) -> Dispute:
    try:
        return selectors.dispute_get_for_user(user=user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
