from django.urls import path

from . import api, api_roster

urlpatterns = [
    path("duty/now/", api.OnDutyView.as_view(), name="duty-now"),
    path("duty/log/", api.LogListView.as_view(), name="duty-log"),
    path("duty/log/<int:pk>/", api.LogDetailView.as_view(), name="duty-log-detail"),
    path("duty/reports/", api.ReportsView.as_view(), name="duty-reports"),
    path("duty/reports/matrix/", api.MatrixView.as_view(), name="duty-matrix"),
    path("duty/rosters/", api.RosterListView.as_view(), name="duty-rosters"),
    path("duty/rosters/<int:pk>/", api.RosterDetailView.as_view(), name="duty-roster-detail"),
    path(
        "duty/rosters/generate/",
        api_roster.RosterGenerateView.as_view(),
        name="duty-roster-generate",
    ),
    path(
        "duty/rosters/<int:pk>/publish/",
        api_roster.RosterPublishView.as_view(),
        name="duty-roster-publish",
    ),
    path(
        "duty/rosters/<int:pk>/revise/",
        api_roster.RosterReviseView.as_view(),
        name="duty-roster-revise",
    ),
    path("duty/slots/<int:pk>/assign/", api_roster.SlotAssignView.as_view(), name="duty-assign"),
    path("duty/my-shifts/", api_roster.MyShiftsView.as_view(), name="duty-my-shifts"),
    path("duty/swaps/", api_roster.SwapsView.as_view(), name="duty-swaps"),
    path(
        "duty/swaps/<int:pk>/<str:action>/",
        api_roster.SwapActionView.as_view(),
        name="duty-swap-action",
    ),
    path("duty/leave/", api_roster.LeaveListView.as_view(), name="duty-leave"),
    path(
        "duty/leave/<int:pk>/decide/",
        api_roster.LeaveDecideView.as_view(),
        name="duty-leave-decide",
    ),
    path("duty/periods/", api_roster.PeriodsView.as_view(), name="duty-periods"),
    path("duty/definitions/", api_roster.DefinitionsView.as_view(), name="duty-definitions"),
]
