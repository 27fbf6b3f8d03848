"""REST API for the organisation tree and the statutory calendar."""

from __future__ import annotations

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.api_fields import date_field
from huajie.common.errors import ApplicationError
from huajie.deadlines import DayKind, DeadlineRule, MissingScheduleError, explain

from . import selectors, services
from .holidays import working_calendar
from .models import Unit, WorkGroup, WorkGroupMember


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "code", "kind", "parent", "region", "phone", "depth"]


class MemberSerializer(serializers.ModelSerializer[WorkGroupMember]):
    unit_name = serializers.CharField(source="unit.name", default="", read_only=True)

    class Meta:
        model = WorkGroupMember
        fields = ["id", "position", "name", "unit", "unit_name", "post", "duties", "phone"]


class WorkGroupSerializer(serializers.ModelSerializer[WorkGroup]):
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = WorkGroup
        fields = ["id", "unit", "kind", "name", "parent", "duties", "phone", "members"]
        read_only_fields = ["unit", "kind", "parent"]


class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    serializer_class = UnitSerializer
    queryset = Unit.objects.none()  # for the schema; reads go through the scoped selector

    def get_queryset(self):
        return selectors.unit_list_for_user(user=self.request.user)  # type: ignore[arg-type]


class WorkGroupViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[WorkGroup],
):
    serializer_class = WorkGroupSerializer
    queryset = WorkGroup.objects.none()  # for the schema; reads go through the scoped selector

    def get_queryset(self):
        return selectors.workgroup_list_for_user(user=self.request.user)  # type: ignore[arg-type]

    def perform_update(self, serializer: serializers.BaseSerializer[WorkGroup]) -> None:
        data = serializer.validated_data
        services.workgroup_update(
            group=serializer.instance,  # type: ignore[arg-type]
            acting_user=self.request.user,  # type: ignore[arg-type]
            name=data.get("name"),
            duties=data.get("duties"),
            phone=data.get("phone"),
        )


class DeadlineQuery(serializers.Serializer[None]):
    start = date_field("起算日期")
    days = serializers.IntegerField(
        min_value=1,
        max_value=3650,
        help_text="期限天数（1–3650）",
        error_messages={
            "required": "请填写期限天数 days（1–3650 之间的整数）。",
            "invalid": "期限天数应为 1–3650 之间的整数。",
            "min_value": "期限天数应为 1–3650 之间的整数。",
            "max_value": "期限天数应为 1–3650 之间的整数。",
        },
    )
    kind = serializers.ChoiceField(
        choices=[("calendar", "自然日"), ("working", "工作日")],
        default="calendar",
        error_messages={"invalid_choice": "kind 只能是 calendar（自然日）或 working（工作日）。"},
    )
    roll_forward = serializers.BooleanField(default=True)


class DayNote(serializers.Serializer[None]):
    date = serializers.DateField()
    reason = serializers.CharField(help_text="例如 法定节假日、周末、调休上班")
    counted = serializers.BooleanField(required=False)


class DeadlineAnswer(serializers.Serializer[None]):
    start = serializers.DateField(help_text="起算日期（第 0 日）")
    days = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[("calendar", "自然日"), ("working", "工作日")])
    due = serializers.DateField(help_text="期限届满日")
    rolled_forward_from = serializers.DateField(
        allow_null=True, help_text="末日为休息日而顺延时，原来的末日"
    )
    calendar_version = serializers.CharField(help_text="所用节假日安排的版本，如 2026:de5dd74693")
    explanation = serializers.CharField(help_text="中文说明：怎样算出届满日")
    skipped = DayNote(many=True, help_text="跳过的休息日")
    days_noted = DayNote(many=True, help_text="计入或特别说明的日子")


class DeadlineView(APIView):
    """Compute a due date: the start date is day zero; the answer names its calendar version."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", date, required=True, description="起算日期 YYYY-MM-DD（第 0 日）"
            ),
            OpenApiParameter("days", int, required=True, description="期限天数（1–3650）"),
            OpenApiParameter("kind", str, enum=["calendar", "working"]),
            OpenApiParameter("roll_forward", bool, description="自然日期限末日为休息日时顺延"),
        ],
        responses={200: DeadlineAnswer},
    )
    def get(self, request: Request) -> Response:
        query = DeadlineQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        kind = DayKind(q["kind"])
        rule = DeadlineRule(
            code="adhoc",
            days=q["days"],
            kind=kind,
            source="",
            start_event="自起算日起",
            roll_forward_if_rest_day=q["roll_forward"] and kind is DayKind.CALENDAR,
        )
        start: date = q["start"]
        try:
            result = explain(working_calendar(), rule, start)
        except MissingScheduleError as exc:
            raise ApplicationError(
                f"{exc.year} 年的节假日安排尚未录入，无法计算期限。"
                f"请管理员在“系统管理 → 节假日安排”中录入国务院办公厅 {exc.year} 年放假通知。",
                code="calendar_year_missing",
            ) from exc
        deadline = result.deadline
        return Response(
            {
                "start": deadline.start.isoformat(),
                "days": deadline.days,
                "kind": deadline.kind.value,
                "due": deadline.due.isoformat(),
                "rolled_forward_from": (
                    deadline.rolled_forward_from.isoformat()
                    if deadline.rolled_forward_from
                    else None
                ),
                "calendar_version": deadline.calendar_version,
                "explanation": result.text,
                "skipped": [note.as_dict() for note in result.skipped],
                "days_noted": [note.as_dict() for note in result.days],
            }
        )
