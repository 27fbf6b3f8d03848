"""A record's documents in the browser: POST …/<kind>/issue/ issues one (the number is drawn),
GET /documents/<target>/<id>/<kind>.<docx|pdf> downloads an issued one."""

from __future__ import annotations

import io
import re
from typing import cast
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from huajie.common.errors import ApplicationError, NotFound
from huajie.orgs.models import User

from .layout import chinese_date
from .registry import target_get
from .services import RenderedDocument, document_issue, document_render


def subject_param(params: QueryDict) -> int | None:
    value = params.get("subject", "")
    return int(value) if value.isdigit() else None


@login_required
@require_GET
def document(request: HttpRequest, target: str, pk: int, kind: str, fmt: str) -> HttpResponseBase:
    try:
        rendered = document_render(
            target=target,
            pk=pk,
            kind=kind,
            fmt=fmt,
            subject_id=subject_param(request.GET),
            acting_user=cast(User, request.user),
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return _refused(request, target, pk, exc, "不能下载文书")
    return file_response(rendered, f"{target}-{pk}-{kind}.{fmt}")


@login_required
@require_POST
def issue(request: HttpRequest, target: str, pk: int, kind: str) -> HttpResponse:
    try:
        issued = document_issue(
            target=target,
            pk=pk,
            kind=kind,
            subject_id=subject_param(request.POST),
            acting_user=cast(User, request.user),
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return _refused(request, target, pk, exc, "不能出具文书")
    number, day = issued.document.number, chinese_date(issued.document.issued_on)
    if issued.created:
        messages.success(request, f"已出具{issued.label}，发文字号{number}，成文日期{day}。")
    else:
        messages.info(request, f"{issued.label}此前已出具，发文字号{number}，成文日期{day}。")
    return redirect(target_get(target).page(pk) + "#documents")


def _refused(
    request: HttpRequest, target: str, pk: int, exc: ApplicationError, heading: str
) -> HttpResponse:
    context = {"heading": heading, "message": exc.message, "back": target_get(target).page(pk)}
    return render(request, "documents/refused.html", context, status=exc.status)


def file_response(rendered: RenderedDocument, ascii_name: str) -> FileResponse:
    """The file as a download named in Chinese: the UTF-8 `filename*` of RFC 5987/6266, and an
    ASCII `filename` for clients that lack it. Never cached: it carries personal data."""
    response = FileResponse(io.BytesIO(rendered.content), content_type=rendered.content_type)
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(rendered.filename)}"
    )
    response["Content-Length"] = str(len(rendered.content))
    response["Cache-Control"] = "private, no-store"
    return response
