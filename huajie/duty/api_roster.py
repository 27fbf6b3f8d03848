"""The duty API's roster side under /api/v1/duty/: my shifts, generating a month, publishing and
revising it, overrides, swaps (换班), leave (请假/离岗), and the special periods and report
requirements in force. The same services and selectors as the screens; a refusal is the
service's sentence (`common.api.exception_handler`)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.errors import ApplicationError, NotFound
from huajie.common.scoping import visible_to
from huajie.orgs.models import User

from . import selectors
from .models import (
    DutyAssignment,
    DutyRole,
    LeaveRequest,
    ReportDefinition,
    ShiftKind,
    SpecialPeriod,
    SwapRequest,
)
from .services import generation, people
from .services import roster as roster_services
from .services.workflow import LEAVE, SWAP

TAG = "值班值守"


def _user(request: Request) -> User:
    return cast(User, request.user)


def _colleague(user: User, pk: int, field: str) -> User:
    """A person of the user's own unit (the roster and swaps stay inside the unit)."""
    found = User.objects.filter(pk=pk, unit=user.unit, is_active=True).first()
    if user.unit is None or found is None:
        raise NotFound("未找到该人员，或其不是本单位人员。", field=field)
    return found


class ShiftOut(serializers.Serializer):
    assignment_id = serializers.IntegerField()
    slot_id = serializers.IntegerField()
    unit = serializers.CharField()
    shift = serializers.CharField()
    role = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


def _shift(a: DutyAssignment) -> dict[str, Any]:
    return {
        "assignment_id": a.pk,
        "slot_id": a.slot_id,
        "unit": a.slot.unit.name,
        "shift": a.slot.label,
        "role": a.role,
        "starts_at": a.slot.starts_at,
        "ends_at": a.slot.ends_at,
    }


class MyShiftsView(APIView):
    @extend_schema(tags=[TAG], summary="我的值班（今后 20 个班次）", responses=ShiftOut(many=True))
    def get(self, request: Request) -> Response:
        rows = (
            DutyAssignment.objects.filter(user=_user(request), slot__ends_at__gt=timezone.now())
            .select_related("slot", "slot__unit")
            .order_by("slot__starts_at")[:20]
        )
        return Response(ShiftOut([_shift(a) for a in rows], many=True).data)


class GenerateIn(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    kind = serializers.ChoiceField(
        choices=[(k, ShiftKind(k).label) for k in ShiftKind if k != ShiftKind.CUSTOM]
    )
    officers = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    leaders = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class RosterOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField()
    month = serializers.CharField()
    status = serializers.CharField()
    edition = serializers.IntegerField()
    version = serializers.IntegerField()
    gaps = serializers.IntegerField()


def _roster(roster: Any) -> dict[str, Any]:
    rows = roster_services.roster_rows(roster)
    return {
        "id": roster.pk,
        "unit": roster.unit.name,
        "month": roster.month.strftime("%Y-%m"),
        "status": roster.status,
        "edition": roster.edition,
        "version": roster.version,
        "gaps": sum(1 for r in rows if r["gap"]),
    }


class RosterGenerateView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="按轮值生成本单位一个月的值班表（值班人员、带班领导按顺序轮换）",
        request=GenerateIn,
        responses={201: RosterOut},
    )
    def post(self, request: Request) -> Response:
        body = GenerateIn(data=request.data)
        body.is_valid(raise_exception=True)
        user, data = _user(request), body.validated_data
        year, month = (int(p) for p in data["month"].split("-"))
        if not 1 <= month <= 12:
            raise ApplicationError("月份请写成 2026-04 这样的格式。", field="month")
        if user.unit is None:
            raise NotFound("您的账号未关联单位，不能排班。", field="month")
        roster = generation.setup_and_generate(
            unit=user.unit,
            month=date(year, month, 1),
            kind=data["kind"],
            officers=[_colleague(user, pk, "officers") for pk in data["officers"]],
            leaders=[_colleague(user, pk, "leaders") for pk in data["leaders"]],
            acting_user=user,
        )
        return Response(RosterOut(_roster(roster)).data, status=status.HTTP_201_CREATED)


class PublishIn(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReviseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class RosterPublishView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="发布并报备值班表（锁定，新版本）",
        request=PublishIn,
        responses=RosterOut,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = PublishIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        roster = selectors.roster_get(user=user, pk=pk)
        roster_services.roster_publish(
            roster=roster,
            note=body.validated_data["note"],
            expected_version=body.validated_data["version"],
            acting_user=user,
        )
        return Response(RosterOut(_roster(roster)).data)


class RosterReviseView(APIView):
    @extend_schema(
        tags=[TAG], summary="修订已发布的值班表（解锁）", request=ReviseIn, responses=RosterOut
    )
    def post(self, request: Request, pk: int) -> Response:
        body = ReviseIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        roster = selectors.roster_get(user=user, pk=pk)
        roster_services.roster_revise(
            roster=roster,
            reason=body.validated_data["reason"],
            expected_version=body.validated_data["version"],
            acting_user=user,
        )
        return Response(RosterOut(_roster(roster)).data)


class AssignIn(serializers.Serializer):
    user = serializers.IntegerField()
    role = serializers.ChoiceField(choices=DutyRole.choices)


class SlotAssignView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="调整班次：安排人员（带班领导替换原领导）",
        request=AssignIn,
        responses={201: ShiftOut},
    )
    def post(self, request: Request, pk: int) -> Response:
        body = AssignIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        slot = selectors.slot_get(user=user, pk=pk)
        person = User.objects.filter(pk=body.validated_data["user"], is_active=True).first()
        if person is None:
            raise NotFound("未找到该人员。", field="user")
        a = roster_services.slot_assign(
            slot=slot, user=person, role=body.validated_data["role"], acting_user=user
        )
        a.slot = slot
        return Response(ShiftOut(_shift(a)).data, status=status.HTTP_201_CREATED)


class SwapOut(serializers.Serializer):
    id = serializers.IntegerField()
    slot_id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    role = serializers.CharField()
    requester = serializers.CharField()
    counterpart = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())


def _swap(s: SwapRequest, user: User) -> dict[str, Any]:
    return {
        "id": s.pk,
        "slot_id": s.slot_id,
        "starts_at": s.slot.starts_at,
        "role": s.role,
        "requester": str(s.requester),
        "counterpart": str(s.counterpart),
        "reason": s.reason,
        "status": s.status,
        "actions": [t.action for t in SWAP.available(user, s)],
    }


def _swaps_for(user: User) -> Any:
    return (
        SwapRequest.objects.filter(
            Q(requester=user)
            | Q(counterpart=user)
            | Q(pk__in=visible_to(SwapRequest.objects.all(), user).values("pk"))
        )
        .select_related("slot", "requester", "counterpart", "unit__duty_post")
        .order_by("-created_at")
    )


class SwapIn(serializers.Serializer):
    slot = serializers.IntegerField()
    counterpart = serializers.IntegerField()
    reason = serializers.CharField(max_length=200)


class SwapsView(APIView):
    @extend_schema(tags=[TAG], summary="换班申请（我的、待我处理的）", responses=SwapOut(many=True))
    def get(self, request: Request) -> Response:
        user = _user(request)
        return Response(SwapOut([_swap(s, user) for s in _swaps_for(user)[:50]], many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="申请换班：请同事替我值这个班",
        request=SwapIn,
        responses={201: SwapOut},
    )
    def post(self, request: Request) -> Response:
        body = SwapIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        slot = selectors.slot_get(user=user, pk=body.validated_data["slot"])
        swap = people.swap_request(
            slot=slot,
            counterpart=_colleague(user, body.validated_data["counterpart"], "counterpart"),
            reason=body.validated_data["reason"],
            acting_user=user,
        )
        return Response(SwapOut(_swap(swap, user)).data, status=status.HTTP_201_CREATED)


SWAP_ACTIONS = ("accept", "approve", "decline", "refuse", "cancel")


class SwapActionView(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="duty_swap_action",
        summary="处理换班：accept 同意替班、approve 批准、decline 不同意、refuse 不予批准、"
        "cancel 撤回",
        request=None,
        responses=SwapOut,
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        user = _user(request)
        swap = _swaps_for(user).filter(pk=pk).first()
        if swap is None or action not in SWAP_ACTIONS:
            raise NotFound("未找到该换班申请。")
        if action == "accept":
            people.swap_accept(swap=swap, acting_user=user)
        elif action == "approve":
            people.swap_approve(swap=swap, acting_user=user)
        else:
            people.swap_decide(swap=swap, action=action, acting_user=user)
        return Response(SwapOut(_swap(swap, user)).data)


class LeaveOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.CharField()
    period = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    conflicts = serializers.ListField(child=serializers.DateTimeField())
    actions = serializers.ListField(child=serializers.CharField())


def _leave(r: LeaveRequest, user: User) -> dict[str, Any]:
    return {
        "id": r.pk,
        "person": str(r.user),
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "reason": r.reason,
        "period": r.period.name if r.period else None,
        "status": r.status,
        "decided_by": str(r.decided_by) if r.decided_by else None,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
        "conflicts": [a.slot.starts_at for a in people.leave_conflicts(leave=r)],
        "actions": [t.action for t in LEAVE.available(user, r)],
    }


def _leave_for(user: User) -> Any:
    return (
        LeaveRequest.objects.filter(
            Q(user=user)
            | Q(period__leader=user)
            | Q(pk__in=visible_to(LeaveRequest.objects.all(), user).values("pk"))
        )
        .select_related("user", "period", "decided_by")
        .order_by("-created_at")
    )


class LeaveIn(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)
    destination_note = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default=""
    )


class DecideIn(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class LeaveListView(APIView):
    @extend_schema(
        tags=[TAG], summary="请假（离岗）申请（我的、待我审批的）", responses=LeaveOut(many=True)
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        return Response(LeaveOut([_leave(r, user) for r in _leave_for(user)[:50]], many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="申请请假；特护期内为离岗申请，由特护期领导小组组长书面审批",
        request=LeaveIn,
        responses={201: LeaveOut},
    )
    def post(self, request: Request) -> Response:
        body = LeaveIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        leave = people.leave_request(acting_user=user, **body.validated_data)
        return Response(LeaveOut(_leave(leave, user)).data, status=status.HTTP_201_CREATED)


class LeaveDecideView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="审批请假（离岗）：批准或不予批准（不予批准须写明理由）",
        request=DecideIn,
        responses=LeaveOut,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = DecideIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        leave = _leave_for(user).filter(pk=pk).first()
        if leave is None:
            raise NotFound("未找到该申请。")
        people.leave_decide(
            leave=leave,
            approve=body.validated_data["approve"],
            note=body.validated_data["note"],
            acting_user=user,
        )
        return Response(LeaveOut(_leave(leave, user)).data)


class PeriodOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    report_times = serializers.ListField(child=serializers.CharField())
    report_days = serializers.CharField()
    officers_per_slot = serializers.IntegerField()
    leave_needs_approval = serializers.BooleanField()
    leader = serializers.CharField(allow_null=True)


class PeriodsView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="覆盖本单位的特护期（本单位及上级单位设置的）",
        responses=PeriodOut(many=True),
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        if user.unit is None:
            return Response([])
        above = [int(p) for p in user.unit.path.strip("/").split("/") if p]
        rows = (
            SpecialPeriod.objects.filter(Q(unit_id__in=above))
            .select_related("unit", "leader")
            .order_by("-starts_on")
        )
        visible = set(visible_to(SpecialPeriod.objects.all(), user).values_list("pk", flat=True))
        below = SpecialPeriod.objects.filter(pk__in=visible).exclude(unit_id__in=above)
        data = [
            {
                "id": p.pk,
                "name": p.name,
                "unit": p.unit.name,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "report_times": p.report_times,
                "report_days": p.report_days,
                "officers_per_slot": p.officers_per_slot,
                "leave_needs_approval": p.leave_needs_approval,
                "leader": str(p.leader) if p.leader else None,
            }
            for p in [*rows, *below.select_related("unit", "leader")]
        ]
        return Response(PeriodOut(data, many=True).data)


class DefinitionOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    times = serializers.ListField(child=serializers.CharField())
    days = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()
    units = serializers.IntegerField()


class DefinitionsView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="报送要求（本单位布置的和要求本单位报送的）",
        responses=DefinitionOut(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = (
            visible_to(ReportDefinition.objects.select_related("unit"), _user(request))
            .prefetch_related("units")
            .distinct()
            .order_by("id")
        )
        data = [
            {
                "id": d.pk,
                "name": d.name,
                "unit": d.unit.name,
                "times": d.times,
                "days": d.days,
                "starts_on": d.starts_on,
                "is_active": d.is_active,
                "units": len(d.units.all()),
            }
            for d in rows
        ]
        return Response(DefinitionOut(data, many=True).data)
