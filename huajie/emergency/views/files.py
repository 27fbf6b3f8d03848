"""Serving the photos and recordings of a hazard or an incident's on-scene log: found only
through the record's selector (404 for whoever may not see it), sent with the type found in the
content and nosniff; `?size=thumb` sends an image's thumbnail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from .. import selectors
from ..models import Attachment
from .common import acting_user, visible


@login_required
@require_GET
def hazard_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    hazard = visible(selectors.hazard_get_for_user, user=acting_user(request), pk=pk)
    return _serve(request, hazard.attachments.filter(pk=file_pk).first())


@login_required
@require_GET
def incident_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    incident = visible(selectors.incident_get_for_user, user=acting_user(request), pk=pk)
    return _serve(request, incident.attachments.filter(pk=file_pk).first())


def _serve(request: HttpRequest, item: Attachment | None) -> FileResponse:
    if item is None:
        raise Http404("没有这个文件。")
    thumb = request.GET.get("size") == "thumb" and bool(item.thumbnail)
    response = FileResponse(
        (item.thumbnail if thumb else item.file).open("rb"),
        as_attachment=not item.is_image and item.kind != "audio",
        filename=item.original_name,
        content_type="image/jpeg" if thumb else item.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
