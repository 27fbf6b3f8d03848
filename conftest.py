"""Suite-wide fixtures."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches the UI to English must not leave it on for the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _next_due_matches_the_clocks(request):
    """Every test that touches the database ends with each case's stored `next_due` equal to the
    nearest due date of its running staff clocks — whatever services, API calls, imports or
    generated data it ran (`huajie/petitions/services/clocks.py` keeps the column)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    yield
    from huajie.petitions.models import Petition
    from huajie.petitions.services.clocks import running_staff_due

    for petition in Petition.objects.prefetch_related("clocks"):
        want = running_staff_due(list(petition.clocks.all()))
        if petition.next_due != want:
            pytest.fail(
                f"{petition.reg_no}: next_due {petition.next_due}, running clocks say {want}"
            )
