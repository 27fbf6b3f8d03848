from django.urls import path

from .api import PetitionSuggestionView, SuggestView

urlpatterns = [
    path("routing/suggestions/", SuggestView.as_view(), name="routing-suggest"),
    path(
        "routing/petitions/<int:pk>/suggestion/",
        PetitionSuggestionView.as_view(),
        name="routing-petition-suggestion",
    ),
]
