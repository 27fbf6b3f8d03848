from __future__ import annotations

from typing import Any

from django import template

from ..selectors import DocumentOption, document_options_for

register = template.Library()


@register.simple_tag(takes_context=True)
def document_options(context: template.Context, target: str, record: Any) -> list[DocumentOption]:
    """{% document_options "petition" petition as options %}: the documents the record has now,
    as the logged-in user sees them."""
    return document_options_for(user=context["user"], target=target, record=record)
