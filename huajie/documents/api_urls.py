from django.urls import path

from .api import DocumentFileView, DocumentIssueView, DocumentListView

urlpatterns = [
    path("documents/<slug:target>/<int:pk>/", DocumentListView.as_view(), name="document-list"),
    path(
        "documents/<slug:target>/<int:pk>/<slug:kind>/issue/",
        DocumentIssueView.as_view(),
        name="document-issue",
    ),
    path(
        "documents/<slug:target>/<int:pk>/<slug:kind>.<slug:fmt>",
        DocumentFileView.as_view(),
        name="document-file",
    ),
]
