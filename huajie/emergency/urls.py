from django.urls import path

from .views import files, hazards, incidents, inspections, plans

app_name = "emergency"

urlpatterns = [
    path("", incidents.board, name="index"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:pk>/act/<str:action>/", incidents.incident_act, name="incident_act"),
    path("incidents/<int:pk>/me/", incidents.callout, name="callout"),
    path("incidents/<int:pk>/files/<int:file_pk>/", files.incident_file, name="incident_file"),
    path("responders/<int:pk>/<str:action>/", incidents.responder_act, name="responder_act"),
    path("plans/", plans.library, name="plans"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/revise/", plans.plan_revise, name="plan_revise"),
    path("versions/<int:pk>/", plans.version_detail, name="version"),
    path("versions/<int:pk>/edit/", plans.version_edit, name="version_edit"),
    path("versions/<int:pk>/in-force/", plans.version_in_force, name="version_in_force"),
    path("versions/<int:pk>/rows/<str:section>/", plans.row_add, name="row_add"),
    path(
        "versions/<int:pk>/rows/<str:section>/<int:row_pk>/delete/",
        plans.row_delete,
        name="row_delete",
    ),  # fmt: skip
    path("hazards/", hazards.hazard_board, name="hazards"),
    path("hazards/rates/", hazards.hazard_rates, name="hazard_rates"),
    path("hazards/<int:pk>/", hazards.hazard_detail, name="hazard"),
    path("hazards/<int:pk>/act/<str:action>/", hazards.hazard_act, name="hazard_act"),
    path("hazards/<int:pk>/files/<int:file_pk>/", files.hazard_file, name="hazard_file"),
    path("inspections/", inspections.inspections, name="inspections"),
    path("inspections/<int:pk>/", inspections.plan_inspect, name="plan_inspect"),
    path("places/<int:pk>/inspect/", inspections.inspect, name="inspect"),
    path("drills/", hazards.drills, name="drills"),
    path("actions/<int:pk>/done/", hazards.action_done, name="action_done"),
]
