from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import DeadlineView, UnitViewSet, WorkGroupViewSet

router = SimpleRouter()
router.register("orgs/units", UnitViewSet, basename="unit")
router.register("orgs/workgroups", WorkGroupViewSet, basename="workgroup")

urlpatterns = [
    path("calendar/deadline/", DeadlineView.as_view(), name="calendar-deadline"),
    *router.urls,
]
