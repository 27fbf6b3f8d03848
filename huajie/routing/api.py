"""API under /api/v1/routing/: proposals for a text, and the suggestion recorded with a case.

The same selectors as the registration form. Only the text is read; the accused unit (被反映单位,
检举控告类) and the units under it are never proposed."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.api import ERROR
from huajie.common.errors import NotFound, PermissionDenied
from huajie.orgs.models import User

from . import selectors
from .models import Source
from .suggest import Proposal

TAG = "分流建议"


def _user(request: Request) -> User:
    user = cast(User, request.user)
    if not selectors.may_ask(user):
        raise PermissionDenied("只有登记、办理或值班人员可以获取分流建议。")
    return user


class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="分类的完整路径（一级/二级/三级）或单位名称")
    confidence = serializers.FloatField(help_text="置信度 0–1")


class ProposalSerializer(serializers.Serializer):
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=Source.choices, help_text="模型、关键词规则或无建议"
    )
    source_label = serializers.CharField()
    model_version = serializers.IntegerField(allow_null=True)
    categories = ChoiceSerializer(many=True, help_text="最多三个问题分类，最可能的在前")
    units = ChoiceSerializer(many=True, help_text="最多三个承办单位，最可能的在前")


class SuggestRequestSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, default="", max_length=100)
    content = serializers.CharField(allow_blank=True, default="", max_length=20_000)
    accused_unit = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="被反映单位（检举控告类）"
    )


class RecordedSerializer(ProposalSerializer):
    petition = serializers.IntegerField(source="petition_id")
    chosen_category = serializers.IntegerField(source="chosen_category_id", allow_null=True)
    category_rank = serializers.IntegerField(
        allow_null=True, help_text="登记时所选分类在建议中的名次（1–3），未在建议中为空"
    )
    chosen_unit = serializers.IntegerField(
        source="chosen_unit_id", allow_null=True, help_text="登记时选定的转送或交办单位"
    )
    unit_rank = serializers.IntegerField(
        allow_null=True, help_text="选定单位在建议中的名次（1–3），未选或不在建议中为空"
    )
    created_at = serializers.DateTimeField()


def _proposal(p: Proposal) -> dict[str, object]:
    shown = bool(p.categories or p.units)
    return {
        "source": p.source if shown else Source.NONE,
        "source_label": p.label if shown else Source.NONE.label,
        "model_version": p.version,
        "categories": [c.as_dict() for c in p.categories],
        "units": [u.as_dict() for u in p.units],
    }


class SuggestView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="按诉求文本建议问题分类和承办单位",
        request=SuggestRequestSerializer,
        responses={200: ProposalSerializer, 403: OpenApiResponse(ERROR)},
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        query = SuggestRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        proposal = selectors.proposal_for_user(
            user=user, title=d["title"], content=d["content"], accused_unit_id=d["accused_unit"]
        )
        return Response(ProposalSerializer(_proposal(proposal)).data)


class PetitionSuggestionView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="登记时的分流建议和所选分类",
        responses={
            200: RecordedSerializer,
            403: OpenApiResponse(ERROR),
            404: OpenApiResponse(ERROR),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        found = selectors.suggestion_for_petition(user=_user(request), pk=pk)
        if found is None:
            raise NotFound("该事项登记时没有记录分流建议。")
        data = {
            "petition_id": found.petition_id,
            "source": found.source,
            "source_label": found.get_source_display(),
            "model_version": found.model_version,
            "categories": found.categories,
            "units": found.units,
            "chosen_category_id": found.chosen_category_id,
            "category_rank": found.category_rank,
            "chosen_unit_id": found.chosen_unit_id,
            "unit_rank": found.unit_rank,
            "created_at": found.created_at,
        }
        return Response(RecordedSerializer(data).data)
