"""Generating a case's official documents: permission, applicability, numbering, rendering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from huajie.common.errors import NotFound
from huajie.orgs.models import User
from huajie.petitions.models import Petition
from huajie.petitions.selectors import petition_get_for_user

from .compose import compose
from .docx_writer import render_docx
from .fonts import pdf_fonts
from .kinds import subject_for
from .layout import OfficialDocument
from .models import DocumentFormat, DocumentKind
from .numbering import document_issue, letterhead_for
from .pdf_writer import render_pdf

CONTENT_TYPES: dict[str, str] = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
}


class RenderedDocument(NamedTuple):
    filename: str
    content: bytes
    content_type: str


def document_render(
    *,
    petition: Petition | int,
    kind: str,
    fmt: str,
    acting_user: User,
    supervision_id: int | None = None,
) -> RenderedDocument:
    """One document of a case as (filename, bytes, content type).

    Refuses, in Chinese, a case the user may not see (not found), a document the case does not
    have yet (e.g. 信访处理意见书 before the reply) and a PDF when its fonts are not installed —
    each before a number is drawn. The first copy of a document draws its number and writes a
    timeline event; later copies repeat that number and date.
    """
    if fmt not in DocumentFormat.values:
        raise NotFound(
            "文书格式只能是 docx（Word，可编辑）或 pdf（打印）。", code="unknown_document_format"
        )
    pk = petition if isinstance(petition, int) else petition.pk
    case = petition_get_for_user(user=acting_user, pk=pk)
    subject = subject_for(case, kind, supervision_id=supervision_id)
    writer = _writer(fmt)
    letterhead = letterhead_for(subject.unit)
    issued = document_issue(
        petition=case, subject=subject, letterhead=letterhead, acting_user=acting_user
    )
    document = compose(case, subject, letterhead, issued.number, issued.issued_on)
    content = writer(replace(document, author=str(acting_user)))
    label = DocumentKind(kind).label
    return RenderedDocument(f"{case.reg_no}-{label}.{fmt}", content, CONTENT_TYPES[fmt])


def _writer(fmt: str) -> Callable[[OfficialDocument], bytes]:
    if fmt == DocumentFormat.DOCX:
        return render_docx
    fonts = pdf_fonts()  # refuses before a number is drawn when the fonts are missing
    return lambda document: render_pdf(document, fonts)
