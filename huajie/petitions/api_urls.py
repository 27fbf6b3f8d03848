from django.urls import path

from huajie.workflow.api import action_urls

from .actions import ACTIONS
from .api.views import (
    ACTION_RESPONSES,
    TAG,
    AssigneesView,
    AttachmentView,
    CategoryListView,
    MyWorkView,
    PersonalDataView,
    PetitionDetailView,
    PetitionListView,
    RoutingUnitsView,
    UnknownActionView,
    after_write,
    load_for_action,
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
    *action_urls(
        ACTIONS,
        route="petitions/<int:pk>/actions/{action}/",
        name="petition-action-{action}",
        component="Petition{action}",
        load=load_for_action,
        respond=after_write,
        tags=[TAG],
        responses=ACTION_RESPONSES,
    ),
    path(
        "petitions/<int:pk>/actions/<str:name>/",
        UnknownActionView.as_view(),
        name="petition-action",
    ),
    path("petitions/<int:pk>/attachments/", AttachmentView.as_view(), name="petition-attachments"),
    path("petitions/<int:pk>/units/", RoutingUnitsView.as_view(), name="petition-units"),
    path("petitions/<int:pk>/assignees/", AssigneesView.as_view(), name="petition-assignees"),
]
