"""Search over petitions as a clerk types it: words, people and numbers.

What the query looks like decides what it matches:
- a registration number (QHX-XFJ-2026-00005, or its start) → that number;
- an ID number (18 characters, checksum valid) → the cases of that person, through the blind
  index `Petitioner.id_index` (the number is hashed, never decrypted for a search);
- a phone number (mobile or landline) → the cases of that person, through `phone_index`, and the
  cases where that number was given for the case only (`PetitionParty.given_phone_index`);
- anything else is cut into words by jieba and each word must appear (AND), through the
  database's word index: PostgreSQL matches the stored `search_vector` column through its GIN
  index (migration 0006), SQLite the FTS5 table (migration 0004), any other database a substring
  match. A word is matched as its character pairs (how text is stored: common/text.py), so
  "拖欠工资" finds "拖欠32名工人工资" — the words 拖欠 and 工资, not the run 拖欠工资. Besides the
  words, a query may also be the last digits of a registration number ("5", "00005": that
  year's sequence 5), a query code (8 letters and digits) or a petitioner's name (2–4 Chinese
  characters, exactly): those match alongside the words.
A one-character query finds nothing: a single character is not a word (`hint` says so).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from huajie.common.crypto import blind_index
from huajie.common.identity import normalize_id_number, normalize_phone
from huajie.common.text import terms

from .models import Petition, PetitionParty

REG_NO = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*-\d{4}-\d{1,6}$|^[A-Za-z0-9-]*-\d{4}-?\d*$")
ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
PHONE_LIKE = re.compile(r"^[\d\-() ]{7,20}$")
SEQ_DIGITS = re.compile(r"^\d{1,6}$")
QUERY_CODE = re.compile(r"^[A-HJ-NP-Za-hj-np-z2-9]{8}$")
NAME_LIKE = re.compile(r"^[\u3400-\u9fff·]{2,4}$")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def normalise(query: str) -> str:
    return unicodedata.normalize("NFKC", query or "").strip()


def _dictionary() -> dict[str, int]:
    tokenizer = _jieba().dt
    tokenizer.check_initialized()
    return tokenizer.FREQ


def _finest(word: str, freq: dict[str, int]) -> list[str]:
    """A long word as the dictionary words it is made of, when they cover it: jieba keeps
    拖欠工资 as one word, a case says 拖欠32名工人工资 — both contain 拖欠 and 工资."""
    if len(word) < 4:
        return [word]
    parts, i = [], 0
    while i < len(word):
        for size in (3, 2):
            piece = word[i : i + size]
            if len(piece) == size and freq.get(piece) and len(word) - i - size != 1:
                parts.append(piece)
                i += size
                break
        else:
            return [word]
    return parts


def _run_terms(run: str) -> list[str]:
    """The character pairs of a run of Chinese characters that a matching text must contain:
    the pairs inside each word, never one joining two words (拖欠|工资 needs 拖欠 and 工资, not
    欠工). Characters jieba leaves alone next to each other count as one word (不|亮 → 不亮); a
    lone character between words (小区|的|路灯) is left out."""
    if len(run) == 1:
        return [run]
    freq = _dictionary()
    units: list[str] = []
    single = ""
    for word in _jieba().cut(run, HMM=False):
        for part in _finest(word, freq):
            if len(part) == 1:
                single += part
                continue
            if single:
                units.append(single)
                single = ""
            units.append(part)
    if single:
        units.append(single)
    if len(units) > 1:
        units = [unit for unit in units if len(unit) > 1] or units
    return [unit[i : i + 2] for unit in units for i in range(max(1, len(unit) - 1))]


def query_words(query: str) -> list[str]:
    """The search terms a query must all match, cut like stored text (character pairs and
    Latin/digit words) but without the pairs that only join two words (see `_run_terms`)."""
    norm = normalise(query).lower()
    found: dict[str, None] = {}
    for run in _CJK_RUN.findall(norm):
        for term in _run_terms(run):
            found.setdefault(term, None)
    for term in terms(_CJK_RUN.sub(" ", norm)):
        found.setdefault(term, None)
    return list(found)


DIGIT_RUN = re.compile(r"\d{7,}")


def names_a_person(query: str) -> bool:
    """Whether a query may be an ID or phone number (whole, or seven digits or more of one,
    but not a registration number): such a query must never travel in a URL."""
    term = normalise(query)
    if REG_NO.match(term) and re.search("[A-Za-z]", term):  # 137-0000-1111 is no unit's code
        return False
    digits = sum(ch.isdigit() for ch in term)
    return bool(
        ID_LIKE.match(term)
        or (PHONE_LIKE.match(term) and digits >= 7)
        or DIGIT_RUN.search(re.sub(r"[\s\-()]", "", term))
    )


def hint(query: str) -> str:
    """Why a query finds nothing by its nature (shown above the empty result), or ""."""
    term = normalise(query)
    if len(term) == 1 and _CJK.match(term):
        return (
            f"“{term}”只有一个字：检索按词匹配，一个字不成词。请输入至少两个字的词"
            "（如“水压”“工资”），或输入信访人姓名、电话、身份证号、登记编号。"
        )
    return ""


def _people(q: Q) -> Q:
    """Cases with a petitioner matching `q` (one indexed lookup, then the cases' keys)."""
    parties = PetitionParty.objects.filter(q).values("petition_id")
    return Q(pk__in=parties)


def _exact(term: str) -> Q | None:
    """The case a query names exactly, or None. ID and phone numbers answer alone."""
    if ID_LIKE.match(term):
        try:
            number = normalize_id_number(term)
        except Exception:  # not a valid ID number: search it as words
            return None
        return _people(Q(petitioner__id_index=blind_index(number, purpose="id_number")))
    if PHONE_LIKE.match(term) and sum(ch.isdigit() for ch in term) >= 7:
        try:
            phone = normalize_phone(term)
        except Exception:
            return None
        index = blind_index(phone, purpose="phone")
        return _people(Q(petitioner__phone_index=index) | Q(given_phone_index=index))
    return None


def _also(term: str) -> Q | None:
    """What a query may also name besides its words: a sequence number, a query code, a name."""
    if SEQ_DIGITS.match(term):
        return Q(reg_seq=int(term))
    if QUERY_CODE.match(term):
        return Q(query_code=term.upper())
    if NAME_LIKE.match(term):
        return _people(Q(petitioner__name=term))
    return None


def _words_match(words: list[str]) -> Q:
    vendor = connection.vendor
    if vendor == "postgresql":
        match = RawSQL(
            "petitions_petition.search_vector @@ plainto_tsquery('simple'::regconfig, %s)",
            [" ".join(words)],
            output_field=BooleanField(),
        )
        return Q(match)
    if vendor == "sqlite":
        fts = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        ids = RawSQL("SELECT rowid FROM petitions_search WHERE petitions_search MATCH %s", [fts])
        return Q(pk__in=ids)
    cond = Q()
    for w in words:
        cond &= Q(search_tokens__contains=w)
    return cond


def keyword_filter(qs: QuerySet[Petition], query: str) -> QuerySet[Petition]:
    term = normalise(query)
    if not term:
        return qs
    exact = _exact(term)
    if REG_NO.match(term) and exact is None:  # 137-0000-1111 is a phone, not a number's prefix
        return qs.filter(reg_no__istartswith=term)
    if exact is not None:
        return qs.filter(exact)
    words = query_words(term)
    also = _also(term)
    if not words:
        return qs.filter(also) if also is not None else qs.none()
    cond = _words_match(words)
    if also is not None:
        cond |= also
    return qs.filter(cond)
