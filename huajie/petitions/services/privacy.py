"""Full personal data (个人信息保护法): who may see a petitioner's whole ID and phone number, and
the timeline record of every such view."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from huajie.accounts.services import full_view_record
from huajie.common.errors import PermissionDenied
from huajie.orgs.models import User

from .. import rules
from ..models import EventKind, Petition
from .events import event_add
from .workflow import actions_for


def may_view_full(user: User, petition: Petition) -> bool:
    """The one rule the case page (查看完整信息) and the service both use."""
    return rules.may_view_full(user, petition, acts=bool(actions_for(user, petition)))


def full_view_logged(
    *, petition: Petition, actor: User, what: str, request: HttpRequest | None = None
) -> None:
    """Show full personal data only to those who need it and log every view, on the case
    timeline and in the hash-chained security trail, in one transaction. Raises
    PermissionDenied for anyone else."""
    if not may_view_full(actor, petition):
        raise PermissionDenied(
            "您无权查看信访人的完整身份证号码和联系电话。如办理需要，请联系承办人或包案领导。"
        )
    with transaction.atomic():
        event_add(petition=petition, kind=EventKind.FULL_VIEW, actor=actor, text=what)
        full_view_record(user=actor, what=f"信访事项 {petition.reg_no}：{what}", request=request)
