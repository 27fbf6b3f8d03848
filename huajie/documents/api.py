"""REST API: the documents a record has, issuing one (the number is drawn then), and each issued
document as a file."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.orgs.models import User

from .registry import target_get
from .selectors import document_options_for
from .services import document_issue, document_render
from .views import file_response, subject_param

_LINKS: dict[str, serializers.Field] = {
    "docx": serializers.CharField(allow_null=True, help_text="Word 版下载地址；出具前为空"),
    "pdf": serializers.CharField(allow_null=True, help_text="PDF 版下载地址；出具前为空"),
}
_DOCUMENT: dict[str, serializers.Field] = {
    "kind": serializers.CharField(help_text="文书类型，用于出具和下载地址"),
    "label": serializers.CharField(help_text="文书名称，例如：受理告知书"),
    "subject": serializers.IntegerField(help_text="对应记录（督办单的督办记录编号）；其余为 0"),
    "number": serializers.CharField(help_text="发文字号；尚未出具时为空"),
    "issued_on": serializers.DateField(allow_null=True, help_text="成文日期；尚未出具时为空"),
    **_LINKS,
}
DOCUMENT = inline_serializer("IssuedDocument", fields=_DOCUMENT)
DOCUMENT_OPTION = inline_serializer(
    "DocumentOption",
    fields={
        **_DOCUMENT,
        "issued": serializers.BooleanField(help_text="是否已出具"),
        "may_issue": serializers.BooleanField(help_text="当前用户能否出具（尚未出具时）"),
        "issue": serializers.CharField(help_text="出具地址（POST）"),
    },
    many=True,
)


class IssueInput(serializers.Serializer):
    subject = serializers.IntegerField(
        required=False, min_value=1, help_text="督办单：对应的督办记录编号；不填为最近一次"
    )


SUBJECT = OpenApiParameter("subject", int, description="督办单：对应的督办记录编号")


def _document(
    target: str, pk: int, kind: str, subject: int, number: str, issued_on: date | None
) -> dict[str, Any]:
    query = f"?subject={subject}" if subject else ""
    return {
        "kind": kind,
        "subject": subject,
        "number": number,
        "issued_on": issued_on,
        **{
            fmt: reverse("api:document-file", args=[target, pk, kind, fmt]) + query
            if number
            else None
            for fmt in ("docx", "pdf")
        },
    }


class DocumentListView(APIView):
    @extend_schema(responses=DOCUMENT_OPTION)
    def get(self, request: Request, target: str, pk: int) -> Response:
        record = target_get(target).load(cast(User, request.user), pk)
        options = document_options_for(user=cast(User, request.user), target=target, record=record)
        return Response(
            [
                {
                    **_document(target, pk, o.kind, o.subject_id, o.number, o.issued_on),
                    "label": o.label,
                    "issued": bool(o.number),
                    "may_issue": o.may_issue,
                    "issue": reverse("api:document-issue", args=[target, pk, o.kind]),
                }
                for o in options
            ]
        )


class DocumentIssueView(APIView):
    @extend_schema(request=IssueInput, responses={201: DOCUMENT, 200: DOCUMENT})
    def post(self, request: Request, target: str, pk: int, kind: str) -> Response:
        """Issue the document: 201 with the number drawn now, 200 with the number it already has."""
        data = IssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        issued = document_issue(
            target=target,
            pk=pk,
            kind=kind,
            subject_id=data.validated_data.get("subject"),
            acting_user=cast(User, request.user),
        )
        d = issued.document
        body = _document(target, pk, kind, d.subject_id, d.number, d.issued_on)
        code = status.HTTP_201_CREATED if issued.created else status.HTTP_200_OK
        return Response({**body, "label": issued.label}, status=code)


class AnyAccept(BaseContentNegotiation):
    """The file view answers with the file whatever the Accept header says."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


class DocumentFileView(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        parameters=[SUBJECT], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    def get(self, request: Request, target: str, pk: int, kind: str, fmt: str) -> HttpResponseBase:
        rendered = document_render(
            target=target,
            pk=pk,
            kind=kind,
            fmt=fmt,
            subject_id=subject_param(request.query_params),
            acting_user=cast(User, request.user),
        )
        return file_response(rendered, f"{target}-{pk}-{kind}.{fmt}")
