"""Chinese text for synthetic petitions, segmented once per source sentence.

Sentences come from the shared public messages (`messages_with_votes_4326.xlsx`, read with
openpyxl in read-only mode) when the sheet is at hand, else from a built-in list. Each sentence is
cut into search terms (`huajie.common.text.terms`: Chinese bigrams and Latin/digit words) exactly
once; a generated case's terms are its sentences' terms put together in the order
`huajie.common.text.search_tokens` gives them (a bigram never spans two sentences: they end in
punctuation), so generating a million cases never re-cuts the text.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from huajie.common.text import terms

MESSAGES = "public-messages/messages_with_votes_4326.xlsx"
CACHE_VERSION = 3  # bump when `split_sentences` or `terms` changes what a sentence yields
_ENDS = "。！？；!?;"
_SENTENCE_END = re.compile(f"(?<=[{_ENDS}])")
_SPACE = re.compile(r"\s+")

FALLBACK_SENTENCES = [
    ("小区物业长期不作为", "小区物业长期不作为，电梯多次故障无人维修，老人上下楼十分困难。"),
    ("拖欠农民工工资", "某建筑工地拖欠我们十余名农民工三个月工资，多次讨要无果。"),
    ("道路破损严重", "村口道路破损严重，雨天积水没过脚踝，学生上学很不安全。"),
    ("夜间施工噪音扰民", "附近工地夜间施工噪音扰民，影响周边居民正常休息。"),
    ("低保资格认定", "本人家庭困难，申请低保被驳回，请求重新核查认定。"),
    ("养殖场污染", "养殖场污水直排河道，河水发黑发臭，请求环保部门查处。"),
    ("学校周边交通", "学校门口上下学时段车辆拥堵，建议增设人行横道和减速带。"),
    ("宅基地纠纷", "邻居占用我家宅基地建房，村委会调解未果，请求依法处理。"),
    ("医保报销", "住院费用医保报销比例与政策规定不符，请求说明理由。"),
    ("征地补偿", "征地补偿款至今未足额发放，请求查明原因尽快兑付。"),
    ("自来水水压不足", "自来水管网改造后高处住户水压不足，做饭洗衣都很困难。"),
    ("房屋质量问题", "新购商品房墙体开裂渗水，开发商拒不维修，请求住建部门督促。"),
]


@dataclass(frozen=True)
class Sentence:
    """A sentence and its search terms: Chinese ones (`words`) and Latin/digit ones (`latin`),
    apart, because `terms` lists every Chinese term of a text before its Latin ones."""

    text: str
    words: tuple[str, ...]
    latin: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    """A title and the sentences of the message it heads."""

    title: Sentence
    sentences: tuple[Sentence, ...]


def shared_messages_path() -> Path:
    root = Path(os.environ.get("HUAJIE_SHARED_DATA", settings.BASE_DIR.parent / "shared" / "data"))
    return root / MESSAGES


def _clean(text: object) -> str:
    return _SPACE.sub(" ", str(text or "")).strip()


def _rows_from_sheet(path: Path) -> Iterator[tuple[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "") for c in next(rows)]
        title_col = header.index("留言主题") if "留言主题" in header else 2
        body_col = header.index("留言详情") if "留言详情" in header else 4
        for row in rows:
            title, body = _clean(row[title_col]), _clean(row[body_col])
            if title and body:
                yield title, body
    finally:
        book.close()


def split_sentences(body: str, *, longest: int = 120) -> list[str]:
    """Sentences of `body`, each at most `longest` characters and each ending in punctuation, so
    that no search term spans two sentences once they are put together in another order."""
    out: list[str] = []
    for part in _SENTENCE_END.split(body):
        part = part.strip()
        while len(part) > longest:
            out.append(part[:longest] + "。")
            part = part[longest:]
        if len(part) >= 4:
            out.append(part if part[-1] in _ENDS else part + "。")
    return out


Segmented = list[tuple[str, list[str]]]  # (text, words) of a title, then of each sentence


def _segment(pairs: list[tuple[str, str]]) -> list[Segmented]:
    cut: dict[str, list[str]] = {}

    def sentence(text: str) -> tuple[str, list[str]]:
        if text not in cut:
            cut[text] = terms(text)
        return text, cut[text]

    out = []
    for title, body in pairs:
        parts = split_sentences(body)
        if parts:
            out.append([sentence(title[:100])] + [sentence(p) for p in parts])
    return out


def _segmented(source: Path, cache_dir: Path | None) -> list[Segmented]:
    """The sheet's messages cut into words, remembered in `cache_dir` by the sheet's digest
    (cutting 4,326 messages takes seconds; reading the cache, a fraction of one)."""
    if not source.exists():
        return _segment(list(FALLBACK_SENTENCES))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cached = cache_dir / f"messages-{digest}-v{CACHE_VERSION}.json" if cache_dir else None
    if cached is not None and cached.exists():
        data: list[Segmented] = json.loads(cached.read_text(encoding="utf-8"))
        return data
    data = _segment(list(_rows_from_sheet(source)))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    return data


def load_messages(
    path: Path | None = None,
    *,
    escape: Callable[[str], str] = str,
    cache_dir: Path | None = None,
) -> list[Message]:
    """Every message as a title and its sentences with their words. `escape` turns a text into
    what the database writer needs (PostgreSQL COPY escaping); words are never escaped (they
    contain no tab, newline or backslash)."""
    made: dict[str, Sentence] = {}

    def sentence(text: str, cut: list[str]) -> Sentence:
        found = made.get(text)
        if found is None:
            found = made[text] = Sentence(
                escape(text),
                tuple(w for w in cut if not w.isascii()),
                tuple(w for w in cut if w.isascii()),
            )
        return found

    return [
        Message(sentence(*item[0]), tuple(sentence(*part) for part in item[1:]))
        for item in _segmented(path or shared_messages_path(), cache_dir)
    ]
