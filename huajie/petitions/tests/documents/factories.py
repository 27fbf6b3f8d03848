"""Documents of cases at each point of their life (`petitions.tests.stages`), issued and
downloaded through the documents services."""

from __future__ import annotations

from huajie.documents.models import DocumentProfile
from huajie.documents.services import RenderedDocument, document_issue, document_render
from huajie.orgs.models import User
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County, register
from huajie.petitions.tests.stages import (
    ACCEPTED_ON,
    REPLIED_ON,
    TODAY,
    accepted,
    extended,
    handling,
    not_accepted,
    replied,
    reviewed,
    supervised,
)

__all__ = [
    "ACCEPTED_ON",
    "REPLIED_ON",
    "TODAY",
    "accepted",
    "extended",
    "handling",
    "not_accepted",
    "register",
    "replied",
    "reviewed",
    "supervised",
]


def issue(p: Petition, kind: str, user: User, subject: int | None = None) -> str:
    """Issue the case's document and return its number."""
    issued = document_issue(
        target="petition", pk=p.pk, kind=kind, subject_id=subject, acting_user=user
    )
    return issued.document.number


def download(
    p: Petition | int, kind: str, user: User, fmt: str = "docx", subject: int | None = None
) -> RenderedDocument:
    pk = p if isinstance(p, int) else p.pk
    return document_render(
        target="petition", pk=pk, kind=kind, fmt=fmt, subject_id=subject, acting_user=user
    )


def issued(p: Petition, kind: str, user: User, fmt: str = "docx") -> RenderedDocument:
    """Issue the document (as `user`, who must be allowed to) and download it."""
    issue(p, kind, user)
    return download(p, kind, user, fmt)


def with_profile(c: County) -> DocumentProfile:
    return DocumentProfile.objects.create(
        unit=c.office,
        organ_name="清河县信访局",
        number_prefix="清信",
        seal_text="清河县信访局（印章）",
    )
