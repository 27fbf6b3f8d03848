"""Chinese text for search: jieba segmentation at write time, the same at query time.

PostgreSQL's trigram index cannot serve the 2-character words most Chinese queries are made of,
and SQLite's FTS5 trigram tokenizer has the same limit (see ../shared/FACTS.md). So the words are
cut once, when a case is written, and stored space-separated; the database's word index (GIN over
a `simple` tsvector, or FTS5) then answers any word.
"""

from __future__ import annotations

import logging
import re
import threading

import jieba

_lock = threading.Lock()
_ready = False
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


def _jieba() -> None:
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready = True


def words(text: str) -> list[str]:
    """The search words of `text`: jieba's search-mode cut, lower-cased, punctuation dropped."""
    _jieba()
    return [w.lower() for w in jieba.cut_for_search(text) if w.strip() and _WORD.search(w)]


def search_tokens(*parts: str) -> str:
    """What is stored with a record: its words, space-separated, each once, in order."""
    seen: dict[str, None] = {}
    for part in parts:
        for w in words(part or ""):
            seen.setdefault(w, None)
    return " ".join(seen)


def query_terms(query: str) -> list[str]:
    """The words a query must all match. A long word is kept whole (it was indexed whole and
    in its parts); an unknown single character stays itself."""
    _jieba()
    terms = [w.lower() for w in jieba.cut(query) if w.strip() and _WORD.search(w)]
    return list(dict.fromkeys(terms))
