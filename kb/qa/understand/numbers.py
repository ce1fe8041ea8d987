"""The document a question names by its number (文号): 国发〔2020〕6号, 国办函[2016]38号, Guofa [2020] No. 6.

A number is read by its form — an issuer's abbreviation, the year in brackets of any width, the serial number and
号 (in English: the abbreviation in pinyin, the year in brackets, No. and the number) — and matched against the
numbers the documents carry as their own (`kb docs`' doc_no). The one document carrying it is the question's
document; a number no document carries names none here (a document may cite another's number in its text, and
the clauses that do are found as any words are)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from kb.parse.jurisdiction import DOC_NUMBER
from kb.qa.understand.issuer import ISSUED_KINDS

_OPEN, _CLOSE = r"[〔\[［(（【{]", r"[〕\]］)）】}]"
# the form ingestion reads a document's own number by; the abbreviation is read back from the end (按国办函〔2003〕
# 49号: 按 is no part of it)
_ZH = DOC_NUMBER
_EN = re.compile(
    rf"(?P<prefix>[A-Za-z][A-Za-z' ]{{0,40}}?)\s*{_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{_CLOSE}\s*"
    r"(?:No\.?|Number|#)\s*(?P<serial>\d{1,5})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Named:
    doc: str  # the document carrying the number
    written: str  # the number as the question writes it (to be set aside from its topic and year)


@lru_cache(maxsize=4096)
def _sound(prefix: str) -> str:
    from pypinyin import lazy_pinyin  # a third of a second to import: only once a question writes a number

    return "".join(lazy_pinyin(prefix)).lower()


class DocNumbers:
    """The documents' own numbers, read once: (year, serial) → [(abbreviation, document)]."""

    def __init__(self, doc_numbers: Mapping[str, str | None]) -> None:
        self._by_key: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for doc, number in doc_numbers.items():
            found = _ZH.fullmatch((number or "").strip())
            if found is not None:
                key = (found["year"], int(found["serial"]))
                self._by_key.setdefault(key, []).append((found["prefix"], doc))

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def named(self, text: str) -> Named | None:
        """The one document whose number the question writes, or None (no number, or one no document or several
        documents carry)."""
        if not self._by_key:
            return None
        for found in _ZH.finditer(text):
            carrying = self._by_key.get((found["year"], int(found["serial"])), [])
            # the question's abbreviation ends with the document's (按国办函 → 国办函), never the other way round
            docs = {doc for prefix, doc in carrying if found["prefix"].endswith(prefix)}
            written = found.group()[len(found["prefix"]) :]
            longest = max((p for p, d in carrying if d in docs), key=len, default="")
            if len(docs) == 1:
                return Named(next(iter(docs)), longest + written)
        for found in _EN.finditer(text):
            carrying = self._by_key.get((found["year"], int(found["serial"])), [])
            letters = re.sub(r"[^a-z]", "", found["prefix"].lower())
            docs = {doc for prefix, doc in carrying if letters.endswith(_sound(prefix))}
            if len(docs) == 1:
                sound = next(_sound(p) for p, d in carrying if d in docs)
                start = _start_of(found.group(), sound)
                return Named(next(iter(docs)), found.group()[start:])
        return None


def _start_of(written: str, sound: str) -> int:
    """Where the pinyin abbreviation begins in the English number as written (State Council document Guofa [2020]
    No. 6 → at Guofa): the last letters before the bracket that spell it."""
    bracket = re.search(_OPEN, written)
    end = bracket.start() if bracket else len(written)
    letters = 0
    for i in range(end - 1, -1, -1):
        if written[i].isalpha():
            letters += 1
            if letters == len(sound):
                return i
    return 0


# a question asking a document's number (文号是多少, 发文字号, what is its document number), not naming one
_ASKS_NUMBER = re.compile(r"文号|发文字号|发文号|\b(?:document|reference|file) (?:number|no\.?)", re.IGNORECASE)


def asks_number(text: str) -> bool:
    """Whether the question asks a document's number (苍南这份若干举措的文号是多少): it names the word and writes no
    number itself (文号为国发〔2020〕6号的文件里… names its document, it asks something else)."""
    return bool(_ASKS_NUMBER.search(text)) and not (_ZH.search(text) or _EN.search(text))


# a question asking whom a document is sent to (…方案是发给哪几个市的, 主送单位是哪些, Who is the notice addressed to?):
# a kind of document, then a verb of sending to whom — not a report sent to a body (报送给哪里: a clause's act), nor
# money paid out (补贴发给谁: no document is sent)
_DOCUMENT_KIND = rf"(?:{ISSUED_KINDS}|措施|文件|分工)"  # what a body issues, and the words for any of it
_ASKS_ADDRESSEES = re.compile(
    rf"{_DOCUMENT_KIND}[^，,。？?]{{0,6}}?(?:印发|下发|下达|发送|主送|(?<![报呈递])送|(?<!分)发)(?:给|到|至)了?(?:哪|谁|什么)"
    r"|(?:主送|发文|印发|下发|行文)(?:单位|机关|对象|范围)"
    r"|\b(?:addressed|sent|issued|distributed) to (?:which|whom|who|what)\b"
    r"|\bwho (?:is|was|are|were) (?:it|this|that|the [\w' -]{1,80}?) (?:addressed|sent) to\b|\baddressees?\b",
    re.IGNORECASE,
)


def asks_addressees(text: str) -> bool:
    """Whether the question asks whom a document is sent to (江苏…任务分解方案是发给哪几个市的): its addressee line."""
    return bool(_ASKS_ADDRESSEES.search(text))


def addressed_reference(text: str) -> str:
    """The words naming the document whose addressees are asked: the question before its asking words (江苏省推进
    苏中融合发展的任务分解方案 of …是发给哪几个市的)."""
    found = _ASKS_ADDRESSEES.search(text)
    if found is None:
        return text
    kind = re.match(_DOCUMENT_KIND, text[found.start() :])
    return text[: found.start() + (kind.end() if kind else 0)] or text


# a question asking whether a document marks units on its tasks at all (有没有给各项任务标注牵头单位, 是否明确了责任
# 单位, Does the plan name lead units?): the document's notes, not one task's unit
_UNITS_WORD = r"(?:牵头|责任|配合|主办|协办)(?:单位|部门)|责任分工|分工"
_ASKS_MARKED = re.compile(
    rf"(?:有没有|有无|是否|是不是)[^，,。？?]{{0,10}}?(?:标注|标明|注明|写明|列明|列出|明确|指定)了?(?:各项任务的)?(?:{_UNITS_WORD})"
    rf"|(?:标注|标明|注明|写明|列明)了?(?:{_UNITS_WORD})了?(?:吗|么|没有|没)"
    r"|\b(?:does|do|did|is|are)\b[^?]{0,80}?\b(?:name|list|mark|specify|assign|designate)s?\b[^?]{0,20}?"
    r"\b(?:lead|responsible) (?:units|departments|bodies)\b",
    re.IGNORECASE,
)


def asks_units_marked(text: str) -> bool:
    """Whether the question asks if a document marks units on its tasks at all (那份实施意见有没有给各项任务标注牵头
    单位): answered from the document's notes read at ingestion."""
    return bool(_ASKS_MARKED.search(text))


def marked_reference(text: str) -> str:
    """The words naming the document asked about: the question before its asking words."""
    found = _ASKS_MARKED.search(text)
    return text[: found.start()] if found is not None and found.start() > 0 else text
