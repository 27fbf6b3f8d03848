"""The URL map of a portal-only deployment (in the DMZ): the public /portal/ pages and the static
files, nothing of the staff side — no admin, no API, no login. Selected by
`DJANGO_SETTINGS_MODULE=config.settings.portal`."""

from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

urlpatterns: list[URLPattern | URLResolver] = [
    path("portal/", include("huajie.portal.urls")),
    path("", RedirectView.as_view(url="/portal/", permanent=False)),
]
