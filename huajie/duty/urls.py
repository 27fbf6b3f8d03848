from django.urls import path

from . import views

app_name = "duty"
urlpatterns = [
    path("", views.index, name="index"),
    path("desk/", views.desk, name="desk"),
    path("now/", views.now, name="now"),
    path("log/", views.log_list, name="log_list"),
    path("log/new/", views.log_new, name="log_new"),
    path("log/<int:pk>/", views.log_detail, name="log_detail"),
    path("log/<int:pk>/close/", views.log_close, name="log_close"),
    path("rosters/", views.rosters, name="rosters"),
    path("rosters/patterns/", views.patterns, name="patterns"),
    path("rosters/<int:pk>/", views.roster, name="roster"),
    path("rosters/<int:pk>/print/", views.roster_print, name="roster_print"),
    path("rosters/<int:pk>/xlsx/", views.roster_xlsx, name="roster_xlsx"),
    path("reports/", views.reports, name="reports"),
    path("reports/matrix/", views.matrix, name="matrix"),
    path("reports/summary/", views.summary, name="summary"),
    path("reports/definitions/", views.definitions, name="definitions"),
    path("reports/definitions/new/", views.definition_new, name="definition_new"),
    path("reports/definitions/<int:pk>/", views.definition_edit, name="definition_edit"),
    path("periods/", views.periods, name="periods"),
    path("periods/new/", views.period_new, name="period_new"),
    path("periods/<int:pk>/", views.period_edit, name="period_edit"),
    path("handover/", views.handover, name="handover"),
    path("rota/", views.rota, name="rota"),
    path("swaps/", views.swaps, name="swaps"),
    path("leave/", views.leave, name="leave"),
    path("spot-checks/", views.spot_checks, name="spot_checks"),
    path("directory/", views.directory, name="directory"),
    path("receptions/", views.receptions, name="receptions"),
    path("calendar/", views.ical_link, name="ical_link"),
    path("calendar/<str:token>.ics", views.ical, name="ical"),
]
