"""Mediation's rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from huajie.common.authz import ACTED, POSTED, READ, SUBTREE, Access, Row, Target, World, api

from .actions import ACTIONS

REGISTRARS = frozenset({"mediator", "leader"})

_seq = itertools.count(1)


def _dispute(world: World, relation: str) -> tuple[Any, str]:
    from .models import Dispute, DisputeType, Level

    n = next(_seq)
    secret = f"矩阵机密纠纷{n:03d}号"
    owner = world.units["sibling" if relation == "assigned" else relation]
    origin = world.units["own"] if relation == "assigned" else owner
    dispute = Dispute.objects.create(
        unit=owner,
        origin_unit=origin,
        level=Level.VILLAGE,
        reg_no=f"MX-{n:05d}",
        reg_year=2025,
        reg_seq=n,
        title=secret,
        summary=f"{secret}：两家因通行道路发生纠纷。",
        dispute_type=DisputeType.objects.filter(parent__isnull=False).earliest("pk"),
        dispute_class=3,
        source="screening",
        procedure="full",
        received_on=date(2025, 11, 3),
        registered_by=world.users["mediator"],
    )
    return dispute, secret


def dispute(world: World, relation: str) -> Target:
    item, secret = _dispute(world, relation)
    return Target({"pk": item.pk}, secret, body={"version": item.version})


def session(world: World, relation: str) -> Target:
    from django.core.files.base import ContentFile

    from .models import MediationSession

    item, secret = _dispute(world, relation)
    record = MediationSession(
        dispute=item,
        held_on=date(2025, 11, 4),
        place="村委会",
        mediators="矩阵调解员",
        attendees="双方当事人",
        statements=secret,
        outcome="达成一致",
        scan_name="笔录.pdf",
        scan_mime="application/pdf",
        recorded_by=world.users["mediator"],
    )
    record.scan.save("s.pdf", ContentFile(f"%PDF-1.4 {secret}".encode()), save=False)
    record.save()
    return Target({"pk": item.pk, "session_pk": record.pk}, secret)


def meeting(world: World, relation: str) -> Target:
    from .models import AnalysisMeeting

    n = next(_seq)
    secret = f"矩阵机密研判{n:03d}号"
    owner = world.units["sibling" if relation == "assigned" else relation]
    record = AnalysisMeeting.objects.create(
        unit=owner,
        held_on=date(2025, 11, 5),
        chair="矩阵主持人",
        attendees="各村调解员",
        discussion=secret,
        decisions="逐户走访",
        recorded_by=world.users["mediator"],
    )
    return Target({"pk": record.pk}, secret)


RECORDS = {"dispute": dispute, "dispute_session": session, "analysis_meeting": meeting}

# The overseer (a mediator of the town's mediation committee, beside the village) reads every
# record a user of the town reads — its villages' disputes — and acts on none (403).
PAGE = Access(oversees=READ)
ACT = Access(ok=POSTED, roles=REGISTRARS, writes=SUBTREE, oversees=READ)
# Through the API the registering unit, which reads its dispute (assigned) but may not act, is
# refused for the body's fields first (400), a complete body with 403 (tests/test_scoping.py).
ACT_API = api(ok=ACTED, oversees=READ)
LISTED: frozenset[str] = (
    frozenset()
)  # a route without a record: the overseer answers as any mediator

ROWS = [
    Row("mediation:index", {"GET": PAGE}),
    Row("mediation:my", {"GET": PAGE}),
    Row("mediation:export", {"GET": PAGE}),
    Row(
        "mediation:register",
        {
            "GET": Access(roles=REGISTRARS, oversees=LISTED),
            "POST": Access(ok=POSTED, roles=REGISTRARS, oversees=LISTED),
        },
    ),
    Row("mediation:detail", {"GET": PAGE}, record="dispute"),
    Row("mediation:act", {"POST": ACT}, record="dispute", kwargs={"action": "note"}),
    # Without a party to reveal the answer is 404, as for a hidden dispute.
    Row("mediation:reveal", {"POST": Access(ok=POSTED | {404}, oversees=READ)}, record="dispute"),
    Row(
        "mediation:scan-upload",
        {"POST": Access(ok=POSTED, roles=REGISTRARS, writes=SUBTREE, oversees=READ)},
        record="dispute_session",
    ),
    Row("mediation:scan-file", {"GET": PAGE}, record="dispute_session"),
    Row("mediation:screening", {"GET": PAGE}),
    Row("mediation:screening-report", {"POST": Access(ok=POSTED, oversees=LISTED)}),
    Row("mediation:meetings", {"GET": PAGE}),
    Row(
        "mediation:meeting-new",
        {"GET": PAGE, "POST": Access(ok=POSTED, oversees=LISTED)},
    ),
    Row(
        "mediation:meeting",
        {"GET": Access(reads=SUBTREE, oversees=SUBTREE)},
        record="analysis_meeting",
    ),
    Row("mediation:rates", {"GET": PAGE}),
    Row(
        "api:mediation-dispute-list",
        {
            "GET": api(oversees=LISTED),
            "POST": api(ok=POSTED, roles=REGISTRARS, oversees=LISTED),
        },
    ),
    Row("api:mediation-dispute-detail", {"GET": api(oversees=READ)}, record="dispute"),
    Row("api:mediation-types", {"GET": api(oversees=LISTED)}),
    Row(
        "api:mediation-screening",
        {"GET": api(oversees=LISTED), "POST": api(ok=POSTED, oversees=LISTED)},
    ),
    *(
        Row(
            f"api:mediation-dispute-action-{action.name}",
            {"POST": ACT_API},
            record="dispute",
        )
        for action in ACTIONS
    ),
    Row("api:mediation-rates", {"GET": api(oversees=LISTED)}),
    # Meetings are recorded by mediators and leaders; their empty body is refused (400).
    Row(
        "api:mediation-meetings",
        {
            "GET": api(oversees=LISTED),
            "POST": api(ok=frozenset({400}), roles=REGISTRARS, oversees=LISTED),
        },
    ),
]
