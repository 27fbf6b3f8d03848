from __future__ import annotations

from django import template

from huajie.petitions.models import Petition

from ..selectors import DocumentOption, document_kinds_for

register = template.Library()


@register.simple_tag
def document_options(petition: Petition) -> list[DocumentOption]:
    """{% document_options petition as options %}: the documents the case has now."""
    return document_kinds_for(petition)
