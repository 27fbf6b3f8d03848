"""The duty API under /api/v1/duty/: the same selectors and services as the screens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.errors import NotFound, PermissionDenied
from huajie.common.identity import mask_phone
from huajie.orgs.models import User

from . import selectors
from .models import DutyLogEntry, LogChannel, ReportKind
from .services import log as log_services
from .services import reports as report_services
from .services.roster import roster_rows

TAG = "值班值守"


def _user(request: Request) -> User:
    return cast(User, request.user)


class PersonOut(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class OnDutyOut(serializers.Serializer):
    unit = serializers.CharField()
    unit_id = serializers.IntegerField()
    duty_phone = serializers.CharField()
    slot = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    leaders = PersonOut(many=True)
    officers = PersonOut(many=True)
    gap = serializers.CharField()


def _person(u: User) -> dict[str, str]:
    return {"name": u.full_name or u.get_username(), "phone": u.phone}


class OnDutyView(APIView):
    @extend_schema(
        tags=[TAG], summary="正在值班（本单位及下级单位）", responses=OnDutyOut(many=True)
    )
    def get(self, request: Request) -> Response:
        rows = [
            {
                "unit": r.unit.name,
                "unit_id": r.unit.pk,
                "duty_phone": r.phone,
                "slot": r.slot.label if r.slot else "",
                "starts_at": r.slot.starts_at if r.slot else None,
                "ends_at": r.slot.ends_at if r.slot else None,
                "leaders": [_person(u) for u in r.leaders],
                "officers": [_person(u) for u in r.officers],
                "gap": r.gap,
            }
            for r in selectors.on_duty_now(user=_user(request))
        ]
        return Response(OnDutyOut(rows, many=True).data)


class EntryOut(serializers.ModelSerializer):
    caller_phone = serializers.SerializerMethodField()
    unit = serializers.CharField(source="unit.name")
    links = serializers.SerializerMethodField()

    class Meta:
        model = DutyLogEntry
        fields = [
            "id",
            "unit",
            "received_at",
            "channel",
            "caller_name",
            "caller_org",
            "caller_phone",
            "content",
            "action_taken",
            "told",
            "status",
            "closed_at",
            "links",
        ]

    def get_caller_phone(self, obj: DutyLogEntry) -> str:
        return mask_phone(obj.caller_phone) if obj.caller_phone else ""

    def get_links(self, obj: DutyLogEntry) -> list[dict[str, str]]:
        return [{"target": link.target, "label": link.label} for link in obj.links.all()]


class EntryIn(serializers.Serializer):
    received_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=LogChannel.choices)
    caller_name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    caller_org = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    caller_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20, default=""
    )
    content = serializers.CharField()
    action_taken = serializers.CharField(required=False, allow_blank=True, default="")
    told = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class LogListView(APIView):
    @extend_schema(
        tags=[TAG], summary="值班记录（最近 100 条，电话已脱敏）", responses=EntryOut(many=True)
    )
    def get(self, request: Request) -> Response:
        rows = selectors.entries_for_user(user=_user(request)).prefetch_related("links")[:100]
        return Response(EntryOut(rows, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="登记值班记录（登记到本人所在单位）",
        request=EntryIn,
        responses={201: EntryOut},
    )
    def post(self, request: Request) -> Response:
        body = EntryIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        if user.unit is None:
            raise PermissionDenied(
                "您的账号未关联单位，不能登记值班记录。请联系管理员设置所属单位。"
            )
        entry = log_services.entry_create(unit=user.unit, acting_user=user, **body.validated_data)
        return Response(EntryOut(entry).data, status=status.HTTP_201_CREATED)


class LogDetailView(APIView):
    @extend_schema(tags=[TAG], summary="值班记录详情", responses=EntryOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(EntryOut(selectors.entry_get(user=_user(request), pk=pk)).data)


class DueOut(serializers.Serializer):
    definition_id = serializers.IntegerField()
    name = serializers.CharField()
    cutoff_at = serializers.DateTimeField()
    minutes_left = serializers.IntegerField()
    filed = serializers.BooleanField()
    kind = serializers.CharField()
    minutes_late = serializers.IntegerField()


class ReportIn(serializers.Serializer):
    definition_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    content = serializers.CharField(required=False, allow_blank=True, default="")


class ReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    cutoff_at = serializers.DateTimeField()
    kind = serializers.CharField()
    filed_at = serializers.DateTimeField()
    minutes_late = serializers.IntegerField()


class ReportsView(APIView):
    @extend_schema(tags=[TAG], summary="本单位今日应报（剩余分钟数）", responses=DueOut(many=True))
    def get(self, request: Request) -> Response:
        user = _user(request)
        dues = selectors.reports_due(unit=user.unit) if user.unit else []
        rows = [
            {
                "definition_id": d.definition.pk,
                "name": d.definition.name,
                "cutoff_at": d.cutoff.at,
                "minutes_left": d.minutes_left,
                "filed": d.report is not None,
                "kind": d.report.kind if d.report else "",
                "minutes_late": d.report.minutes_late if d.report else 0,
            }
            for d in dues
        ]
        return Response(DueOut(rows, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="报送（或零报告），按当前时间对应的截止时间",
        request=ReportIn,
        responses={201: ReportOut},
    )
    def post(self, request: Request) -> Response:
        body = ReportIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        definition = (
            selectors.definitions_for_user(user=user)
            .filter(pk=body.validated_data["definition_id"])
            .first()
        )
        if definition is None or user.unit is None:
            raise NotFound("未找到该报送要求，或您无权报送。", field="definition_id")
        report = report_services.report_file(
            definition=definition,
            unit=user.unit,
            kind=body.validated_data["kind"],
            content=body.validated_data["content"],
            acting_user=user,
        )
        return Response(ReportOut(report).data, status=status.HTTP_201_CREATED)


class MatrixView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="报送情况（单位 × 日期）",
        parameters=[
            OpenApiParameter("definition", int, required=True),
            OpenApiParameter("first", str, description="YYYY-MM-DD"),
            OpenApiParameter("last", str, description="YYYY-MM-DD"),
        ],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        q = request.query_params
        definition = (
            selectors.definitions_for_user(user=user).filter(pk=q.get("definition") or 0).first()
            if str(q.get("definition", "")).isdigit()
            else None
        )
        if definition is None:
            raise NotFound("未找到该报送要求，或您无权查看。", field="definition")
        from .views.common import day_param

        last = day_param(q.get("last"), timezone.localdate())
        first = day_param(q.get("first"), last - timedelta(days=13))
        if last < first or (last - first).days > 92:
            raise NotFound("日期范围须在 93 天以内，且开始不晚于结束。", field="first")
        days, rows = selectors.report_matrix(
            user=user, definition=definition, first=first, last=last
        )
        data: dict[str, Any] = {
            "days": [d.isoformat() for d in days],
            "units": [
                {
                    "unit": r.unit.name,
                    "unit_id": r.unit.pk,
                    "due": r.due,
                    "reported": r.reported,
                    "on_time": r.on_time,
                    "cells": [
                        [
                            {
                                "status": m.status,
                                "cutoff_at": m.at.isoformat(),
                                "minutes_late": m.minutes_late,
                            }
                            for m in cell
                        ]
                        for cell in r.cells
                    ],
                }
                for r in rows
            ],
        }
        return Response(data)


class RosterRowOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(help_text="单位名称")
    month = serializers.CharField(help_text="月份，如 2026-12")
    status = serializers.CharField(help_text="draft 编制中 / published 已发布")
    edition = serializers.IntegerField(help_text="已发布的版本数")
    filed_at = serializers.DateTimeField(allow_null=True, help_text="向上级报备的时间")


class RosterListView(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="duty_rosters_list",
        summary="值班表（本单位及下级单位报备的）",
        responses={200: RosterRowOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.rosters_for_user(user=_user(request))[:100]
        return Response(
            [
                {
                    "id": r.pk,
                    "unit": r.unit.name,
                    "month": r.month.strftime("%Y-%m"),
                    "status": r.status,
                    "edition": r.edition,
                    "filed_at": r.filed_at,
                }
                for r in rows
            ]
        )


class RosterDetailView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="值班表明细（日期、星期、带班领导、值班人员、电话）",
        responses={200: dict},
    )
    def get(self, request: Request, pk: int) -> Response:
        roster = selectors.roster_get(user=_user(request), pk=pk)
        return Response(
            {
                "id": roster.pk,
                "unit": roster.unit.name,
                "month": roster.month.strftime("%Y-%m"),
                "status": roster.status,
                "edition": roster.edition,
                "rows": roster_rows(roster),
            }
        )
