"""Following one's case: look it up with the query code and the phone's last four digits; the
case found stays open in the session for `PORTAL_SESSION_MINUTES`."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from huajie.common.errors import ApplicationError
from huajie.documents.services import document_render
from huajie.petitions.models import Satisfaction

from ..captcha import captcha_check
from ..selectors import public_case
from ..services.account import portal_account
from ..services.feedback import portal_rate, portal_request_review
from ..services.lookup import portal_lookup, portal_lookup_by_sms, portal_lookup_send_code
from .common import client_of, portal_page, session_drop, session_get, session_put


@portal_page
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "nav": "lookup",
        "errors": {},
        "values": {},
        "by_sms": request.GET.get("by") == "sms" or request.POST.get("by") == "sms",
        "nonce": secrets.token_hex(4),
    }
    if request.method == "POST" and context["by_sms"]:
        return _lookup_by_sms(request, context)
    if request.method == "POST":
        context["values"] = {"query_code": request.POST.get("query_code", "")}
        try:
            petition_id = portal_lookup(
                query_code=request.POST.get("query_code", ""),
                phone_last4=request.POST.get("phone_last4", ""),
                client=client_of(request),
            )
        except ApplicationError as exc:
            context["errors"] = {exc.field or "__all__": exc.message}
            return render(request, "portal/lookup.html", context, status=exc.status)
        request.session.cycle_key()
        session_put(request, "case", petition_id)
        return redirect("portal:progress")
    return render(request, "portal/lookup.html", context)


def _lookup_by_sms(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    query_code = request.POST.get("query_code", "")
    context["values"] = {"query_code": query_code}
    try:
        if request.POST.get("action") == "verify":
            context["sent"] = True
            petition_id = portal_lookup_by_sms(
                query_code=query_code,
                sms_code=request.POST.get("sms_code", ""),
                client=client_of(request),
            )
            request.session.cycle_key()
            session_put(request, "case", petition_id)
            return redirect("portal:progress")
        captcha_check(request.session, request.POST.get("captcha", ""))
        context["sent_message"] = portal_lookup_send_code(
            query_code=query_code, client=client_of(request)
        )
        context["sent"] = True
    except ApplicationError as exc:
        context["errors"] = {exc.field or "__all__": exc.message}
        return render(request, "portal/lookup.html", context, status=exc.status)
    return render(request, "portal/lookup.html", context)


def _case_page(
    request: HttpRequest, errors: dict[str, str] | None = None, **extra: Any
) -> HttpResponse:
    petition_id = session_get(request, "case")
    if not petition_id:
        return redirect("portal:lookup")
    case = public_case(petition_id=petition_id)
    context = {
        "nav": "lookup",
        "case": case,
        "errors": errors or {},
        "satisfactions": Satisfaction.choices,
        "values": request.POST if request.method == "POST" else {},
        **extra,
    }
    return render(request, "portal/progress.html", context, status=400 if errors else 200)


@portal_page
def progress(request: HttpRequest) -> HttpResponse:
    return _case_page(request, done=request.GET.get("done", ""))


@portal_page
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    petition_id = session_get(request, "case")
    if not petition_id:
        return redirect("portal:lookup")
    try:
        portal_rate(
            petition_id=petition_id,
            satisfaction=request.POST.get("satisfaction", ""),
            comment=request.POST.get("comment", ""),
        )
    except ApplicationError as exc:
        return _case_page(request, {exc.field or "rate": exc.message})
    return redirect(f"{_progress_url()}?done=rated")


@portal_page
@require_POST
def review(request: HttpRequest) -> HttpResponse:
    petition_id = session_get(request, "case")
    if not petition_id:
        return redirect("portal:lookup")
    try:
        portal_request_review(petition_id=petition_id, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        return _case_page(request, {"reason" if exc.field == "reason" else "review": exc.message})
    return redirect(f"{_progress_url()}?done=review")


@portal_page
def reply_pdf(request: HttpRequest) -> HttpResponse:
    petition_id = session_get(request, "case")
    if not petition_id:
        return redirect("portal:lookup")
    try:
        doc = document_render(
            target="petition", pk=petition_id, kind="reply", fmt="pdf", acting_user=portal_account()
        )
    except ApplicationError as exc:
        return _case_page(request, {"reply": exc.message})
    response = HttpResponse(doc.content, content_type=doc.content_type)
    response["Content-Disposition"] = 'attachment; filename="reply.pdf"'
    return response


@portal_page
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    session_drop(request, "case")
    return redirect("portal:index")


def _progress_url() -> str:
    return reverse("portal:progress")
