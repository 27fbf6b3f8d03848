"""REST API: the documents a case has, and each document as a file."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from huajie.petitions.selectors import petition_get_for_user

from .selectors import document_kinds_for
from .services import document_render
from .views import file_response

DOCUMENT_OPTION = inline_serializer(
    "DocumentOption",
    fields={
        "kind": serializers.CharField(help_text="文书类型，用于下载地址"),
        "label": serializers.CharField(help_text="文书名称，例如：受理告知书"),
        "number": serializers.CharField(help_text="发文字号；尚未生成过时为空"),
        "docx": serializers.CharField(help_text="Word 版下载地址"),
        "pdf": serializers.CharField(help_text="PDF 版下载地址"),
    },
    many=True,
)


class DocumentListView(APIView):
    @extend_schema(responses=DOCUMENT_OPTION)
    def get(self, request: Request, pk: int) -> Response:
        petition = petition_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
        options = [
            {
                **option.__dict__,
                **{
                    fmt: reverse("api:document-file", args=[pk, option.kind, fmt])
                    for fmt in ("docx", "pdf")
                },
            }
            for option in document_kinds_for(petition)
        ]
        return Response(options)


class AnyAccept(BaseContentNegotiation):
    """The file view answers with the file whatever the Accept header says."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


class DocumentFileView(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        parameters=[
            OpenApiParameter("supervision", int, description="督办单：对应的督办记录编号"),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, pk: int, kind: str, fmt: str) -> HttpResponseBase:
        supervision = request.query_params.get("supervision", "")
        rendered = document_render(
            petition=pk,
            kind=kind,
            fmt=fmt,
            acting_user=request.user,  # type: ignore[arg-type]
            supervision_id=int(supervision) if supervision.isdigit() else None,
        )
        return file_response(rendered, f"petition-{pk}-{kind}.{fmt}")
