"""Chinese text → the words that say which matter a case is about. Plain Python, no Django.

Segmentation uses a jieba tokenizer of our own (not jieba's global one, which the ledger search
uses): it loads `data/userdict.txt` so that names such as 魅力之城 stay one word, without changing
how search words were cut for rows already stored. Keyword weights are TF-IDF with the IDF table
jieba ships (`jieba/analyse/idf.txt`); a word missing from it gets the median IDF, as in jieba.
Everything is loaded once per process, from the installed package: nothing is downloaded.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jieba

DATA_DIR = Path(__file__).resolve().parent / "data"
TITLE_WEIGHT = 10  # a title is the clerk's one-line summary of the matter: it leads the keywords
KEYWORDS_PER_CASE = 10

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
_ASCII_LETTER = re.compile(r"[a-z]")
_SPACE = re.compile(r"\s+")
# The public test data anonymises places as "A市", "A2区", "A7县"; jieba glues the suffix to the
# next word ("区丽发", "市经"). Cutting such a code off first costs nothing on real names.
_ANONYMISED_PLACE = re.compile(r"[a-z]\d{0,2}[省市区县镇乡]")


@dataclass(frozen=True)
class _Lexicon:
    tokenizer: Any  # jieba.Tokenizer (untyped)
    stopwords: frozenset[str]
    idf: dict[str, float]
    median_idf: float


_lock = threading.Lock()
_lexicon: _Lexicon | None = None


def _load() -> _Lexicon:
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _build_lexicon()
    return _lexicon


def _build_lexicon() -> _Lexicon:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in _read_list(DATA_DIR / "userdict.txt"):
        word, *rest = line.split()
        freq = int(rest[0]) if rest else None
        tokenizer.add_word(word, freq, rest[1] if len(rest) > 1 else None)
    idf: dict[str, float] = {}
    idf_path = Path(jieba.__file__).resolve().parent / "analyse" / "idf.txt"
    for line in idf_path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.strip().partition(" ")
        if value:
            idf[word] = float(value)
    values = sorted(idf.values())
    return _Lexicon(
        tokenizer=tokenizer,
        stopwords=frozenset(_read_list(DATA_DIR / "stopwords.txt")),
        idf=idf,
        median_idf=values[len(values) // 2],
    )


def _read_list(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def warm_up() -> None:
    """Load the dictionary now (about a second) instead of on the first request."""
    _load()


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), lower-case, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def words(text: str) -> list[str]:
    """The content words of `text`, in order: jieba's cut, without punctuation, single
    characters and stop words."""
    lex = _load()
    out = []
    for token in lex.tokenizer.cut(_ANONYMISED_PLACE.sub(r" \g<0> ", normalise(text))):
        word = token.strip()
        if len(word) < 2 or not _WORDLIKE.search(word) or word in lex.stopwords:
            continue
        out.append(word)
    return out


def is_keyword(word: str) -> bool:
    """A word that can name a topic: Chinese, or at least two Latin letters (so "5g" and the
    anonymised place codes "a3" are not keywords, while "etc" is). Numbers never are."""
    if _CJK.search(word):
        return True
    return len(_ASCII_LETTER.findall(word)) >= 2


@dataclass(frozen=True)
class Analysis:
    """What similarity needs from one case's text."""

    shingles: frozenset[str]  # the word set compared by MinHash
    keywords: list[tuple[str, float]]  # top TF-IDF keywords, heaviest first


def analyse(title: str, content: str) -> Analysis:
    title_words = words(title)
    content_words = words(content)
    counts: Counter[str] = Counter(content_words)
    for word in title_words:
        counts[word] += TITLE_WEIGHT
    return Analysis(
        shingles=frozenset(title_words) | frozenset(content_words),
        keywords=top_keywords(counts),
    )


def top_keywords(counts: Counter[str], k: int = KEYWORDS_PER_CASE) -> list[tuple[str, float]]:
    """TF-IDF over `counts`, L2-normalised so two cases compare by a dot product."""
    lex = _load()
    total = sum(counts.values()) or 1
    scored = [
        (word, count / total * lex.idf.get(word, lex.median_idf))
        for word, count in counts.items()
        if is_keyword(word)
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    top = scored[:k]
    norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
    return [(word, round(weight / norm, 4)) for word, weight in top]
