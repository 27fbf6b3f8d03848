from django.urls import path

from huajie.workflow.api import action_urls

from .actions import HAZARD_ACTIONS, INCIDENT_ACTIONS
from .api import (
    ERRORS,
    TAG,
    HazardDetailView,
    HazardOut,
    IncidentDetailOut,
    IncidentDetailView,
    IncidentListView,
    ResponderActView,
    hazard_detail,
    incident_detail,
    load_hazard,
    load_incident,
)

urlpatterns = [
    path("emergency/incidents/", IncidentListView.as_view(), name="emergency-incident-list"),
    path("emergency/incidents/<int:pk>/", IncidentDetailView.as_view(),
         name="emergency-incident-detail"),
    *action_urls(
        INCIDENT_ACTIONS, route="emergency/incidents/<int:pk>/actions/{action}/",
        name="emergency-incident-action-{action}", component="Incident{action}",
        load=load_incident, respond=incident_detail, tags=[TAG],
        responses={200: IncidentDetailOut, **ERRORS},
    ),
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
