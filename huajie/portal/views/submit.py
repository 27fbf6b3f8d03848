"""Submitting online in two steps, each a plain form: prove the mobile number with an SMS code,
then write the petition. The verified number waits in the session (never in a URL)."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from huajie.common.errors import ApplicationError
from huajie.common.identity import mask_phone
from huajie.common.uploads import ALLOWED_DESCRIPTION, DEFAULT_MAX_BYTES, MIB

from .. import conf, consent
from ..captcha import captcha_check, captcha_image, captcha_new
from ..models import CodePurpose
from ..services.codes import sms_code_send, sms_code_verify
from ..services.submit import MAX_FILES, portal_submit, receipt_of
from .common import client_of, portal_page, session_drop, session_get, session_put
from .forms import form_choices, submission_from


def _errors(exc: ApplicationError) -> dict[str, str]:
    return dict(getattr(exc, "errors", None) or {exc.field or "__all__": exc.message})


@portal_page
@require_http_methods(["GET", "POST"])
def verify_phone(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "nav": "submit",
        "phone": "",
        "sent": False,
        "errors": {},
        "nonce": secrets.token_hex(4),
    }
    if request.method == "POST":
        phone = request.POST.get("phone", "")
        context["phone"] = phone
        try:
            if request.POST.get("action") == "verify":
                context["sent"] = True
                number = sms_code_verify(
                    phone=phone, purpose=CodePurpose.SUBMIT, code=request.POST.get("code", "")
                )
                request.session.cycle_key()
                session_put(request, "phone", number)
                return redirect("portal:submit_form")
            captcha_check(request.session, request.POST.get("captcha", ""))
            sent = sms_code_send(phone=phone, purpose=CodePurpose.SUBMIT, client=client_of(request))
            context.update(sent=True, phone=sent.phone, masked=mask_phone(sent.phone))
        except ApplicationError as exc:
            context["errors"] = _errors(exc)
    return render(request, "portal/verify_phone.html", context)


@portal_page
@require_http_methods(["GET", "POST"])
def submit_form(request: HttpRequest) -> HttpResponse:
    phone = session_get(request, "phone")
    if not phone:
        return redirect("portal:submit")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            receipt = portal_submit(data=submission_from(request, phone), client=client_of(request))
        except ApplicationError as exc:
            errors = _errors(exc)
        else:
            session_drop(request, "phone")
            session_put(request, "receipt", receipt.petition_id)
            session_put(request, "case", receipt.petition_id)
            return redirect("portal:submit_done")
    # The form's choices (units, regions, categories) only when the form is shown again.
    context: dict[str, Any] = {
        "nav": "submit",
        "masked": mask_phone(phone),
        "identity_required": conf.identity_required(),
        "consent": consent.NOTICE,
        "max_files": MAX_FILES,
        "max_mb": int(conf.get("PETITION_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)) // MIB,
        "allowed": ALLOWED_DESCRIPTION,
        "values": request.POST if request.method == "POST" else {},
        "errors": errors,
        **form_choices(request.POST if request.method == "POST" else None),
    }
    return render(request, "portal/submit_form.html", context, status=400 if errors else 200)


@portal_page
def submit_done(request: HttpRequest) -> HttpResponse:
    petition_id = session_get(request, "receipt")
    receipt = receipt_of(petition_id) if petition_id else None
    if receipt is None:
        return redirect("portal:submit")
    return render(request, "portal/submit_done.html", {"nav": "submit", "receipt": receipt})


@portal_page
def captcha_png(request: HttpRequest) -> HttpResponse:
    """A new picture (and answer) each time it is loaded; the form's "换一张" reloads it."""
    return HttpResponse(captcha_image(captcha_new(request.session)), content_type="image/png")
