"""Notices' rows of the authorization matrix (`huajie/common/authz.py`).

A notice belongs to one person, not to a unit: the "own" notice is the clerk's; a notice in any
other relation is addressed to someone of that unit. Only its recipient opens it — the
superuser included (a notice is personal, not a unit's record).
"""

from __future__ import annotations

import itertools

from huajie.common.authz import POSTED, Access, Row, Target, World, owner_for

_seq = itertools.count(1)


def notice(world: World, relation: str) -> Target:
    from huajie.orgs.models import User

    from .models import Notice

    if relation == "own":
        recipient = world.users["clerk"]
    else:
        recipient = User.objects.create_user(
            username=f"authz-notice-{next(_seq)}", password=None, full_name="他人"
        )
        recipient.unit = owner_for(world, relation)
        recipient.save(update_fields=["unit"])
    secret = f"矩阵机密通知{next(_seq):03d}号"
    item = Notice.objects.create(recipient=recipient, message=secret, url="/")
    return Target({"pk": item.pk}, secret)


RECORDS = {"notice": notice}

ONLY_THE_RECIPIENT = Access(
    ok=frozenset({404}), special={("clerk", "own"): POSTED, ("anonymous", None): frozenset({302})}
)

ROWS = [
    Row("notices:list", {"GET": Access()}),
    Row("notices:read_all", {"POST": Access(ok=POSTED)}),
    Row("notices:open", {"POST": ONLY_THE_RECIPIENT}, record="notice"),
    Row("notices:ack", {"POST": ONLY_THE_RECIPIENT}, record="notice"),
]
