from django.urls import path

from .api import CandidatesView, HotIssuesView, PetitionLinksView, PetitionLinkView

urlpatterns = [
    path("similarity/candidates/", CandidatesView.as_view(), name="similarity-candidates"),
    path("similarity/hot/", HotIssuesView.as_view(), name="similarity-hot"),
    path(
        "similarity/petitions/<int:pk>/links/",
        PetitionLinksView.as_view(),
        name="similarity-links",
    ),
    path(
        "similarity/petitions/<int:pk>/links/<int:other_pk>/",
        PetitionLinkView.as_view(),
        name="similarity-link",
    ),
]
