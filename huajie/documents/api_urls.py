from django.urls import path

from .api import DocumentFileView, DocumentListView

urlpatterns = [
    path("documents/petitions/<int:pk>/", DocumentListView.as_view(), name="document-list"),
    path(
        "documents/petitions/<int:pk>/<slug:kind>.<slug:fmt>",
        DocumentFileView.as_view(),
        name="document-file",
    ),
]
