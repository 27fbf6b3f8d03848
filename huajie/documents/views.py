"""Downloading a case's documents: GET /documents/petition/<id>/<kind>.<docx|pdf>."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from huajie.common.errors import ApplicationError, NotFound

from .services import RenderedDocument, document_render


@login_required
@require_GET
def document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponseBase:
    supervision = request.GET.get("supervision", "")
    try:
        rendered = document_render(
            petition=pk,
            kind=kind,
            fmt=fmt,
            acting_user=request.user,  # type: ignore[arg-type]
            supervision_id=int(supervision) if supervision.isdigit() else None,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        context = {"message": exc.message, "back": _back(request, pk)}
        return render(request, "documents/refused.html", context, status=exc.status)
    return file_response(rendered, f"petition-{pk}-{kind}.{fmt}")


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


def _back(request: HttpRequest, pk: int) -> str:
    """Where "back" leads from a refusal: the case page, else the page the user came from."""
    try:
        return reverse("petitions:detail", args=[pk])
    except NoReverseMatch:
        referer = request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return referer if safe else reverse("home")
