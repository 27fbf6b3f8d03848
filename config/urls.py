from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from huajie.accounts.views import home

api_v1: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include("huajie.accounts.api_urls")),
    path("", include("huajie.orgs.api_urls")),
    path("", include("huajie.petitions.api_urls")),
    path("", include("huajie.similarity.api_urls")),
    path("", include("huajie.documents.api_urls")),
]

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("accounts/", include("huajie.accounts.urls")),
    path("admin/", admin.site.urls),
    path("documents/", include("huajie.documents.urls")),
    path("orgs/", include("huajie.orgs.urls")),
    path("imports/", include("huajie.imports.urls")),
    path("notices/", include("huajie.notices.urls")),
    path("petitions/", include("huajie.petitions.urls")),
    path("similarity/", include("huajie.similarity.urls")),
    path("", home, name="home"),
]
