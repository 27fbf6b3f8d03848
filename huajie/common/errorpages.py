"""The pages of a missing page and a server error, in Chinese, and their JSON form under /api/.

`config/urls.py` names them as `handler404` / `handler500` (used when DEBUG is off) and mounts
`api_not_found` as the last path under /api/v1/, so an unknown API path answers JSON in any mode.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from .api import error_body

NOT_FOUND = "未找到该页面或记录，或您无权查看。请检查地址或编号后重试。"
API_NOT_FOUND = "没有这个接口地址。可用的接口见 /api/v1/schema/。"
SERVER_ERROR = "服务器出错，本次操作没有完成。请稍后重试；如仍出错，请联系系统管理员。"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    return JsonResponse(
        error_body("not_found", API_NOT_FOUND),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("not_found", NOT_FOUND), status=404)
    return render(request, "404.html", {"message": NOT_FOUND}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors: they may be what failed."""
    if _is_api(request):
        return JsonResponse(error_body("server_error", SERVER_ERROR), status=500)
    html = loader.get_template("500.html").render({"message": SERVER_ERROR})
    return HttpResponse(html, status=500)
