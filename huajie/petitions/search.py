"""Keyword search over petitions: jieba words matched through the database's word index.

A query that looks like a registration number matches the number; anything else is cut into
words that must all appear (AND). PostgreSQL matches the stored `search_vector` column through
its GIN index (migration 0006), SQLite the FTS5 table (migration 0004); any other database falls
back to a substring match.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from huajie.common.text import query_terms

from .models import Petition

REG_NO = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*-\d{4}-\d{1,6}$|^[A-Za-z0-9-]*-\d{4}-?\d*$")


def keyword_filter(qs: QuerySet[Petition], query: str) -> QuerySet[Petition]:
    term = query.strip()
    if not term:
        return qs
    if REG_NO.match(term):
        return qs.filter(reg_no__istartswith=term)
    words = query_terms(term)
    if not words:
        return qs.none()
    vendor = connection.vendor
    if vendor == "postgresql":
        match = RawSQL(
            "petitions_petition.search_vector @@ plainto_tsquery('simple'::regconfig, %s)",
            [" ".join(words)],
            output_field=BooleanField(),
        )
        return qs.filter(match)
    if vendor == "sqlite":
        fts = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        ids = RawSQL("SELECT rowid FROM petitions_search WHERE petitions_search MATCH %s", [fts])
        return qs.filter(pk__in=ids)
    cond = Q()
    for w in words:
        cond &= Q(search_tokens__contains=w)
    return qs.filter(cond)
