from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from huajie.accounts.views import home
from huajie.common.errorpages import api_not_found

api_v1: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include("huajie.accounts.api_urls")),
    path("", include("huajie.orgs.api_urls")),
    path("", include("huajie.petitions.api_urls")),
    path("", include("huajie.similarity.api_urls")),
    path("", include("huajie.documents.api_urls")),
    path("", include("huajie.duty.api_urls")),
    path("", include("huajie.mediation.api_urls")),
    path("", include("huajie.routing.api_urls")),
    path("", include("huajie.emergency.api_urls")),
]

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    # An unknown API path is a JSON 404 in any mode, never the HTML page.
    re_path(r"^api/(?P<path>.*)$", api_not_found, name="api-not-found"),
    path("accounts/", include("huajie.accounts.urls")),
    path("admin/", admin.site.urls),
    path("documents/", include("huajie.documents.urls")),
    path("duty/", include("huajie.duty.urls")),
    path("orgs/", include("huajie.orgs.urls")),
    path("imports/", include("huajie.imports.urls")),
    path("notices/", include("huajie.notices.urls")),
    path("petitions/", include("huajie.petitions.urls")),
    path("portal/", include("huajie.portal.urls")),
    path("mediation/", include("huajie.mediation.urls")),
    path("emergency/", include("huajie.emergency.urls")),
    path("similarity/", include("huajie.similarity.urls")),
    path("routing/", include("huajie.routing.urls")),
    path("", home, name="home"),
]

handler404 = "huajie.common.errorpages.page_not_found"
handler500 = "huajie.common.errorpages.server_error"
