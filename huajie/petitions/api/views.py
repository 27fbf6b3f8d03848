"""Petition endpoints: every read goes through a selector, every write through a service.

Scoping is the UI's: a case the user may not see answers 404 `not_found`, exactly like a case
that does not exist. Refusals are `ApplicationError`s, rendered by `huajie.common.api` as
{"code", "message", "fields"?} with a Chinese message.

A registration answers 201 with the new case's keys only (`RegisteredSerializer`: id, reg_no,
query_code, status, version, next_due, url) and a `Location` header, built from what the service
has just written; the whole case, with the actions the user may take, is a GET of that URL.
Writes on an existing case answer with the whole case.
"""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.orgs.models import User
from huajie.workflow.api import GONE, parse_write

from .. import rules, selectors, services
from ..actions import ACTIONS
from ..forms import reference_units
from ..forms.fields import handlers_for, leaders_for
from ..models import Petition
from . import inputs, outputs

TAG = "信访事项"
ERRORS = {
    400: OpenApiResponse(outputs.ERROR, description="提交的内容有误或业务规则不允许"),
    403: OpenApiResponse(outputs.ERROR, description="无权执行（permission_denied）"),
    404: OpenApiResponse(outputs.ERROR, description="事项不存在或无权查看（not_found）"),
}
STALE = {409: OpenApiResponse(outputs.ERROR, description="已被他人修改（stale_version）")}
ACTION_RESPONSES = {200: outputs.PetitionDetailSerializer, 204: GONE, **ERRORS, **STALE}


def _user(request: Request) -> User:
    return cast(User, request.user)


def _detail(request: Request, pk: int) -> Response:
    user = _user(request)
    petition = selectors.petition_get_for_user(user=user, pk=pk)
    context = {
        "today": timezone.localdate(),
        "actions": [
            {"action": a.name, "label": a.text(petition, "label")}
            for a in ACTIONS.available(user, petition)
        ],
    }
    return Response(outputs.PetitionDetailSerializer(petition, context=context).data)


def load_for_action(user: User, pk: int) -> Petition:
    return selectors.petition_get_for_user(user=user, pk=pk)


def after_write(request: Request, pk: int) -> Response:
    """The updated case, or 204 when the write moved it out of the user's sight."""
    try:
        return _detail(request, pk)
    except NotFound:
        return Response(status=status.HTTP_204_NO_CONTENT)


class LedgerPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class _PagedList(GenericAPIView[Petition]):
    """A page of ledger rows; `get_queryset` names the selector."""

    pagination_class = LedgerPagination
    serializer_class = outputs.PetitionRowSerializer

    def get(self, request: Request) -> Response:
        rows = self.paginate_queryset(self.get_queryset())
        context = {"today": timezone.localdate()}
        data = outputs.PetitionRowSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data)


class PetitionListView(_PagedList):
    @extend_schema(
        tags=[TAG],
        summary="台账（分页，不含个人信息）",
        parameters=[inputs.LedgerQuery],
        responses={200: outputs.PetitionRowSerializer(many=True), 400: ERRORS[400]},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def get_queryset(self) -> QuerySet[Petition]:
        query = inputs.LedgerQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.petition_list_for_user(user=_user(self.request), filters=query.filters())

    @extend_schema(
        tags=[TAG],
        summary="登记信访事项（登记到本人所在单位）",
        description="返回新事项的编号、查询码、状态、版本号和最近期限；完整的事项详情（含可执行的"
        "操作）见 url（即 Location 响应头）。",
        request=inputs.RegistrationIn,
        responses={201: outputs.RegisteredSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def post(self, request: Request) -> Response:
        body = inputs.RegistrationIn(data=request.data)
        body.is_valid(raise_exception=True)
        user = _user(request)
        if user.unit is None:
            raise PermissionDenied(
                "您的账号未关联单位，不能登记信访事项。请联系管理员设置所属单位。"
            )
        petition = services.petition_register(
            unit=user.unit, data=body.registration(), acting_user=user
        )
        url = request.build_absolute_uri(reverse("api:petition-detail", args=[petition.pk]))
        data = outputs.RegisteredSerializer(petition, context={"url": url}).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": url})


class MyWorkView(_PagedList):
    @extend_schema(
        tags=[TAG],
        summary="我的待办（按最近到期排序）",
        responses=outputs.PetitionRowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    def get_queryset(self) -> QuerySet[Petition]:
        return selectors.my_work_for_user(user=_user(self.request))


class CategoryListView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="问题分类（三级，平铺）",
        responses=outputs.CategorySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        categories = selectors.categories_tree()
        return Response(outputs.CategorySerializer(categories, many=True).data)


class PetitionDetailView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="事项详情（一案一档；身份证号、电话已脱敏）",
        responses={200: outputs.PetitionDetailSerializer, 404: ERRORS[404]},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)


class PersonalDataView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="信访人完整身份证号和电话（每次查看均记入办理记录）",
        responses={200: outputs.PersonalDataSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        petition = selectors.petition_get_for_user(user=user, pk=pk)
        services.full_view_logged(
            petition=petition,
            actor=user,
            what="查看信访人完整身份证号码和联系电话（接口）",
            request=request._request,  # the HttpRequest under DRF's, for the address
        )
        response = Response(outputs.PersonalDataSerializer(petition).data)
        add_never_cache_headers(response)
        return response


class UnknownActionView(APIView):
    """`POST …/actions/<name>/` for a name that is not an action: a sentence, not a bare 404."""

    @extend_schema(exclude=True)
    def post(self, request: Request, pk: int, name: str) -> Response:
        raise NotFound(
            "不支持该操作，请检查地址中的操作名称；可执行的操作见事项详情中的 actions。",
            code="unknown_action",
        )


class AttachmentView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=[TAG],
        summary="上传材料（按文件内容判断类型）",
        request={"multipart/form-data": inputs.AttachmentInput},
        responses={201: outputs.AttachmentSerializer, **ERRORS, **STALE},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        petition = selectors.petition_get_for_user(user=user, pk=pk)
        data = parse_write(inputs.AttachmentInput, request.data)
        attachment = services.petition_attach(
            petition=petition,
            acting_user=user,
            upload=data["file"],
            expected_version=data["expected_version"],
        )
        return Response(
            outputs.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


class RoutingUnitsView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="可转送、交办的单位",
        description="该事项可以转送或交办的在用单位（按单位树排列）。检举控告类不含被反映单位及其"
        "下属单位。所选单位的包案领导和承办人见 assignees/?unit=。",
        responses={200: outputs.UnitRefSerializer(many=True), 404: ERRORS[404]},
    )
    def get(self, request: Request, pk: int) -> Response:
        petition = selectors.petition_get_for_user(user=_user(request), pk=pk)
        units = [u for u in reference_units() if rules.may_route_to(petition, u)]
        return Response(outputs.UnitRefSerializer(units, many=True).data)


class AssigneesView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="所选单位可担任包案领导、承办人的人员",
        description="交办（assign）时 responsible_leader 与 handler 可选的人：该单位（及其上下级）"
        "的领导，该单位及其下属单位的承办人。",
        parameters=[inputs.AssigneesQuery],
        responses={200: outputs.AssigneesSerializer, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, pk: int) -> Response:
        petition = selectors.petition_get_for_user(user=_user(request), pk=pk)
        query = inputs.AssigneesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit = next((u for u in reference_units() if u.pk == query.validated_data["unit"]), None)
        if unit is None or not rules.may_route_to(petition, unit):
            raise ApplicationError(
                "该单位不存在、已停用，或不能承办此事项（被反映单位须回避）。请重新选择单位。",
                code="invalid_unit",
                field="unit",
            )
        body = {"unit": unit, "leaders": leaders_for(unit), "handlers": handlers_for(unit)}
        return Response(outputs.AssigneesSerializer(body).data)
