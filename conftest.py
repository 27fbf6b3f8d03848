"""Suite-wide fixtures."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches the UI to English must not leave it on for the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
