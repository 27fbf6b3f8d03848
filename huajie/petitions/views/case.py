"""The case page (一案一档): header, clocks, petitioners, content, records, timeline, actions.

The action buttons and forms come from `petitions.actions.ACTIONS` (the same list the API is built
from); what the user may do is decided there and in the services, never here.
"""

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

from huajie.common import intake
from huajie.common.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from huajie.common.identity import mask_id_number, mask_phone
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import Unit, User
from huajie.workflow.actions import Action
from huajie.workflow.engine import STALE as CONFLICT_MESSAGE
from huajie.workflow.forms import ActionForm, build_form, needs_units
from huajie.workflow.panels import action_panels, shown_panel

from .. import handoffs, rules, selectors, services
from ..actions import ACTIONS
from ..forms import AttachmentForm, reference_units
from ..models import Petition
from .common import acting_user
from .presenters import STATUS_STYLE, clock_badge


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


def _form(action: Action, petition: Petition, refs: Refs, data: Any = None) -> ActionForm:
    units = refs.units if needs_units(action) else None
    return build_form(action, petition, data=data, units=units)


def _parties(petition: Petition, revealed: int | None) -> list[dict[str, Any]]:
    rows = []
    for party in petition.parties.all():
        person = party.petitioner
        full = party.pk == revealed
        phone = party.contact_phone
        rows.append(
            {
                "pk": party.pk,
                "name": person.name,
                # The contact of this case: what was given for it when kept off the file.
                "address": party.contact_address,
                "slot": party.representative_slot,
                "id_number": person.id_number if full else mask_id_number(person.id_number),
                "phone": phone if full else mask_phone(phone),
                "revealed": full,
                "has_private": bool(person.id_number or phone),
                # The person's own history (a change of name, an adopted contact), on every case.
                "history": list(person.history.all()),
                "kept_apart": _kept_apart(party, full),
            }
        )
    return rows


def _kept_apart(party: Any, full: bool) -> dict[str, Any] | None:
    """For a contact given on this case and kept off the file: how the file differs."""
    if not party.kept_apart:
        return None
    file_phone = party.petitioner.phone
    return {
        "given_name": party.given_name if party.name_differs else "",
        "file_phone": file_phone if full else mask_phone(file_phone),
        "file_address": party.petitioner.address,
        "differs": bool(party.contact_changes()),
    }


def _reply(petition: Petition) -> Any:
    if petition.replied_on is None:
        return None
    try:
        return petition.reply
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class Handoff:
    label: str
    icon: str
    url: str


def _handoffs(user: User, petition: Petition) -> list[Handoff]:
    """Buttons turning the case into another module's record (转人民调解 …)."""
    source = intake.token(handoffs.TARGET, petition.pk)
    return [
        Handoff(str(t.label), t.icon, intake.intake_url(t.code, source))
        for t in intake.targets_for(user, exclude=handoffs.TARGET)
    ]


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
    calendar = working_calendar() if petition.clocks.all() else None
    available = ACTIONS.available(user, petition)
    refs = Refs()
    status_panels, other_panels = action_panels(
        available,
        petition,
        lambda action: _form(action, petition, refs),
        bound=bound,
        shown=shown_panel(request),
    )
    attach = rules.may_attach(user, petition)
    attachments = list(petition.attachments.all())
    prefetch_related_objects(attachments, "uploaded_by")  # the selector leaves this out
    context = {
        "petition": petition,
        "today": today,
        "status_style": STATUS_STYLE.get(petition.status, "secondary"),  # type: ignore[call-overload]
        "clocks": [clock_badge(c, today, calendar) for c in petition.clocks.all()],
        "parties": _parties(petition, revealed),
        "extension_told": rules.extension_told(petition),
        "may_reveal": services.may_view_full(user, petition),
        "events": list(petition.events.all()),
        "reply": _reply(petition),
        "reviews": list(petition.reviews.all()),
        "visits": list(petition.visits.all()),
        "supervisions": list(petition.supervisions.all()),
        "attachments": attachments,
        "status_panels": status_panels,
        "other_panels": other_panels,
        "handoffs": _handoffs(user, petition) if available else [],
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
    entry = ACTIONS.get(action)
    if entry is None:
        raise Http404("没有这个操作。")
    user = acting_user(request)
    petition = _get(user, pk)
    form = _form(entry, petition, Refs(), request.POST)
    if not entry.available(user, petition):
        if request.POST.get(form.add_prefix("version")) not in ("", None, str(petition.version)):
            return render_case(
                request, petition, status=409, draft=_draft(form), error=CONFLICT_MESSAGE
            )
        return render_case(
            request,
            petition,
            status=403,
            draft=_draft(form),
            error=(
                f"您现在不能对该事项执行“{entry.text(petition, 'label')}”。"
                "如需办理，请联系登记单位或承办单位。"
            ),
        )
    if not form.is_valid():
        return render_case(
            request, petition, status=400, bound=(action, form), error="请按提示修改后再提交。"
        )
    done = entry.text(petition, "done")
    try:
        entry.run(petition, user, form.cleaned_data.get("version"), form.inputs_data())
    except ApplicationError as exc:
        return _refused(request, pk, entry, form, exc)
    messages.success(request, done)
    return redirect(reverse("petitions:detail", args=[pk]))


def _refused(
    request: HttpRequest, pk: int, entry: Action, form: ActionForm, exc: ApplicationError
) -> HttpResponse:
    """Re-render the fresh case with the user's typed input and the service's sentence."""
    user = acting_user(request)
    petition = _get(user, pk)  # the service may have changed the object before refusing
    stale = isinstance(exc, Conflict) or exc.code == "invalid_transition"
    status = 409 if stale else 403 if isinstance(exc, PermissionDenied) else 400
    if not entry.available(user, petition):
        return render_case(request, petition, status=status, error=exc.message, draft=_draft(form))
    data = request.POST.copy()
    data[form.add_prefix("version")] = str(petition.version)  # they now see the latest
    again = _form(entry, petition, Refs(), data)
    again.is_valid()
    error = exc.message
    if exc.field and exc.field in again.fields and not stale:
        again.add_error(exc.field, exc.message)
        error = "请按提示修改后再提交。"
    return render_case(request, petition, status=status, bound=(entry.name, again), error=error)


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
            request=request,
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
    action = ACTIONS["assign"]
    unit = refs.unit(request.GET.get("assign-handling_unit"))
    form = build_form(action, None, units=refs.units)
    for spec in action.inputs:
        if spec.type == "user":
            form.set_people(spec, unit)
    return render(
        request, "petitions/includes/assign_people.html", {"form": form, "chosen_unit": unit}
    )
