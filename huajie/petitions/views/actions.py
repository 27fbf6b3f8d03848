"""The actions of the case page, as data: which form each needs and which service it calls.

Status changes come from `services.actions_for` (the states table); the other actions (延期, 调查
记录, 批示, 催办, 督办, 回访, 上传材料) are offered when the service would allow them. The service
stays the authority: a button shown by mistake still ends in its refusal, shown to the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huajie.common.errors import PermissionDenied
from huajie.orgs.models import User

from .. import forms, services
from ..models import EventKind, Petition, ReviewLevel, SupervisionKind
from ..services.workflow import require_staff
from ..states import OPEN_STATUSES, Status

Run = Callable[[Petition, User, int | None, Any], object]


@dataclass(frozen=True)
class ActionSpec:
    key: str
    label: str
    form: type[forms.ActionForm]
    run: Run
    done: str  # the success message
    style: str = "primary"
    hint: str = ""


def _d(form: Any, name: str) -> Any:
    return form.cleaned_data.get(name)


def _accept(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_accept(petition=p, acting_user=u, expected_version=v, on=_d(f, "on"))


def _not_accept(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_not_accept(
        petition=p,
        acting_user=u,
        expected_version=v,
        reason=_d(f, "reason"),
        proper_channel=_d(f, "proper_channel"),
    )


def _transfer(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_transfer(
        petition=p, acting_user=u, expected_version=v, to_unit=f.unit("to_unit"), note=_d(f, "note")
    )


def _return(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_return(
        petition=p, acting_user=u, expected_version=v, reason=_d(f, "reason")
    )


def _assign(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_assign(
        petition=p,
        acting_user=u,
        expected_version=v,
        handling_unit=f.unit("handling_unit"),
        responsible_leader=f.person("responsible_leader"),
        handler=f.person("handler"),
        note=_d(f, "note"),
    )


def _start(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_start_handling(petition=p, acting_user=u, expected_version=v)


def _reply(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_reply(
        petition=p,
        acting_user=u,
        expected_version=v,
        request=_d(f, "request"),
        facts=_d(f, "facts"),
        reasons=_d(f, "reasons"),
        decision=_d(f, "decision"),
        legal_basis=_d(f, "legal_basis"),
    )


def _evaluate(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_evaluate(
        petition=p,
        acting_user=u,
        expected_version=v,
        satisfaction=_d(f, "satisfaction"),
        note=_d(f, "note"),
    )


def _close(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_close(petition=p, acting_user=u, expected_version=v)


def _request_review(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_request_review(
        petition=p,
        acting_user=u,
        expected_version=v,
        reason=_d(f, "reason"),
        reviewing_unit=f.unit("reviewing_unit"),
    )


def _request_rereview(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_request_rereview(
        petition=p,
        acting_user=u,
        expected_version=v,
        reason=_d(f, "reason"),
        reviewing_unit=f.unit("reviewing_unit"),
    )


def _answer_review(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_answer_review(
        petition=p,
        acting_user=u,
        expected_version=v,
        decision=_d(f, "decision"),
        opinion=_d(f, "opinion"),
    )


def _archive(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_archive(petition=p, acting_user=u, expected_version=v)


def _extend(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_extend(
        petition=p, acting_user=u, expected_version=v, days=_d(f, "days"), reason=_d(f, "reason")
    )


def _note(kind: str) -> Run:
    def run(p: Petition, u: User, v: int | None, f: Any) -> object:
        return services.petition_add_note(
            petition=p, acting_user=u, expected_version=v, kind=kind, text=_d(f, "text")
        )

    return run


def _supervise(kind: str) -> Run:
    def run(p: Petition, u: User, v: int | None, f: Any) -> object:
        return services.petition_supervise(
            petition=p,
            acting_user=u,
            expected_version=v,
            kind=kind,
            note=_d(f, "note"),
            respond_by=_d(f, "respond_by"),
        )

    return run


def _return_visit(p: Petition, u: User, v: int | None, f: Any) -> object:
    return services.petition_return_visit(
        petition=p,
        acting_user=u,
        expected_version=v,
        method=_d(f, "method") or "",
        note=_d(f, "note"),
        satisfaction=_d(f, "satisfaction") or "",
    )


_REVIEW_HINT = "信访人自收到书面答复（复查意见）之日起30日内可申请；受理机关30日内答复。"

SPECS: dict[str, ActionSpec] = {
    s.key: s
    for s in (
        ActionSpec(
            "accept",
            "受理",
            forms.AcceptForm,
            _accept,
            "已受理，60日办理期限开始计算。",
            hint="受理后开始计算60日办理期限（《信访工作条例》第三十四条）。",
        ),
        ActionSpec(
            "accept_transfer", "接收", forms.AcceptForm, _accept, "已接收，60日办理期限开始计算。"
        ),
        ActionSpec(
            "not_accept",
            "不予受理",
            forms.NotAcceptForm,
            _not_accept,
            "已登记为不予受理。",
            style="danger",
            hint="须告知信访人应通过哪一法定途径解决（诉访分离）。",
        ),
        ActionSpec(
            "transfer",
            "转送",
            forms.TransferForm,
            _transfer,
            "已转送。",
            hint="接收单位可在5个工作日内提出异议（《信访工作条例》第二十三条）。",
        ),
        ActionSpec(
            "return_transfer",
            "退回",
            forms.ReturnForm,
            _return,
            "已退回登记单位。",
            style="danger",
            hint="仅限收到后5个工作日内、且确不属本单位职权的事项。",
        ),
        ActionSpec("assign", "交办", forms.AssignForm, _assign, "已交办。"),
        ActionSpec(
            "return_assignment",
            "退回",
            forms.ReturnForm,
            _return,
            "已退回交办单位。",
            style="danger",
            hint="仅限收到后5个工作日内、且确不属本单位职权的事项。",
        ),
        ActionSpec("start_handling", "开始办理", forms.EmptyForm, _start, "已开始办理。"),
        ActionSpec(
            "reply",
            "答复",
            forms.ReplyForm,
            _reply,
            "已出具信访处理意见书。",
            hint="信访处理意见书（《信访工作条例》第三十二条）：请求、事实、理由、意见、依据。",
        ),
        ActionSpec("evaluate", "录入评价", forms.EvaluateForm, _evaluate, "已录入信访人评价。"),
        ActionSpec("close", "办结", forms.EmptyForm, _close, "已办结。"),
        ActionSpec(
            "request_review",
            "申请复查",
            forms.ReviewRequestForm,
            _request_review,
            "已登记复查申请。",
            style="outline",
            hint=_REVIEW_HINT,
        ),
        ActionSpec(
            "answer_review", "复查答复", forms.ReviewAnswerForm, _answer_review, "已作出复查意见。"
        ),
        ActionSpec(
            "request_rereview",
            "申请复核",
            forms.ReviewRequestForm,
            _request_rereview,
            "已登记复核申请。",
            style="outline",
            hint=_REVIEW_HINT,
        ),
        ActionSpec(
            "answer_rereview",
            "复核答复",
            forms.ReviewAnswerForm,
            _answer_review,
            "已作出复核意见。",
        ),
        ActionSpec("archive", "归档", forms.EmptyForm, _archive, "已归档。", style="secondary"),
        ActionSpec(
            "extend",
            "延期",
            forms.ExtendForm,
            _extend,
            "办理期限已延长。",
            style="secondary",
            hint="只能延期一次，最多30日，并告知信访人延期理由。",
        ),
        ActionSpec(
            "note",
            "调查记录",
            forms.NoteForm,
            _note(EventKind.NOTE),
            "已添加调查记录。",
            style="secondary",
        ),
        ActionSpec(
            "instruction",
            "领导批示",
            forms.NoteForm,
            _note(EventKind.INSTRUCTION),
            "已记录批示。",
            style="secondary",
        ),
        ActionSpec(
            "remind",
            "催办",
            forms.SuperviseForm,
            _supervise(SupervisionKind.REMINDER),
            "已发出催办。",
            style="secondary",
        ),
        ActionSpec(
            "supervise",
            "督办",
            forms.SuperviseForm,
            _supervise(SupervisionKind.NOTICE),
            "已发出督办单。",
            style="secondary",
        ),
        ActionSpec(
            "return_visit",
            "回访",
            forms.ReturnVisitForm,
            _return_visit,
            "已登记回访。",
            style="secondary",
        ),
    )
}

_STAFF = frozenset({"clerk", "handler", "leader"})


def _staff(user: User, petition: Petition, roles: frozenset[str]) -> bool:
    try:
        require_staff(user, petition, roles=roles, what="")
    except PermissionDenied:
        return False
    return True


def _may_extend(user: User, petition: Petition) -> bool:
    if petition.status not in (Status.ACCEPTED, Status.ASSIGNED, Status.HANDLING):
        return False
    handling = [c for c in petition.clocks.all() if c.kind == "handling" and c.is_open]
    if not handling or handling[-1].extension_days:
        return False
    unit = petition.handling_unit
    return (
        user.is_superuser
        or petition.responsible_leader_id == user.pk
        or (
            user.has_role("leader")
            and user.unit is not None
            and unit is not None
            and unit.is_within(user.unit)
        )
    )


def extra_actions(user: User, petition: Petition) -> list[str]:
    """The non-status actions this user may take on this case now."""
    keys = []
    staff = _staff(user, petition, _STAFF)
    if _may_extend(user, petition):
        keys.append("extend")
    if staff and petition.status != Status.ARCHIVED:
        keys.append("note")
    if user.has_role("leader") and _staff(user, petition, frozenset({"leader"})):
        keys.append("instruction")
    if (
        petition.handling_unit_id
        and petition.status in OPEN_STATUSES
        and _staff(user, petition, frozenset({"clerk", "leader"}))
    ):
        keys += ["remind", "supervise"]
    if staff and petition.status in (
        Status.REPLIED,
        Status.EVALUATED,
        Status.CLOSED,
        Status.ARCHIVED,
    ):
        keys.append("return_visit")
    return keys


def may_attach(user: User, petition: Petition) -> bool:
    return _staff(user, petition, _STAFF)


def _review_possible(petition: Petition, action: str) -> bool:
    """The states table allows 申请复查/复核 from closed; the service also wants the right
    review history (one review, then one re-review after the review's answer)."""
    reviews = list(petition.reviews.all())
    if action == "request_review":
        return not any(r.level == ReviewLevel.REVIEW for r in reviews)
    if action == "request_rereview":
        answered = any(r.level == ReviewLevel.REVIEW and r.answered_on for r in reviews)
        return answered and not any(r.level == ReviewLevel.REREVIEW for r in reviews)
    return True


def status_actions(user: User, petition: Petition) -> list[str]:
    """The status changes this user may take now, in the states table's order."""
    return [
        t.action
        for t in services.actions_for(user, petition)
        if _review_possible(petition, t.action)
    ]


def available_actions(user: User, petition: Petition) -> list[str]:
    """Status actions first, then the others."""
    return status_actions(user, petition) + extra_actions(user, petition)
