from django.urls import path

from .views import case, ledger, register, screening

app_name = "mediation"

urlpatterns = [
    path("", ledger.index, name="index"),
    path("my/", ledger.my_work, name="my"),
    path("export.csv", ledger.export, name="export"),
    path("new/", register.register, name="register"),
    path("<int:pk>/", case.detail, name="detail"),
    path("<int:pk>/act/<str:action>/", case.act, name="act"),
    path("<int:pk>/reveal/", case.reveal, name="reveal"),
    path("<int:pk>/sessions/<int:session_pk>/scan/", case.scan_upload, name="scan-upload"),
    path("<int:pk>/sessions/<int:session_pk>/scan.file", case.scan_file, name="scan-file"),
    path("screening/", screening.overview, name="screening"),
    path("screening/report/", screening.report, name="screening-report"),
    path("meetings/", screening.meetings, name="meetings"),
    path("meetings/new/", screening.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", screening.meeting_detail, name="meeting"),
    path("rates/", ledger.rates, name="rates"),
]
