"""API under /api/v1/similarity/: duplicate candidates, a case's links, hot issues.

The same selectors and services as the HTML views; refusals are `ApplicationError`s rendered as
{"code", "message"} with a Chinese message. ID numbers travel in a POST body, never in a URL.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.api_fields import date_field, id_field
from huajie.common.scoping import get_visible
from huajie.orgs.models import User
from huajie.petitions.models import Petition

from . import selectors, services
from .hot import Window
from .models import LinkKind

TAG = "重复件与热点问题"


def _user(request: Request) -> User:
    return cast(User, request.user)


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reg_no = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    received_on = serializers.DateField()


class CandidateQuerySerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, default="", max_length=100)
    content = serializers.CharField(allow_blank=True, default="", max_length=20_000)
    id_numbers = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=30), default=list, max_length=20
    )
    exclude = id_field("排除的事项编号（本件）", required=False, allow_null=True, default=None)
    limit = serializers.IntegerField(default=5, min_value=1, max_value=20)


class CandidateSerializer(serializers.Serializer):
    petition = CaseRefSerializer()
    score = serializers.FloatField(help_text="用词重合程度（估计的 Jaccard 相似度），0–1")
    reason = serializers.ChoiceField(choices=["same_petitioner", "near_duplicate", "similar"])
    reason_label = serializers.CharField()


class CandidatesView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="可能重复的事项（登记时查重）",
        request=CandidateQuerySerializer,
        responses=CandidateSerializer(many=True),
    )
    def post(self, request: Request) -> Response:
        query = CandidateQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        found = selectors.duplicate_candidates(
            user=_user(request),
            title=data["title"],
            content=data["content"],
            id_numbers=data["id_numbers"],
            exclude_pk=data["exclude"],
            limit=data["limit"],
        )
        return Response(CandidateSerializer(found, many=True).data)


class LinkSerializer(serializers.Serializer):
    kind = serializers.CharField(source="link.kind")
    kind_label = serializers.CharField(source="link.get_kind_display")
    relation = serializers.CharField(
        source="label", help_text="从本件看的关系，例如“其为本件的重复件”"
    )
    other = CaseRefSerializer()
    note = serializers.CharField(source="link.note")
    created_by = serializers.CharField(source="link.created_by")
    created_at = serializers.DateTimeField(source="link.created_at")


class LinkCreateSerializer(serializers.Serializer):
    other_reg_no = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    note = serializers.CharField(max_length=200, allow_blank=True, default="")


def _links(request: Request, petition: Petition) -> list[dict[str, Any]]:
    views = selectors.links_for_user(user=_user(request), petition=petition)
    return cast(list[dict[str, Any]], LinkSerializer(views, many=True).data)


class PetitionLinksView(APIView):
    @extend_schema(tags=[TAG], summary="事项的重复件与关联件", responses=LinkSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        petition = get_visible(Petition.objects.all(), _user(request), pk=pk)
        return Response(_links(request, petition))

    @extend_schema(
        tags=[TAG],
        summary="标记重复件或关联件（双方办理记录各记一条）",
        request=LinkCreateSerializer,
        responses={201: LinkSerializer(many=True)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        petition = get_visible(Petition.objects.all(), user, pk=pk)
        body = LinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        other = selectors.petition_by_reg_no_for_user(
            user=user, reg_no=body.validated_data["other_reg_no"]
        )
        services.petition_link(
            petition=petition,
            other=other,
            kind=body.validated_data["kind"],
            note=body.validated_data["note"],
            acting_user=user,
        )
        return Response(_links(request, petition), status=status.HTTP_201_CREATED)


class PetitionLinkView(APIView):
    @extend_schema(tags=[TAG], summary="取消标记（双方办理记录各记一条）", responses={204: None})
    def delete(self, request: Request, pk: int, other_pk: int) -> Response:
        user = _user(request)
        petition = get_visible(Petition.objects.all(), user, pk=pk)
        other = get_visible(Petition.objects.all(), user, pk=other_pk)
        services.petition_unlink(petition=petition, other=other, acting_user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class HotQuerySerializer(serializers.Serializer):
    days = serializers.ChoiceField(choices=[7, 30, 90, 365], default=30)
    start = date_field("自定义时间范围起", required=False)
    end = date_field("自定义时间范围止", required=False)
    region = serializers.RegexField(r"^\d{12}$", required=False, default="")
    top = serializers.IntegerField(default=10, min_value=1, max_value=50)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("start"), attrs.get("end")
        if bool(start) != bool(end):
            raise serializers.ValidationError("自定义时间范围请同时填写 start 和 end。")
        if start and end and start > end:
            raise serializers.ValidationError("start 不能晚于 end。")
        return attrs


class HotIssueSerializer(serializers.Serializer):
    name = serializers.CharField(source="label", help_text="2–3 个关键词")
    keywords = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()
    previous = serializers.IntegerField()
    trend = serializers.ChoiceField(choices=["new", "up", "down", "flat"])
    regions = serializers.ListField(child=serializers.ListField())
    examples = serializers.SerializerMethodField()

    def get_examples(self, issue: Any) -> list[dict[str, Any]]:
        return [
            {"id": d.pk, "reg_no": d.reg_no, "title": d.title, "received_on": d.received_on}
            for d in issue.examples
        ]


class HotIssuesOut(serializers.Serializer):
    start = serializers.DateField(help_text="统计时间范围起")
    end = serializers.DateField(help_text="统计时间范围止")
    cases = serializers.IntegerField(help_text="范围内的事项数")
    missing_signatures = serializers.IntegerField(help_text="尚未计算相似度签名的事项数")
    issues = HotIssueSerializer(many=True)


class HotIssuesView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="热点问题",
        parameters=[HotQuerySerializer],
        responses=HotIssuesOut,
    )
    def get(self, request: Request) -> Response:
        query = HotQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data.get("start"):
            window = Window(data["start"], data["end"])
        else:
            window = Window.ending(timezone.localdate(), int(data["days"]))
        result = selectors.hot_issues_for_user(
            user=_user(request), window=window, region=data["region"], top_n=data["top"]
        )
        return Response(
            {
                "start": window.start,
                "end": window.end,
                "cases": result.cases,
                "missing_signatures": result.missing,
                "issues": HotIssueSerializer(result.issues, many=True).data,
            }
        )
