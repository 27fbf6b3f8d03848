from django.urls import path

from huajie.workflow.api import action_urls

from .actions import ACTIONS
from .api import (
    ERRORS,
    TAG,
    DetailSerializer,
    DisputeDetailView,
    DisputeListView,
    MeetingsView,
    RatesView,
    ScreeningView,
    TypeListView,
    after_write,
    load_for_action,
)

urlpatterns = [
    path("mediation/disputes/", DisputeListView.as_view(), name="mediation-dispute-list"),
    path("mediation/disputes/<int:pk>/", DisputeDetailView.as_view(),
         name="mediation-dispute-detail"),
    path("mediation/types/", TypeListView.as_view(), name="mediation-types"),
    path("mediation/screening/", ScreeningView.as_view(), name="mediation-screening"),
    path("mediation/rates/", RatesView.as_view(), name="mediation-rates"),
    path("mediation/meetings/", MeetingsView.as_view(), name="mediation-meetings"),
    *action_urls(
        ACTIONS,
        route="mediation/disputes/<int:pk>/actions/{action}/",
        name="mediation-dispute-action-{action}",
        component="Dispute{action}",
        load=load_for_action,
        respond=after_write,
        tags=[TAG],
        responses={200: DetailSerializer, **ERRORS},
    ),
]  # fmt: skip
