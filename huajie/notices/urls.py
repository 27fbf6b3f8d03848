from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("read-all/", views.notices_read_all, name="read_all"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("<int:pk>/ack/", views.notice_ack, name="ack"),
]
