from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<slug:target>/<int:pk>/<slug:kind>/issue/", views.issue, name="issue"),
    path("<slug:target>/<int:pk>/<slug:kind>.<slug:fmt>", views.document, name="render"),
]
