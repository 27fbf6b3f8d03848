"""重复件 / 关联件: one click links two cases; both timelines record the link and its removal."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.common.scoping import visible_to
from huajie.orgs.models import RoleCode, User
from huajie.petitions.models import EventKind, Petition
from huajie.petitions.services.events import event_add

from ..models import LinkKind, PetitionLink

LINK_ROLES = (RoleCode.CLERK, RoleCode.HANDLER, RoleCode.LEADER)


def _require_may_link(user: User, petition: Petition, other: Petition) -> None:
    """Linking needs a petition role and sight of both cases (a case the user may not see is
    'not found', never 'forbidden')."""
    if not user.has_role(*LINK_ROLES):
        raise PermissionDenied(
            "只有登记人员、承办人或领导可以标记重复件或关联件。", code="permission_denied"
        )
    pks = {petition.pk, other.pk}
    if visible_to(Petition.objects.filter(pk__in=pks), user).count() != len(pks):
        raise NotFound("未找到该记录，或您无权查看。请检查登记编号后重试。")


def _existing(petition: Petition, other: Petition) -> PetitionLink | None:
    return PetitionLink.objects.filter(
        Q(from_petition=petition, to_petition=other) | Q(from_petition=other, to_petition=petition)
    ).first()


def _texts(kind: str, petition: Petition, other: Petition, *, removed: bool) -> tuple[str, str]:
    """What each timeline says: (on `petition`, on `other`). Only registration numbers are named,
    never titles: the other case may be an accusation the reader of this timeline may not see."""
    if kind == LinkKind.DUPLICATE:
        if removed:
            return (
                f"取消重复件标记：本件不再作为 {other.reg_no} 的重复件",
                f"取消重复件标记：{petition.reg_no} 不再作为本件的重复件",
            )
        return (
            f"标记为重复件：本件与 {other.reg_no} 为同一事项",
            f"标记为重复件：{petition.reg_no} 与本件为同一事项",
        )
    verb = "取消关联件标记" if removed else "标记为关联件"
    return f"{verb}：{other.reg_no}", f"{verb}：{petition.reg_no}"


def _write_events(
    link_kind: str, petition: Petition, other: Petition, actor: User, *, removed: bool, note: str
) -> None:
    mine, theirs = _texts(link_kind, petition, other, removed=removed)
    suffix = f"（说明：{note}）" if note else ""
    action = "unlink" if removed else "link"
    for case, say, counterpart in ((petition, mine, other), (other, theirs, petition)):
        event_add(
            petition=case,
            kind=EventKind.LINK,
            actor=actor,
            action=action,
            text=say + suffix,
            changes={"link": link_kind, "other": counterpart.reg_no},
        )


@transaction.atomic
def petition_link(
    *, petition: Petition, other: Petition, kind: str, acting_user: User, note: str = ""
) -> PetitionLink:
    """Mark `petition` as a 重复件 of `other` ("duplicate") or the two as 关联件 ("related")."""
    if kind not in LinkKind.values:
        raise ApplicationError("请选择“重复件”或“关联件”。", code="invalid_kind", field="kind")
    if petition.pk == other.pk:
        raise ApplicationError(
            "不能把事项标记为自身的重复件或关联件，请输入另一件事项的登记编号。",
            code="self_link",
            field="other",
        )
    _require_may_link(acting_user, petition, other)
    note = note.strip()[:200]
    existing = _existing(petition, other)
    if existing is not None:
        raise _already_linked(existing, other)
    try:
        with transaction.atomic():
            link = PetitionLink.objects.create(
                from_petition=petition,
                to_petition=other,
                kind=kind,
                note=note,
                created_by=acting_user,
            )
    except IntegrityError as exc:  # a concurrent click on the same pair
        raise _already_linked(_existing(petition, other), other) from exc
    _write_events(kind, petition, other, acting_user, removed=False, note=note)
    return link


def _already_linked(existing: PetitionLink | None, other: Petition) -> ApplicationError:
    label = existing.get_kind_display() if existing is not None else "重复件或关联件"
    return ApplicationError(
        f"本件与 {other.reg_no} 已标记为{label}，无需重复标记；如需更改，请先取消原标记。",
        code="link_exists",
        field="other",
    )


@transaction.atomic
def petition_unlink(*, petition: Petition, other: Petition, acting_user: User) -> None:
    """Remove the link between the two cases; both timelines keep the link and its removal."""
    _require_may_link(acting_user, petition, other)
    link = _existing(petition, other)
    if link is None:
        raise ApplicationError(
            f"本件与 {other.reg_no} 之间没有重复件或关联件标记，无需取消。", code="link_missing"
        )
    kind = link.kind
    source, target = (
        (petition, other) if link.from_petition_id == petition.pk else (other, petition)
    )
    link.delete()
    _write_events(kind, source, target, acting_user, removed=True, note="")
