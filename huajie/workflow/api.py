"""The API of a module's actions, generated from its `ActionRegistry`.

Each action is its own path, `POST …/{id}/actions/<name>/`, with its own request schema (named
after the action) built from the action's `Input`s, so an API client sees exactly what each action
reads. Every write names the version it was based on, except an action that only adds an entry
beside the record (`Action.versioned` false: a log line is never stale). An action with a file
input takes a multipart body (the files under the input's name, repeated); a select with record
options takes the option's key and refuses one this record does not offer; a rows input is a
list of objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.common import api_fields
from huajie.common.errors import ApplicationError
from huajie.orgs.models import User

from .actions import Action, ActionRegistry, Input

VERSION_REQUIRED = (
    "请提供 version（您看到的记录版本号），以免覆盖他人刚刚做出的修改。"
    "可先获取详情，再用其中的 version 提交。"
)
INT_BOUND = 100_000  # larger numbers are refused by the schema, never reach a service


class VersionedInput(serializers.Serializer[Any]):
    """Every write names the version it was based on (optimistic concurrency)."""

    version = serializers.IntegerField(
        source="expected_version",
        min_value=1,
        max_value=2**31 - 1,
        help_text="版本号（取自详情的 version）；他人已先修改时返回 409 stale_version",
        error_messages={"required": VERSION_REQUIRED, "invalid": "version 应为整数。"},
    )


class ActionBody(serializers.Serializer[Any]):
    """The body of an action that names no version (`Action.versioned` false)."""


class RecordOption(serializers.CharField):
    """The key of one of the options the record offers (`Input.options`); cleans to the object."""

    def __init__(self, spec: Input, **kwargs: Any) -> None:
        self.spec = spec
        kwargs.setdefault("help_text", f"{spec.help}（编号，取自该记录可选的项）")
        if spec.required:
            kwargs["error_messages"] = {"required": spec.message or f"请选择{spec.label}。"}
        else:
            kwargs.update(required=False, allow_null=True, default=None)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        key = super().to_internal_value(data)
        offered = self.spec.offered(self.context.get("record"))
        if key not in offered:
            raise serializers.ValidationError(
                f"{self.spec.label}的取值“{key}”不是该记录可选的项，请重新选择。",
                code="invalid_choice",
            )
        return offered[key][0]


class Rows(serializers.ListField):
    """A rows input: a list of objects, each built with the input's `row_type`."""

    def __init__(self, spec: Input, child: serializers.Serializer[Any]) -> None:
        self.spec = spec
        super().__init__(child=child, required=False, default=list, help_text=spec.help)

    def to_internal_value(self, data: Any) -> list[Any]:
        rows = [dict(row) for row in super().to_internal_value(data)]
        return [self.spec.row_type(**row) for row in rows] if self.spec.row_type else rows


def _api_field(spec: Input, component: str = "") -> serializers.Field[Any, Any, Any, Any]:
    if spec.options is not None:
        return RecordOption(spec)
    match spec.type:
        case "date":
            return api_fields.optional_date(spec.help)
        case "select" | "radio":
            return api_fields.choice(spec.help, list(spec.choices))
        case "unit":
            return api_fields.unit_field(spec.label)
        case "user":
            return api_fields.user_field(spec.label)
        case "int":
            optional: dict[str, Any] = (
                {} if spec.required else {"required": False, "allow_null": True, "default": None}
            )
            return serializers.IntegerField(
                **optional,
                min_value=-INT_BOUND,
                max_value=INT_BOUND,
                help_text=spec.help,
                error_messages={
                    "required": spec.message or f"请填写{spec.label}。",
                    "invalid": f"{spec.label}应为整数。",
                    "min_value": f"{spec.label}超出范围。",
                    "max_value": f"{spec.label}超出范围。",
                },
            )
        case "file":
            return serializers.ListField(
                child=serializers.FileField(allow_empty_file=False),
                required=False,
                default=list,
                help_text=f"{spec.help}（multipart 文件，可重复多个）",
            )
        case "rows":
            name = f"{component}{_camel(spec.name)}Row"
            attrs = {sub.name: _api_field(sub, name) for sub in spec.fields}
            row = type(name, (serializers.Serializer,), attrs)
            return Rows(spec, row())
        case _:
            return api_fields.text(spec.help, max_length=spec.max_length)


_BODIES: dict[str, type[serializers.Serializer[Any]]] = {}


def body_class(action: Action, component: str) -> type[serializers.Serializer[Any]]:
    """The request body of `action`, named `component` in the schema (built once)."""
    if component not in _BODIES:
        attrs: dict[str, Any] = {spec.name: _api_field(spec, component) for spec in action.inputs}
        base = VersionedInput if action.versioned else ActionBody
        _BODIES[component] = type(component, (base,), attrs)
    return _BODIES[component]


def parse_write(
    body: type[serializers.Serializer[Any]], data: Any, record: Any = None
) -> dict[str, Any]:
    """Validated data for a write; a missing version is its own refusal, `version_required`.
    `record` is what a select's options are offered by."""
    versioned = issubclass(body, VersionedInput)
    if versioned and isinstance(data, Mapping) and data.get("version") in (None, ""):
        raise ApplicationError(VERSION_REQUIRED, code="version_required", field="version")
    serializer = body(data=data, context={"record": record})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


Loader = Callable[[User, int], Any]
Responder = Callable[[Request, int], Response]


def action_urls(
    registry: ActionRegistry,
    *,
    route: str,
    name: str,
    component: str,
    load: Loader,
    respond: Responder,
    tags: list[str],
    responses: dict[int, Any],
) -> list[URLPattern]:
    """One URL per action: `route` holds `<int:pk>` and `{action}` (e.g.
    "petitions/<int:pk>/actions/{action}/"); `name` and `component` take `{action}` too."""
    patterns = []
    for action in registry:
        view = _view(
            action,
            body_class(action, component.format(action=_camel(action.name))),
            load,
            respond,
            tags,
            responses,
        )
        patterns.append(
            path(
                route.format(action=action.name),
                view.as_view(),
                name=name.format(action=action.name),
            )
        )
    return patterns


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _view(
    action: Action,
    body: type[serializers.Serializer[Any]],
    load: Loader,
    respond: Responder,
    tags: list[str],
    responses: dict[int, Any],
) -> type[APIView]:
    class ActionView(APIView):
        @extend_schema(
            tags=tags,
            operation_id=f"{body.__name__}",
            summary=action.label,
            description=action.hint or action.done,
            request={"multipart/form-data": body} if action.has_files else body,
            responses=responses,
        )
        def post(self, request: Request, pk: int) -> Response:
            user: User = request.user  # type: ignore[assignment]
            record = load(user, pk)
            data = parse_write(body, request.data, record)
            version = data.pop("expected_version", None)
            action.run(record, user, version, data)
            return respond(request, pk)

    ActionView.__name__ = ActionView.__qualname__ = f"{body.__name__}View"
    return ActionView


GONE = OpenApiResponse(
    description="操作已完成，但该记录已不在您的查看范围内（例如交办后的检举控告类事项），因此不返回详情。"
)
