"""Small template helpers for the similarity fragments."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def case_url(pk: int) -> str:
    """The case page of `pk`, or "" while the petitions pages are not mounted."""
    try:
        return reverse("petitions:detail", args=[pk])
    except NoReverseMatch:
        return ""
