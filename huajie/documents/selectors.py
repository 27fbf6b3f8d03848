"""Reads for the case page: which documents a case has, and the numbers already issued."""

from __future__ import annotations

from dataclasses import dataclass

from huajie.petitions.models import Petition

from .kinds import applicable_kinds
from .models import DocumentKind, IssuedDocument


@dataclass(frozen=True)
class DocumentOption:
    kind: str
    label: str
    number: str  # the 发文字号 if the document was issued already, else ""


def document_kinds_for(petition: Petition) -> list[DocumentOption]:
    """The documents the case has now, for buttons on the case page. `petition` should come from
    `petition_get_for_user` (its events, clocks, reviews and supervisions prefetched)."""
    subjects = applicable_kinds(petition)
    issued = {
        (d.kind, d.subject_id): d.number
        for d in IssuedDocument.objects.filter(petition=petition).only(
            "kind", "subject_id", "number"
        )
    }
    return [
        DocumentOption(
            kind=s.kind,
            label=DocumentKind(s.kind).label,
            number=issued.get((s.kind, s.subject_id), ""),
        )
        for s in subjects
    ]
