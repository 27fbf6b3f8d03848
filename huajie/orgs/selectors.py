"""Permission-scoped reads of the organisation tree."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from huajie.common.scoping import get_visible, visible_to

from .models import Unit, User, WorkGroup, WorkGroupMember


def unit_list_for_user(*, user: User) -> QuerySet[Unit]:
    return visible_to(Unit.objects.select_related("parent", "region"), user)


def workgroup_list_for_user(*, user: User) -> QuerySet[WorkGroup]:
    members = WorkGroupMember.objects.select_related("unit").order_by("order", "id")
    return visible_to(
        WorkGroup.objects.select_related("unit", "parent").prefetch_related(
            Prefetch("members", queryset=members)
        ),
        user,
    )


def workgroup_get_for_user(*, user: User, pk: int) -> WorkGroup:
    return get_visible(workgroup_list_for_user(user=user), user, pk=pk)
