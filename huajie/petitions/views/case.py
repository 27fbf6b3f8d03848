"""The case page (一案一档): header, clocks, petitioners, content, records, timeline, actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_POST

from huajie.common.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from huajie.common.identity import mask_id_number, mask_phone
from huajie.orgs.models import Unit, User

from .. import selectors, services
from ..forms import (
    ActionForm,
    AssignForm,
    AttachmentForm,
    ReplyForm,
    handlers_for,
    leaders_for,
    reference_units,
)
from ..models import Petition
from .actions import (
    SPECS,
    ActionSpec,
    available_actions,
    extra_actions,
    may_attach,
    status_actions,
)
from .common import acting_user
from .presenters import STATUS_STYLE, clock_badge

CONFLICT_MESSAGE = (  # the same sentence as services.workflow's Conflict
    "该事项刚刚已被他人办理或修改，您的操作未保存。请刷新页面查看最新情况后重试。"
)


def _get(user: User, pk: int) -> Petition:
    try:
        return selectors.petition_get_for_user(user=user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


class Refs:
    """Reference lists for the action forms, loaded at most once per request."""

    @cached_property
    def units(self) -> list[Unit]:
        return reference_units()

    def unit(self, pk: Any) -> Unit | None:
        return next((u for u in self.units if str(u.pk) == str(pk)), None)


def build_form(key: str, petition: Petition, refs: Refs, data: Any = None) -> ActionForm:
    spec = SPECS[key]
    kwargs: dict[str, Any] = {"prefix": key, "initial": {"version": petition.version}}
    if any(n in spec.form.base_fields for n in ("to_unit", "reviewing_unit", "handling_unit")):
        kwargs["units"] = refs.units
    if spec.form is AssignForm:
        unit = refs.unit(data.get(f"{key}-handling_unit")) if data else None
        kwargs["leaders"], kwargs["handlers"] = leaders_for(unit), handlers_for(unit)
    if spec.form is ReplyForm:
        kwargs["initial"]["request"] = petition.title
    return spec.form(data, **kwargs) if data is not None else spec.form(**kwargs)


@dataclass
class Panel:
    spec: ActionSpec
    form: ActionForm
    open: bool = False


def _panels(
    user: User, petition: Petition, refs: Refs, bound: tuple[str, ActionForm] | None
) -> tuple[list[Panel], list[Panel]]:
    def panel(key: str) -> Panel:
        if bound and bound[0] == key:
            return Panel(SPECS[key], bound[1], open=True)
        return Panel(SPECS[key], build_form(key, petition, refs))

    return (
        [panel(k) for k in status_actions(user, petition)],
        [panel(k) for k in extra_actions(user, petition)],
    )


def _parties(petition: Petition, revealed: int | None) -> list[dict[str, Any]]:
    rows = []
    for party in petition.parties.all():
        person = party.petitioner
        full = party.pk == revealed
        rows.append(
            {
                "pk": party.pk,
                "name": person.name,
                "address": person.address,
                "slot": party.representative_slot,
                "id_number": person.id_number if full else mask_id_number(person.id_number),
                "phone": person.phone if full else mask_phone(person.phone),
                "revealed": full,
                "has_private": bool(person.id_number or person.phone),
            }
        )
    return rows


def _reply(petition: Petition) -> Any:
    if petition.replied_on is None:
        return None
    try:
        return petition.reply
    except ObjectDoesNotExist:
        return None


def render_case(
    request: HttpRequest,
    petition: Petition,
    *,
    status: int = 200,
    bound: tuple[str, ActionForm] | None = None,
    error: str = "",
    draft: dict[str, str] | None = None,
    revealed: int | None = None,
    attach_form: AttachmentForm | None = None,
) -> HttpResponse:
    user = acting_user(request)
    today: date = timezone.localdate()
    refs = Refs()
    status_panels, other_panels = _panels(user, petition, refs, bound)
    attach = may_attach(user, petition)
    attachments = list(petition.attachments.all())
    prefetch_related_objects(attachments, "uploaded_by")  # the selector leaves this out
    context = {
        "petition": petition,
        "today": today,
        "status_style": STATUS_STYLE.get(petition.status, "secondary"),  # type: ignore[call-overload]
        "clocks": [clock_badge(c, today) for c in petition.clocks.all()],
        "parties": _parties(petition, revealed),
        "may_reveal": bool(status_panels or other_panels or attach),
        "events": list(petition.events.all()),
        "reply": _reply(petition),
        "reviews": list(petition.reviews.all()),
        "visits": list(petition.visits.all()),
        "supervisions": list(petition.supervisions.all()),
        "attachments": attachments,
        "status_panels": status_panels,
        "other_panels": other_panels,
        "attach_form": (attach_form or AttachmentForm(initial={"version": petition.version}))
        if attach
        else None,
        "error": error,
        "draft": draft,
    }
    response = render(request, "petitions/case.html", context, status=status)
    if revealed is not None:
        patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case(request, _get(acting_user(request), pk))


def _draft(form: ActionForm) -> dict[str, str]:
    """What the user typed, by field label, for when their form can no longer be shown."""
    typed = {}
    for name, field in form.fields.items():
        value = form.data.get(form.add_prefix(name), "")
        if name != "version" and isinstance(value, str) and value.strip():
            typed[str(field.label)] = value
    return typed


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in SPECS:
        raise Http404("没有这个操作。")
    user = acting_user(request)
    petition = _get(user, pk)
    spec = SPECS[action]
    form = build_form(action, petition, Refs(), request.POST)
    if action not in available_actions(user, petition):
        if request.POST.get(form.add_prefix("version")) not in ("", None, str(petition.version)):
            return render_case(
                request, petition, status=409, draft=_draft(form), error=CONFLICT_MESSAGE
            )
        return render_case(
            request,
            petition,
            status=403,
            draft=_draft(form),
            error=(f"您现在不能对该事项执行“{spec.label}”。如需办理，请联系登记单位或承办单位。"),
        )
    if not form.is_valid():
        return render_case(
            request, petition, status=400, bound=(action, form), error="请按提示修改后再提交。"
        )
    try:
        spec.run(petition, user, form.cleaned_data.get("version"), form)
    except ApplicationError as exc:
        return _refused(request, pk, action, form, exc)
    messages.success(request, spec.done)
    return redirect(reverse("petitions:detail", args=[pk]))


def _refused(
    request: HttpRequest, pk: int, action: str, form: ActionForm, exc: ApplicationError
) -> HttpResponse:
    """Re-render the fresh case with the user's typed input and the service's sentence."""
    user = acting_user(request)
    petition = _get(user, pk)  # the service may have changed the object before refusing
    stale = isinstance(exc, Conflict) or exc.code == "invalid_transition"
    status = 409 if stale else 403 if isinstance(exc, PermissionDenied) else 400
    if action not in available_actions(user, petition):
        return render_case(request, petition, status=status, error=exc.message, draft=_draft(form))
    data = request.POST.copy()
    data[form.add_prefix("version")] = str(petition.version)  # they now see the latest
    again = build_form(action, petition, Refs(), data)
    again.is_valid()
    error = exc.message
    if exc.field and exc.field in again.fields and not stale:
        again.add_error(exc.field, exc.message)
        error = "请按提示修改后再提交。"
    return render_case(request, petition, status=status, bound=(action, again), error=error)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """查看完整信息: show one petitioner's full ID and phone number once, and log the view."""
    user = acting_user(request)
    petition = _get(user, pk)
    party = next(
        (p for p in petition.parties.all() if str(p.pk) == request.POST.get("party")), None
    )
    if party is None:
        raise Http404("没有这名信访人。")
    try:
        services.full_view_logged(
            petition=petition,
            actor=user,
            what=f"查看信访人{party.petitioner.name}的完整身份证号和手机号",
        )
    except ApplicationError as exc:
        return render_case(request, petition, status=403, error=exc.message)
    return render_case(request, _get(user, pk), revealed=party.pk)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    petition = _get(user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    error, status = "材料未上传，请按提示修改。", 400
    if form.is_valid():
        try:
            services.petition_attach(
                petition=petition,
                acting_user=user,
                upload=form.cleaned_data["file"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ApplicationError as exc:
            if exc.field:
                form.add_error("file", exc.message)
            else:
                error, status = exc.message, 409 if isinstance(exc, Conflict) else 403
        else:
            messages.success(request, "材料已上传。")
            return redirect(reverse("petitions:detail", args=[pk]) + "#attachments")
    fresh = _get(user, pk)
    data = request.POST.copy()
    data["version"] = str(fresh.version)  # the page now shows the latest version
    retry = AttachmentForm(data, request.FILES)
    if retry.is_valid():
        for message in form.errors.get("file", []):
            retry.add_error("file", message)
    return render_case(request, fresh, status=status, attach_form=retry, error=error)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Serve a material with the type found in its content, never guessed from its name."""
    petition = _get(acting_user(request), pk)
    item = next((a for a in petition.attachments.all() if a.pk == attachment_pk), None)
    if item is None:
        raise Http404("没有这份材料。")
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def assignees(request: HttpRequest) -> HttpResponse:
    """HTMX: the leader and handler selects of the 交办 form for the chosen unit."""
    refs = Refs()
    unit = refs.unit(request.GET.get("assign-handling_unit"))
    form = AssignForm(
        prefix="assign", units=refs.units, leaders=leaders_for(unit), handlers=handlers_for(unit)
    )
    return render(request, "petitions/includes/assign_people.html", {"form": form})
