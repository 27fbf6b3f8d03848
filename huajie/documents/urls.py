from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("petition/<int:pk>/<slug:kind>.<slug:fmt>", views.document, name="render"),
]
