from django.urls import path

from huajie.workflow.api import action_urls

from .actions import HAZARD_ACTIONS
from .api import (
    ERRORS,
    TAG,
    ActivateView,
    HazardDetailView,
    HazardOut,
    IncidentDetailView,
    IncidentListView,
    ReportView,
    ResponderActView,
    hazard_detail,
    load_hazard,
)

urlpatterns = [
    path("emergency/incidents/", IncidentListView.as_view(), name="emergency-incident-list"),
    path("emergency/incidents/<int:pk>/", IncidentDetailView.as_view(),
         name="emergency-incident-detail"),
    path("emergency/incidents/<int:pk>/activate/", ActivateView.as_view(),
         name="emergency-incident-activate"),
    path("emergency/incidents/<int:pk>/reports/", ReportView.as_view(),
         name="emergency-incident-report"),
    path("emergency/responders/<int:pk>/ack/", ResponderActView.as_view(action="ack"),
         name="emergency-responder-ack"),
    path("emergency/responders/<int:pk>/arrive/", ResponderActView.as_view(action="arrive"),
         name="emergency-responder-arrive"),
    path("emergency/hazards/<int:pk>/", HazardDetailView.as_view(),
         name="emergency-hazard-detail"),
    *action_urls(
        HAZARD_ACTIONS, route="emergency/hazards/<int:pk>/actions/{action}/",
        name="emergency-hazard-action-{action}", component="Hazard{action}",
        load=load_hazard, respond=hazard_detail, tags=[TAG],
        responses={200: HazardOut, **ERRORS},
    ),
]  # fmt: skip
