"""登记: the registration form, keyboard-first; everything typed survives a refusal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError

from .. import handoffs, services
from ..forms import (
    PetitionerFormSet,
    RegistrationForm,
    reference_categories,
    reference_regions,
)
from ..models import MAX_REPRESENTATIVES, Channel, PetitionClass
from .common import acting_user, may_register


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not may_register(user):
        return render(request, "petitions/register_denied.html", status=403)
    categories, regions = reference_categories(), reference_regions()
    source = (request.GET if request.method != "POST" else request.POST).get("from", "")
    try:
        draft = intake.intake_draft(source, user) if source else None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("petitions:register"))
    if request.method != "POST":
        form = RegistrationForm(initial=_initial(draft), categories=categories, regions=regions)
        people = PetitionerFormSet(prefix="p", initial=_people(draft))
        return _render(request, form, people, draft=draft)
    form = RegistrationForm(request.POST, categories=categories, regions=regions)
    people = PetitionerFormSet(request.POST, prefix="p")
    valid = form.is_valid() & people.is_valid()  # both validated: every error on the first submit
    if not (_named_or_anonymous(form, people) and valid):
        return _render(request, form, people, status=400, draft=draft)
    rows = [f.as_input() for f in people.forms]
    data = form.as_input([row for row in rows if row is not None])
    assert user.unit is not None  # noqa: S101 - may_register checked it
    try:
        with transaction.atomic():
            petition = services.petition_register(unit=user.unit, data=data, acting_user=user)
            if draft is not None:
                handoffs.came_from(petition, draft, user)
                intake.intake_done(source, user, handoffs.TARGET, petition)
    except ApplicationError as exc:
        people_error = ""
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        else:
            people_error = exc.message
        return _render(request, form, people, status=400, people_error=people_error, draft=draft)
    told = (
        "匿名件没有信访人的联系方式；网上匿名提交的，信访人可凭查询码查询办理进度。"
        if petition.is_anonymous
        else "请将查询码告知信访人，凭此查询办理进度。"
    )
    messages.success(
        request, f"已登记，编号 {petition.reg_no}，查询码 {petition.query_code}。{told}"
    )
    return redirect(reverse("petitions:detail", args=[petition.pk]))


def _named_or_anonymous(form: RegistrationForm, people: BaseFormSet) -> bool:
    """A case names at least one petitioner, or is ticked 匿名: said with the other missing
    fields on the first submit, not after them."""
    if form.cleaned_data.get("anonymous"):
        return True
    if any(row.cleaned_data.get("name") for row in people.forms):
        return True
    if people.forms and not people.forms[0].has_error("name"):
        people.forms[0].add_error(
            "name", "请填写信访人的姓名；匿名来信或网上匿名举报请勾选“匿名”。"
        )
    return False


def _initial(draft: intake.IntakeDraft | None) -> dict[str, object]:
    initial: dict[str, object] = {"received_on": timezone.localdate(), "channel": Channel.VISIT}
    if draft is None:
        return initial
    initial["received_on"] = timezone.localdate(draft.received_at)
    if draft.channel in Channel.values:
        initial["channel"] = draft.channel
    initial.update(title=draft.title, content=draft.content, place=draft.place)
    if draft.region_code:
        initial["region"] = draft.region_code
    if draft.people_count and draft.people_count > 1:
        initial.update(is_group=draft.people_count >= 5, headcount=draft.people_count)
    return initial


def _people(draft: intake.IntakeDraft | None) -> list[dict[str, str]]:
    if draft is None or not (draft.caller_name or draft.caller_phone):
        return []
    return [{"name": draft.caller_name, "phone": draft.caller_phone}]


def _render(
    request: HttpRequest,
    form: RegistrationForm,
    people: BaseFormSet,
    status: int = 200,
    people_error: str = "",
    draft: intake.IntakeDraft | None = None,
) -> HttpResponse:
    def field_errors(names: list[str]) -> list[tuple[str, str, str]]:
        return [
            (f.id_for_label or f.auto_id, str(f.label), str(e))
            for f in (form[n] for n in names)
            for e in f.errors
        ]

    names = list(form.fields)
    split = names.index("is_group")  # the petitioner rows sit here on the paper form
    errors = field_errors(names[:split])
    for number, row in enumerate(people.forms, 1):
        errors += [
            (f.id_for_label, f"第{number}人{f.label}", str(e)) for f in row for e in f.errors
        ]
    people_errors = list(people.non_form_errors()) + ([people_error] if people_error else [])
    errors += [("people-title", "信访人", str(e)) for e in people_errors]
    errors += field_errors(names[split:])
    context = {
        "form": form,
        "people": people,
        "people_error": people_error,
        "max_reps": MAX_REPRESENTATIVES,
        "errors": errors,
        "higher_hidden": (form["channel"].value() or "") != Channel.HIGHER,
        "accused_hidden": (form["petition_class"].value() or "") != PetitionClass.ACCUSATION,
        "anonymous": bool(form["anonymous"].value()),
        "draft": draft,
    }
    return render(request, "petitions/register.html", context, status=status)
