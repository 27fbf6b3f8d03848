"""Chinese text for keyword search.

Search: PostgreSQL's trigram index cannot serve the 2-character words most Chinese queries are
made of, and SQLite's FTS5 trigram tokenizer has the same limit (../shared/FACTS.md). A record
stores its *search terms* instead: every pair of adjacent Chinese characters (bigram) plus every
Latin/digit word, space-separated; the database's word index (GIN over a `simple` tsvector, or
FTS5) answers them. A query is cut the same way and all its terms must match. Bigrams, unlike a
dictionary cut, never miss a word the segmenter split differently ("路灯" inside "小区路灯不亮").
Keywords for duplicates and hot issues are jieba words instead: see huajie/similarity/text.py.
"""

from __future__ import annotations

import re
import unicodedata

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ALNUM = re.compile(r"[0-9a-z]+")


def terms(text: str) -> list[str]:
    """Search terms of `text`, in order, each once: Chinese bigrams (a lone Chinese character
    stands for itself) and lower-cased Latin/digit words."""
    norm = unicodedata.normalize("NFKC", text or "").lower()
    found: dict[str, None] = {}
    for run in _CJK_RUN.findall(norm):
        if len(run) == 1:
            found.setdefault(run, None)
        for i in range(len(run) - 1):
            found.setdefault(run[i : i + 2], None)
    for word in _ALNUM.findall(norm):
        found.setdefault(word, None)
    return list(found)


def search_tokens(*parts: str) -> str:
    """What is stored with a record: the search terms of all its parts, space-separated."""
    seen: dict[str, None] = {}
    for part in parts:
        for term in terms(part):
            seen.setdefault(term, None)
    return " ".join(seen)


def query_terms(query: str) -> list[str]:
    """The terms a query must all match (cut exactly like stored text)."""
    return terms(query)
