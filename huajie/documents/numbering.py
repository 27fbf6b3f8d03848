"""Letterheads and document numbers (发文字号).

A number has the form 机关代字 + 文书代字 + 〔year〕 + sequence + 号, e.g. 清信告〔2026〕17号
(GB/T 9704-2012 §7.2.4: hexagonal brackets 〔〕 around the year, no leading zeros). Each unit
counts each kind of document per year with the counter service (`common.counters`), scope
`documents.<unit id>.<kind>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from huajie.common.counters import counter_next
from huajie.orgs.models import Unit

from .models import DocumentProfile

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


def format_number(prefix: str, number_code: str, year: int, seq: int) -> str:
    return f"{prefix}{number_code}〔{year}〕{seq}号"


def document_counter(unit_id: int, kind: str) -> str:
    """The counter scope of a unit's numbers for one kind of document."""
    return f"documents.{unit_id}.{kind}"


def number_draw(unit: Unit, kind: str, year: int) -> int:
    """The unit's next sequence number for `kind` in `year`, locked until the caller commits."""
    return counter_next(key=document_counter(unit.pk, kind), year=year)
