"""A case answered before it reached Huajie, taken through the petition services as it happened."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from huajie.common.errors import ApplicationError
from huajie.orgs.models import RoleCode, Unit, User
from huajie.petitions.models import Petition
from huajie.petitions.services import (
    RegistrationInput,
    petition_accept,
    petition_assign,
    petition_close,
    petition_register,
    petition_reply,
    petition_start_handling,
)

IMPORTED_REASONS = "详见答复意见（历史答复由 Excel 导入，原件未单列处理理由）。"
IMPORTED_BASIS = "历史答复由 Excel 导入，原件未单列法律、法规或政策依据。"
IMPORT_NOTE = "历史事项导入"


def may_import_closed(user: User, unit: Unit) -> bool:
    """Closing a case takes the front desk's steps and the handler's: a leader of the unit (or a
    superuser who belongs to it) can take them all under their own name."""
    return user.unit_id == unit.pk and user.has_role(RoleCode.LEADER)


@transaction.atomic
def petition_import_closed(
    *,
    unit: Unit,
    data: RegistrationInput,
    reply: str,
    replied_on: date,
    decision: str,
    acting_user: User,
) -> Petition:
    """Register, accept, assign to the importing unit (the importing leader as responsible
    leader and handler), start handling — all on the date received — then reply with the
    official answer and close on the date answered. Each step is the ordinary service with its
    checks, clocks and timeline event, back-dated with `on=`; a refusal rolls the row back."""
    if not may_import_closed(acting_user, unit):
        raise ApplicationError(
            "导入已答复的事项须由本单位领导操作（需要登记、交办和答复的权限）。",
            code="permission_denied",
        )
    petition = petition_register(unit=unit, data=data, acting_user=acting_user)
    day, user = data.received_on, acting_user
    petition_accept(petition=petition, acting_user=user, expected_version=None, on=day)
    petition_assign(
        petition=petition,
        acting_user=user,
        expected_version=None,
        handling_unit=unit,
        responsible_leader=user,
        handler=user,
        note=IMPORT_NOTE,
        on=day,
    )
    petition_start_handling(petition=petition, acting_user=user, expected_version=None, on=day)
    petition_reply(
        petition=petition,
        acting_user=user,
        expected_version=None,
        request=data.title,
        facts=reply,
        reasons=IMPORTED_REASONS,
        decision=decision,
        legal_basis=IMPORTED_BASIS,
        on=replied_on,
    )
    petition_close(petition=petition, acting_user=user, expected_version=None, on=replied_on)
    # 历史导入: answered before it came here — not a measure of this office's timeliness.
    Petition.objects.filter(pk=petition.pk).update(is_history=True)
    petition.is_history = True
    return petition
