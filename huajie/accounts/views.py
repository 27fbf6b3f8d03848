"""Login, logout and the per-role home page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import LoginForm
from .middleware import IDLE_NOTICE_KEY
from .navigation import home_for, role_labels_for


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.session.pop(IDLE_NOTICE_KEY, False):
            messages.warning(
                request,
                _("You were signed out after a long period of inactivity. Please sign in again."),
            )
        return super().get(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); says so on the login page it redirects to."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            messages.info(request, _("You have logged out."))
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context = {"cards": home_for(user=user), "role_labels": role_labels_for(user=user)}
    return render(request, "accounts/home.html", context)
