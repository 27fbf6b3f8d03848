from django.urls import path

from .api.views import (
    AttachmentView,
    CategoryListView,
    MyWorkView,
    PersonalDataView,
    PetitionActionView,
    PetitionDetailView,
    PetitionListView,
)

urlpatterns = [
    path("petitions/", PetitionListView.as_view(), name="petition-list"),
    path("petitions/my-work/", MyWorkView.as_view(), name="petition-my-work"),
    path("petitions/categories/", CategoryListView.as_view(), name="petition-categories"),
    path("petitions/<int:pk>/", PetitionDetailView.as_view(), name="petition-detail"),
    path(
        "petitions/<int:pk>/personal-data/",
        PersonalDataView.as_view(),
        name="petition-personal-data",
    ),
    path(
        "petitions/<int:pk>/actions/<str:name>/",
        PetitionActionView.as_view(),
        name="petition-action",
    ),
    path("petitions/<int:pk>/attachments/", AttachmentView.as_view(), name="petition-attachments"),
]
