"""Mediation in the intake hand-offs (`common.intake`).

- **Target `dispute`:** another module's record (a duty-log call, a petition that mediation should
  take) becomes a new dispute. The new-dispute form takes `?from=<token>`, prefills from the
  source's draft, keeps the token in a hidden field and records the link in the transaction that
  registers the dispute (`services.registration`).
- **Source `dispute`:** a dispute mediation cannot take (declined, failed, referred to 信访)
  becomes a petition registration in one step: the dispute page offers the other modules'
  targets, their form reads this draft, and the link comes back on the dispute's timeline.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone

from huajie.common.errors import ApplicationError, NotFound
from huajie.common.intake import (
    IntakeDraft,
    IntakeSource,
    IntakeTarget,
    register_source,
    register_target,
    token,
)
from huajie.common.scoping import get_visible

from .rules import may_register, works_here
from .states import Status

HANDOFF_STATUSES = frozenset({Status.DECLINED, Status.FAILED, Status.REFERRED})


def _dispute(record_id: str, user: Any) -> Any:
    from .models import Dispute

    try:
        dispute = get_visible(
            Dispute.objects.select_related("unit", "region"), user, pk=int(record_id)
        )
    except (NotFound, ValueError):
        raise ApplicationError(
            "找不到这件纠纷，或您无权查看。请回到纠纷页面重新点击转登记。",
            code="intake_source_unknown", field="from",
        ) from None  # fmt: skip
    if not works_here(user, dispute):  # read through oversight or assignment: not theirs to hand
        raise ApplicationError(
            "这件纠纷由其他调解组织调处，只有该调解组织的调解员可以转登记。",
            code="intake_source_not_yours", field="from",
        )  # fmt: skip
    return dispute


def load(record_id: str, user: Any) -> IntakeDraft:
    d = _dispute(record_id, user)
    parties = list(d.parties.all())
    first = parties[0] if parties else None
    return IntakeDraft(
        token=token("dispute", d.pk),
        label=f"矛盾纠纷 {d.reg_no}",
        unit_id=d.unit_id,
        received_at=timezone.now(),
        content=d.summary,
        channel="visit",
        title=d.title,
        caller_name=first.name if first else "",
        caller_phone=first.phone if first else "",
        place=d.place,
        region_code=d.region_id or "",
        people_count=len(parties) or None,
    )


def link(record_id: str, user: Any, target: str, obj: Model) -> None:
    from .models import EventKind
    from .services.workflow import event_add

    d = _dispute(record_id, user)
    event_add(dispute=d, kind=EventKind.LINK, actor=user, action=f"intake_{target}",
              text=f"转登记为{obj}", changes={"target": target, "id": obj.pk})  # fmt: skip


def handoff_allowed(dispute: Any) -> bool:
    return dispute.status in HANDOFF_STATUSES


register_target(
    IntakeTarget(
        code="dispute",
        label="登记为矛盾纠纷",
        route="mediation:register",
        icon="bi-people",
        may_create=may_register,
    )
)
register_source(IntakeSource(kind="dispute", load=load, link=link))
