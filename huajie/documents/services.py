"""Issuing a record's official documents (the number is drawn then) and rendering issued ones.

Issuing is a write by someone the kind allows (staff who may work on the record); it draws the
number, stores it with the document's date and lets the module record it on the record's
timeline, all in one transaction. Downloading is a read: any user who may see the record gets an
issued document with its stored number and date, and a refusal saying who can issue one that is
not issued yet. Nothing on the download path draws a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.orgs.models import User

from .docx_writer import render_docx
from .fonts import pdf_fonts
from .layout import OfficialDocument
from .models import DocumentFormat, IssuedDocument
from .numbering import format_number, letterhead_for, number_draw
from .pdf_writer import render_pdf
from .registry import DocumentKind, Issue, Subject, kind_get

CONTENT_TYPES: dict[str, str] = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
}


class NotIssued(ApplicationError):
    """A document the record has, but nobody has issued yet: no number exists to print."""

    code = "document_not_issued"
    status = 409


class RenderedDocument(NamedTuple):
    filename: str
    content: bytes
    content_type: str


class Issued(NamedTuple):
    document: IssuedDocument
    created: bool  # False when it had been issued before: the stored number is returned
    label: str


def issued_for(kind: DocumentKind, target: Any, subject: Subject) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(
        target_type=ContentType.objects.get_for_model(kind.target.model),
        target_id=target.pk,
        kind=kind.code,
        subject_id=subject.subject_id,
    ).first()


@transaction.atomic
def document_issue(
    *, target: str, pk: int, kind: str, subject_id: int | None = None, acting_user: User
) -> Issued:
    """Issue a document of a record: its number is drawn now, once; issuing it again returns
    the stored number. Refuses a record the user may not see (not found), a document the record
    does not have (yet) and a user the kind does not allow to issue — before drawing anything."""
    found = kind_get(target, kind)
    record = found.target.load(acting_user, pk)
    subject = found.subject(record, subject_id)
    label = subject.label or found.label
    if not found.may_issue(acting_user, record, subject):
        raise PermissionDenied(
            f"您无权出具{label}。请由{found.issuers}出具；出具后，您可以在此下载。",
            code="document_issue_denied",
        )
    return _issue(found, record, subject, label, acting_user)


def _issue(
    kind: DocumentKind, record: Any, subject: Subject, label: str, acting_user: User
) -> Issued:
    model = kind.target.model
    model._base_manager.select_for_update().filter(pk=record.pk).values("pk").get()  # one at a time
    existing = issued_for(kind, record, subject)
    if existing is not None:
        return Issued(existing, False, label)
    year = subject.issued_on.year
    seq = number_draw(subject.unit, kind.code, year)
    issued = IssuedDocument.objects.create(
        target_type=ContentType.objects.get_for_model(model),
        target_id=record.pk,
        kind=kind.code,
        subject_id=subject.subject_id,
        unit=subject.unit,
        year=year,
        seq=seq,
        number=format_number(letterhead_for(subject.unit).prefix, kind.number_code, year, seq),
        issued_on=subject.issued_on,
        issued_by=acting_user,
    )
    kind.on_issue(record, issued, label, acting_user)
    return Issued(issued, True, label)


def document_render(
    *,
    target: str,
    pk: int,
    kind: str,
    fmt: str,
    subject_id: int | None = None,
    acting_user: User,
) -> RenderedDocument:
    """An issued document of a record as (filename, bytes, content type), with its stored number
    and date. Refuses, in Chinese, a record the user may not see (not found), a document the
    record does not have, one not issued yet (saying who can issue it) and a PDF when its fonts
    are not installed."""
    if fmt not in DocumentFormat.values:
        raise NotFound(
            "文书格式只能是 docx（Word，可编辑）或 pdf（打印）。", code="unknown_document_format"
        )
    found = kind_get(target, kind)
    record = found.target.load(acting_user, pk)
    subject = found.subject(record, subject_id)
    label = subject.label or found.label
    issued = issued_for(found, record, subject)
    if issued is None:
        raise NotIssued(_not_issued(found, record, subject, label, acting_user))
    writer = _writer(fmt)
    subject = replace(subject, unit=issued.unit, issued_on=issued.issued_on)
    issue = Issue(letterhead_for(issued.unit), issued.number, issued.issued_on)
    document = found.compose(record, subject, issue)
    content = writer(replace(document, author=str(acting_user)))
    filename = f"{found.target.file_stem(record)}-{label}.{fmt}"
    return RenderedDocument(filename, content, CONTENT_TYPES[fmt])


def _not_issued(kind: DocumentKind, record: Any, subject: Subject, label: str, user: User) -> str:
    if kind.may_issue(user, record, subject):
        return f"该文书尚未出具。请先点击{label}旁的“出具”分配发文字号，再下载。"
    return f"该文书尚未出具。请由{kind.issuers}点击“出具”后再下载。"


def _writer(fmt: str) -> Callable[[OfficialDocument], bytes]:
    if fmt == DocumentFormat.DOCX:
        return render_docx
    fonts = pdf_fonts()  # refuses a PDF with its fonts missing before anything is composed
    return lambda document: render_pdf(document, fonts)
