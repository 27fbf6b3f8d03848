from django.urls import path

from . import views

app_name = "similarity"
urlpatterns = [
    path("candidates/", views.candidates, name="candidates"),
    path("hot/", views.hot, name="hot"),
    path("petitions/<int:pk>/links/", views.links, name="links"),
    path("petitions/<int:pk>/links/add/", views.link, name="link"),
    path("petitions/<int:pk>/links/<int:other_pk>/remove/", views.unlink, name="unlink"),
]
