from django.urls import path

from .api import ActivateView, IncidentDetailView, IncidentListView, ReportView, ResponderActView

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
]  # fmt: skip
