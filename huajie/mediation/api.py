"""Mediation endpoints under /api/v1/mediation/: the same selectors (scoping: another unit's
dispute answers 404 `not_found`) and the same services; every action is its own path, generated
from `mediation.actions.ACTIONS`. Personal data is masked."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common import api_fields
from huajie.common.api import ERROR
from huajie.common.counting import is_estimated_count
from huajie.common.errors import ApplicationError, NotFound
from huajie.common.identity import mask_id_number, mask_phone
from huajie.orgs.models import User

from . import selectors, services
from .actions import ACTIONS
from .models import (
    AnalysisMeeting,
    Dispute,
    DisputeClass,
    DisputeType,
    Gender,
    PartyKind,
    Procedure,
    Side,
    Source,
)
from .rates import GROUPS, Rate, rates_for_user
from .selectors import DisputeFilters
from .views.presenters import badge

TAG = "矛盾纠纷调解"
ERRORS = {
    400: OpenApiResponse(ERROR, description="提交的内容有误或业务规则不允许"),
    403: OpenApiResponse(ERROR, description="无权执行（permission_denied）"),
    404: OpenApiResponse(ERROR, description="纠纷不存在或无权查看（not_found）"),
    409: OpenApiResponse(ERROR, description="已被他人修改（stale_version）"),
}


def _user(request: Request) -> User:
    return cast(User, request.user)


class RowSerializer(serializers.ModelSerializer[Dispute]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    dispute_type_name = serializers.CharField(source="dispute_type.__str__", read_only=True)

    class Meta:
        model = Dispute
        fields = ["id", "reg_no", "title", "dispute_type", "dispute_type_name", "dispute_class",
                  "source", "procedure", "level", "unit", "unit_name", "received_on", "status",
                  "status_label", "next_due", "version"]  # fmt: skip


class PartyOut(serializers.Serializer[Any]):
    side = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    address = serializers.CharField()
    gender = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    ethnicity = serializers.CharField()
    occupation = serializers.CharField()

    def get_id_number(self, party: Any) -> str:
        return mask_id_number(party.id_number)

    def get_phone(self, party: Any) -> str:
        return mask_phone(party.phone)


class DetailSerializer(RowSerializer):
    parties = PartyOut(many=True, read_only=True)
    clocks = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta(RowSerializer.Meta):
        fields = [*RowSerializer.Meta.fields, "summary", "place", "class_reason", "source_note",
                  "risk_note", "accepted_on", "agreement_form", "agreement_on", "performance",
                  "confirmation", "failure_reasons", "route", "referred_to", "mediator",
                  "parties", "clocks", "actions", "events"]  # fmt: skip

    def get_clocks(self, dispute: Dispute) -> list[dict[str, Any]]:
        today = self.context["today"]
        return [
            {"kind": c.kind, "label": c.get_kind_display(), "due": c.due, "window": c.rule_window,
             "state": badge(c, today).state, "rule": badge(c, today).rule}
            for c in dispute.clocks.all()
        ]  # fmt: skip

    def get_actions(self, dispute: Dispute) -> list[dict[str, str]]:
        return list(self.context["actions"])

    def get_events(self, dispute: Dispute) -> list[dict[str, Any]]:
        return [
            {"kind": e.kind, "at": e.at, "on": (e.changes or {}).get("on"),
             "actor": str(e.actor or ""), "text": e.text, "to_status": e.to_status}
            for e in dispute.events.all()
        ]  # fmt: skip


def _detail(request: Request, pk: int) -> Response:
    user = _user(request)
    dispute = selectors.dispute_get_for_user(user=user, pk=pk)
    actions = [{"action": a.name, "label": a.text(dispute, "label")}
               for a in ACTIONS.available(user, dispute)]  # fmt: skip
    context = {"today": timezone.localdate(), "actions": actions}
    return Response(DetailSerializer(dispute, context=context).data)


def load_for_action(user: User, pk: int) -> Dispute:
    return selectors.dispute_get_for_user(user=user, pk=pk)


def after_write(request: Request, pk: int) -> Response:
    try:
        return _detail(request, pk)
    except NotFound:
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartyIn(serializers.Serializer[Any]):
    side = api_fields.choice("当事方", Side.choices)
    kind = api_fields.choice("类别", PartyKind.choices)
    name = api_fields.text("姓名或名称", max_length=100)
    id_number = api_fields.text("身份证号", max_length=30)
    phone = api_fields.text("联系电话", max_length=30)
    address = api_fields.text("住址", max_length=200)
    gender = api_fields.choice("性别", Gender.choices)
    birth_date = api_fields.optional_date("出生日期（填写身份证号的可不填）")
    ethnicity = api_fields.text("民族", max_length=20)
    occupation = api_fields.text("职业或工作单位", max_length=100)


class DisputeIn(serializers.Serializer[Any]):
    title = api_fields.text("纠纷摘要", max_length=100)
    summary = api_fields.text("纠纷简要情况", max_length=5000)
    dispute_type = serializers.PrimaryKeyRelatedField(
        queryset=DisputeType.objects.filter(active=True), required=False, allow_null=True,
        help_text="纠纷类型编号（GET /api/v1/mediation/types/）",
    )  # fmt: skip
    dispute_class = serializers.ChoiceField(
        choices=DisputeClass.choices, required=False, allow_null=True, help_text="纠纷等级 1/2/3"
    )
    source = api_fields.choice("来源", Source.choices)  # type: ignore[assignment]
    procedure = api_fields.choice("程序", Procedure.choices)
    received_on = api_fields.optional_date("发现（申请）日期")
    class_reason = api_fields.text("定级理由", max_length=200)
    source_note = api_fields.text("来源说明", max_length=200)
    place = api_fields.text("详细地点", max_length=200)
    risk_note = api_fields.text("风险提示（描述纠纷，不针对个人）", max_length=2000)
    outcome = api_fields.text("简易程序的当场调解结果", max_length=2000)
    unit = api_fields.unit_field("调解组织")
    parties = PartyIn(many=True, required=False)
    source_token = api_fields.text("转登记来源（?from= 的值）", max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False


class Paged(PageNumberPagination):
    """`count` is PostgreSQL's estimate above 5,000 disputes (`common.counting`), then
    `count_estimated` is true."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        assert self.page is not None  # noqa: S101 - set by paginate_queryset
        estimated = is_estimated_count(self.page.paginator.object_list)
        response.data["count_estimated"] = estimated
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": "count 为数据库的估计值（超过 5,000 条时）",
        }
        return out


class DisputeListView(GenericAPIView[Dispute]):
    pagination_class = Paged
    serializer_class = RowSerializer

    @extend_schema(tags=[TAG], summary="纠纷台账（分页，不含个人信息）",
                   responses={200: RowSerializer(many=True)})  # fmt: skip
    def get(self, request: Request) -> Response:
        g = request.query_params
        filters = DisputeFilters(
            q=g.get("q", "")[:50],
            status=g.get("status", ""),
            unit=int(g["unit"]) if g.get("unit", "").isdigit() else None,
            mine=g.get("mine") == "1",
            sort=g.get("sort", "-received_on"),
        )
        qs = selectors.dispute_list_for_user(user=_user(request), filters=filters,
                                             today=timezone.localdate())  # fmt: skip
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RowSerializer(page, many=True).data)

    @extend_schema(tags=[TAG], summary="登记纠纷", request=DisputeIn,
                   responses={201: RowSerializer, **ERRORS})  # fmt: skip
    def post(self, request: Request) -> Response:
        body = DisputeIn(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        token = d.pop("source_token", "")
        parties = [services.PartyInput(**{k: v for k, v in p.items() if v is not None})
                   for p in d.pop("parties", [])]  # fmt: skip
        for key in ("kind",):
            for p in parties:
                if not getattr(p, key):
                    p.kind = PartyKind.PERSON
        cls = d.pop("dispute_class", None)
        # Optional in the request, required by the service (which refuses with a sentence).
        d.setdefault("dispute_type", None)
        d.setdefault("received_on", None)
        data = services.DisputeInput(parties=parties, dispute_class=int(cls) if cls else None, **d)
        dispute = services.dispute_register(data=data, acting_user=_user(request),
                                            intake_token=token)  # fmt: skip
        url = reverse("api:mediation-dispute-detail", args=[dispute.pk])
        return Response(RowSerializer(dispute).data, status=201, headers={"Location": url})


class DisputeDetailView(APIView):
    @extend_schema(tags=[TAG], summary="纠纷详情（含可执行的操作）",
                   responses={200: DetailSerializer, 404: ERRORS[404]})  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)


class TypeListView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="纠纷类型",
        responses={200: OpenApiResponse(description="[{id, name, status_matter}]")},
    )
    def get(self, request: Request) -> Response:
        return Response([
            {"id": t.pk, "name": str(t), "status_matter": t.status_matter}
            for t in selectors.types_active()
        ])  # fmt: skip


class ScreeningReportIn(serializers.Serializer[Any]):
    unit = api_fields.unit_field("排查单位")
    period_start = api_fields.optional_date("排查周期开始日（取自 GET 的 periods.start）")
    none_found = serializers.BooleanField(default=False, help_text="本轮未发现矛盾纠纷（零报告）")
    findings = api_fields.text("排查情况", max_length=5000)
    disputes = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list,
        help_text="列入报告的纠纷编号（id）",
    )  # fmt: skip


class ScreeningView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="排查情况（各单位近期周期：按时、迟报、未报）",
        responses={200: OpenApiResponse(description="units with periods")},
    )
    def get(self, request: Request) -> Response:
        from .services.screening import screening_overview

        units = screening_overview(user=_user(request), today=timezone.localdate())
        return Response([
            {"unit": u.unit.pk, "unit_name": u.unit.name, "every_days": u.schedule.every_days,
             "missing": u.missing, "late": u.late,
             "periods": [{"start": p.period.start, "end": p.period.end, "state": p.state,
                          "report": p.report.pk if p.report else None} for p in u.periods]}
            for u in units
        ])  # fmt: skip

    @extend_schema(tags=[TAG], summary="报送一轮排查报告（发现的纠纷或零报告）",
                   request=ScreeningReportIn,
                   responses={201: OpenApiResponse(description="{id, unit, period_start, "
                                                   "period_end, late}"), **ERRORS})  # fmt: skip
    def post(self, request: Request) -> Response:
        from huajie.common.scoping import visible_to

        from .services.screening import screening_report

        body = ScreeningReportIn(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        user = _user(request)
        disputes = list(visible_to(Dispute.objects.all(), user).filter(pk__in=d["disputes"]))
        report = screening_report(
            unit=d["unit"], acting_user=user, period_start=d["period_start"],
            none_found=d["none_found"], findings=d["findings"], disputes=disputes,
            reported_on=timezone.localdate(),
        )  # fmt: skip
        return Response(
            {"id": report.pk, "unit": report.unit_id, "period_start": report.period_start,
             "period_end": report.period_end, "late": report.late},
            status=201,
        )  # fmt: skip


class RatesView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="调解工作指标（参调率、调解成功率、满意率等，含分子分母；按调解组织、乡镇或月份）",
        parameters=[
            OpenApiParameter("by", str, enum=list(GROUPS), description="分组：unit、town、month"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="发现日期起"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="发现日期止"),
        ],
        responses={200: OpenApiResponse(description="{overall: [rate], rows: [{label, rank, "
                                        "rates: [rate]}]}")},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        g = request.query_params
        by = g.get("by", "unit")
        if by not in GROUPS:
            raise ApplicationError("分组只能是 unit（调解组织）、town（乡镇）或 month（月份）。",
                                   field="by")  # fmt: skip
        dates = serializers.DateField(required=False, allow_null=True)
        start = dates.to_internal_value(g["from"]) if g.get("from") else None
        end = dates.to_internal_value(g["to"]) if g.get("to") else None
        overall, rows = rates_for_user(user=_user(request), start=start, end=end, by=by)

        def out(r: Rate) -> dict[str, Any]:
            return {"key": r.key, "label": r.label, "num": r.num, "den": r.den,
                    "percent": r.percent, "target": r.target, "below_target": r.below_target,
                    "small": r.small}  # fmt: skip

        return Response({
            "by": by,
            "overall": [out(r) for r in overall],
            "rows": [{"label": row.label, "rank": row.rank, "rates": [out(r) for r in row.rates]}
                     for row in rows],
        })  # fmt: skip


class MeetingIn(serializers.Serializer[Any]):
    unit = api_fields.unit_field("召开例会的单位（默认本单位）")
    held_on = api_fields.optional_date("会议日期")
    chair = api_fields.text("主持人", max_length=50)
    attendees = api_fields.text("参会人员", max_length=2000)
    discussion = api_fields.text("研判情况", max_length=5000)
    decisions = api_fields.text("议定事项", max_length=5000)
    disputes = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list,
        help_text="研判的纠纷（id）",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False


def _meeting_out(m: AnalysisMeeting) -> dict[str, Any]:
    return {"id": m.pk, "unit": m.unit_id, "unit_name": m.unit.name, "held_on": m.held_on,
            "chair": m.chair, "attendees": m.attendees, "discussion": m.discussion,
            "decisions": m.decisions,
            "disputes": [d.pk for d in m.disputes.all()]}  # fmt: skip


class MeetingsView(APIView):
    @extend_schema(tags=[TAG], summary="分析研判例会（本单位及所辖，新→旧）",
                   responses={200: OpenApiResponse(description="[meeting]")})  # fmt: skip
    def get(self, request: Request) -> Response:
        rows = selectors.meetings_for_user(user=_user(request)).prefetch_related("disputes")
        return Response([_meeting_out(m) for m in rows[:100]])

    @extend_schema(tags=[TAG], summary="记录分析研判例会", request=MeetingIn,
                   responses={201: OpenApiResponse(description="meeting"), **ERRORS})  # fmt: skip
    def post(self, request: Request) -> Response:
        from huajie.common.scoping import visible_to

        from .services.screening import meeting_record

        body = MeetingIn(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        user = _user(request)
        unit = d.get("unit") or user.unit
        if unit is None:
            raise ApplicationError("您的账号未关联单位，不能记录研判例会。", code="no_unit")
        disputes = list(visible_to(Dispute.objects.all(), user).filter(pk__in=d["disputes"]))
        meeting = meeting_record(
            unit=unit, acting_user=user, held_on=d["held_on"], chair=d["chair"],
            attendees=d["attendees"], discussion=d["discussion"], decisions=d["decisions"],
            disputes=disputes,
        )  # fmt: skip
        return Response(_meeting_out(meeting), status=201)
