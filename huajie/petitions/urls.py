from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.register, name="register"),
    path("my/", views.my_work, name="my"),
    path("supervision/", views.supervision, name="supervision"),
    path("assignees/", views.assignees, name="assignees"),
    # 消息通知 moved to /notices/; old bookmarks still arrive there.
    path("notifications/", RedirectView.as_view(pattern_name="notices:list"), name="notifications"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
]
