from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.register, name="register"),
    path("my/", views.my_work, name="my"),
    path("supervision/", views.supervision, name="supervision"),
    path("assignees/", views.assignees, name="assignees"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
]
