"""登记: the registration form, keyboard-first; everything typed survives a refusal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError

from .. import services
from ..forms import (
    PetitionerFormSet,
    RegistrationForm,
    reference_categories,
    reference_regions,
)
from ..models import MAX_REPRESENTATIVES, Channel
from .common import acting_user, may_register


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not may_register(user):
        return render(request, "petitions/register_denied.html", status=403)
    categories, regions = reference_categories(), reference_regions()
    if request.method != "POST":
        form = RegistrationForm(
            initial={"received_on": timezone.localdate(), "channel": Channel.VISIT},
            categories=categories,
            regions=regions,
        )
        people = PetitionerFormSet(prefix="p")
        return _render(request, form, people)
    form = RegistrationForm(request.POST, categories=categories, regions=regions)
    people = PetitionerFormSet(request.POST, prefix="p")
    if not (form.is_valid() and people.is_valid()):
        return _render(request, form, people, status=400)
    rows = [f.as_input() for f in people.forms]
    data = form.as_input([row for row in rows if row is not None])
    assert user.unit is not None  # noqa: S101 - may_register checked it
    try:
        petition = services.petition_register(unit=user.unit, data=data, acting_user=user)
    except ApplicationError as exc:
        people_error = ""
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        else:
            people_error = exc.message
        return _render(request, form, people, status=400, people_error=people_error)
    messages.success(
        request,
        f"已登记，编号 {petition.reg_no}，查询码 {petition.query_code}。"
        "请将查询码告知信访人，凭此查询办理进度。",
    )
    return redirect(reverse("petitions:detail", args=[petition.pk]))


def _render(
    request: HttpRequest,
    form: RegistrationForm,
    people: BaseFormSet,
    status: int = 200,
    people_error: str = "",
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
    }
    return render(request, "petitions/register.html", context, status=status)
