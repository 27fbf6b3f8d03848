"""Emergency endpoints under /api/v1/emergency/: the same selectors (another unit's incident or
hazard is 404 `not_found`) and the same services (refusals are 400/403 with the Chinese
sentence); an incident's and a hazard's actions are their registry's paths (`api_urls`):
`POST …/incidents/{id}/actions/<action>/`, `POST …/hazards/{id}/actions/<action>/`."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common import api_fields
from huajie.common.api import ERROR
from huajie.common.errors import ApplicationError
from huajie.orgs.models import User

from . import selectors
from .actions import HAZARD_ACTIONS, INCIDENT_ACTIONS
from .models import Hazard, Incident, IncidentResponder, PlanIncidentType
from .services import incidents as svc

TAG = "应急预案与突发事件"
ERRORS = {
    400: OpenApiResponse(ERROR, description="提交的内容有误或业务规则不允许"),
    403: OpenApiResponse(ERROR, description="无权执行（permission_denied）"),
    404: OpenApiResponse(ERROR, description="事件不存在或无权查看（not_found）"),
}


def _user(request: Request) -> User:
    return cast(User, request.user)


class IncidentResponderOut(serializers.ModelSerializer[IncidentResponder]):
    user_name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = IncidentResponder
        fields = ["id", "group_name", "user", "user_name", "ack_minutes", "arrive_minutes",
                  "notified_at", "acked_at", "arrived_at"]  # fmt: skip


class IncidentOut(serializers.ModelSerializer[Incident]):
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    grade = serializers.IntegerField(read_only=True, allow_null=True)
    suggested_grade = serializers.IntegerField(read_only=True, allow_null=True)
    incident_type_name = serializers.CharField(source="incident_type.name", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "reg_no", "title", "incident_type", "incident_type_name", "place",
                  "people_count", "deaths", "injured", "description", "received_at",
                  "suggested_grade", "grade", "status", "status_label", "is_exercise",
                  "activated_at", "stood_down_at", "version"]  # fmt: skip


class IncidentDetailOut(IncidentOut):
    responders = IncidentResponderOut(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(IncidentOut.Meta):
        fields = [*IncidentOut.Meta.fields, "responders", "actions"]

    def get_actions(self, obj: Incident) -> list[dict[str, str]]:
        """What the caller may do now: each is `POST …/incidents/{id}/actions/<action>/`."""
        user = self.context["user"]
        return [{"action": a.name, "label": a.text(obj, "label")}
                for a in INCIDENT_ACTIONS.available(user, obj)]  # fmt: skip


class IncidentIn(serializers.Serializer[Any]):
    incident_type = api_fields.id_field("事件类型")
    title = serializers.CharField(max_length=100)
    place = serializers.CharField(max_length=200)
    description = serializers.CharField()
    received_at = serializers.DateTimeField()
    people_count = serializers.IntegerField(min_value=0, default=0)
    deaths = serializers.IntegerField(min_value=0, default=0)
    injured = serializers.IntegerField(min_value=0, default=0)
    is_exercise = serializers.BooleanField(default=False)
    intake_token = serializers.CharField(required=False, allow_blank=True, default="")


def _detail(user: User, pk: int, code: int = status.HTTP_200_OK) -> Response:
    incident = selectors.incident_get_for_user(user=user, pk=pk)
    return Response(IncidentDetailOut(incident, context={"user": user}).data, status=code)


def incident_detail(request: Request, pk: int) -> Response:
    return _detail(_user(request), pk)


def load_incident(user: User, pk: int) -> Incident:
    return selectors.incident_get_for_user(user=user, pk=pk)


class IncidentListView(APIView):
    @extend_schema(tags=[TAG], summary="在办突发事件", responses={200: IncidentOut(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.incident_list_for_user(user=_user(request), status="open")[:200]
        return Response(IncidentOut(rows, many=True).data)

    @extend_schema(tags=[TAG], summary="接报登记", request=IncidentIn,
                   responses={201: IncidentDetailOut, **ERRORS})  # fmt: skip
    def post(self, request: Request) -> Response:
        body = IncidentIn(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        user = _user(request)
        itype = PlanIncidentType.objects.filter(pk=d.pop("incident_type")).first()
        if itype is None:
            raise ApplicationError("事件类型不存在，请重新选择。", field="incident_type")
        token = d.pop("intake_token")
        incident = svc.incident_register(
            data=svc.IncidentInput(incident_type=itype, **d), acting_user=user, intake_token=token
        )
        return _detail(user, incident.pk, status.HTTP_201_CREATED)


class IncidentDetailView(APIView):
    @extend_schema(tags=[TAG], summary="突发事件详情（含当前可办理的操作）",
                   responses={200: IncidentDetailOut, **ERRORS})  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return _detail(_user(request), pk)


class ResponderActView(APIView):
    """收到 (`ack`) or 到达 (`arrive`) on the caller's own call-out."""

    action = "ack"

    @extend_schema(tags=[TAG], summary="收到 / 到达", request=None,
                   responses={200: IncidentResponderOut, **ERRORS})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        responder = IncidentResponder.objects.filter(pk=pk, user=user).first()
        if responder is None:
            from huajie.common.errors import NotFound

            raise NotFound("未找到您的这项应急任务。")
        service = svc.responder_ack if self.action == "ack" else svc.responder_arrive
        return Response(IncidentResponderOut(service(responder=responder, acting_user=user)).data)


class HazardOut(serializers.ModelSerializer[Hazard]):
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)
    responsible_name = serializers.CharField(source="responsible.__str__", read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Hazard
        fields = ["id", "place", "place_name", "item", "description", "level", "deadline",
                  "responsible", "responsible_name", "measures", "funds", "contingency",
                  "supervisor_unit", "status", "status_label", "rectified_on", "rectify_note",
                  "rechecked_on", "recheck_note", "version", "actions"]  # fmt: skip

    def get_actions(self, obj: Hazard) -> list[dict[str, str]]:
        """What the caller may do now: each is `POST …/hazards/{id}/actions/<action>/`."""
        user = self.context["user"]
        return [{"action": a.name, "label": a.text(obj, "label")}
                for a in HAZARD_ACTIONS.available(user, obj)]  # fmt: skip


def hazard_detail(request: Request, pk: int) -> Response:
    user = _user(request)
    hazard = selectors.hazard_get_for_user(user=user, pk=pk)
    return Response(HazardOut(hazard, context={"user": user}).data)


def load_hazard(user: User, pk: int) -> Hazard:
    return selectors.hazard_get_for_user(user=user, pk=pk)


class HazardDetailView(APIView):
    @extend_schema(tags=[TAG], summary="隐患详情（含当前可办理的操作）",
                   responses={200: HazardOut, **ERRORS})  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return hazard_detail(request, pk)
