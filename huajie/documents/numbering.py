"""Letterheads and document numbers (发文字号).

A number has the form 机关代字 + 文书代字 + 〔year〕 + sequence + 号, e.g. 清信告〔2026〕17号
(GB/T 9704-2012 §7.2.4: hexagonal brackets 〔〕 around the year, no leading zeros). Each unit
counts each kind of document per year; the counter row is locked while a number is drawn, like
the petitions' RegistrationCounter. A case gets its number once per kind (and per supervision
notice for 督办单): every later copy shows the same number and date.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from huajie.orgs.models import Unit, User
from huajie.petitions.models import EventKind, Petition
from huajie.petitions.services.events import event_add

from .kinds import Subject
from .layout import chinese_date
from .models import DocumentCounter, DocumentKind, DocumentProfile, IssuedDocument

KIND_CODES = {
    DocumentKind.ACCEPTANCE: "告",
    DocumentKind.NOT_ACCEPTED: "不受",
    DocumentKind.REPLY: "处",
    DocumentKind.EXTENSION: "延",
    DocumentKind.SUPERVISION: "督",
    DocumentKind.REVIEW: "复查",
    DocumentKind.REREVIEW: "复核",
}
DEFAULT_SEAL = "（印章）"


@dataclass(frozen=True)
class Letterhead:
    organ: str  # 发文机关标志 and 署名
    prefix: str  # 机关代字
    seal: str  # the text that marks where the seal goes


def letterhead_for(unit: Unit) -> Letterhead:
    """The unit's document profile, or its name and a prefix from its code when it has none."""
    profile = DocumentProfile.objects.filter(unit=unit).first()
    if profile is not None:
        return Letterhead(profile.organ_name, profile.number_prefix, profile.seal_text)
    return Letterhead(unit.name, unit.code.upper(), DEFAULT_SEAL)


def format_number(prefix: str, kind: str, year: int, seq: int) -> str:
    return f"{prefix}{KIND_CODES[DocumentKind(kind)]}〔{year}〕{seq}号"


def issued_for(petition: Petition, subject: Subject) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(
        petition=petition, kind=subject.kind, subject_id=subject.subject_id
    ).first()


@transaction.atomic
def document_issue(
    *, petition: Petition, subject: Subject, letterhead: Letterhead, acting_user: User
) -> IssuedDocument:
    """The case's number for this document: drawn on first issue (with a timeline event in the
    same transaction), the stored one afterwards."""
    Petition.objects.select_for_update().values("pk").get(pk=petition.pk)  # one issuer at a time
    existing = issued_for(petition, subject)
    if existing is not None:
        return existing
    year = subject.issued_on.year
    seq = _next_seq(subject.unit, year, subject.kind)
    issued = IssuedDocument.objects.create(
        petition=petition,
        kind=subject.kind,
        subject_id=subject.subject_id,
        unit=subject.unit,
        year=year,
        seq=seq,
        number=format_number(letterhead.prefix, subject.kind, year, seq),
        issued_on=subject.issued_on,
        issued_by=acting_user,
    )
    label = DocumentKind(subject.kind).label
    event_add(
        petition=petition,
        kind=EventKind.DOCUMENT,
        actor=acting_user,
        action="document_issue",
        text=f"出具{label}，文号{issued.number}，成文日期{chinese_date(issued.issued_on)}",
        changes={"document": [None, {"kind": subject.kind, "number": issued.number}]},
    )
    return issued


def _next_seq(unit: Unit, year: int, kind: str) -> int:
    counter, _ = DocumentCounter.objects.select_for_update().get_or_create(
        unit=unit, year=year, kind=kind
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
