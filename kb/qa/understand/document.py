"""The document a question names by its kind and a few words of its title (四川流通体系方案里, 在国务院乡村振兴分工
里, 2016年《政府工作报告》量化指标分工里): a unit's duties asked there are that document's, and a unit's short name
(发改委) is read among the units that document names.

The reference is found by its form — a phrase ending in a kind of document (方案, 分工, 意见, 目标 …) before 里 / 中 —
and the document by its title: the one title of the candidates holding clearly more of the phrase's words than
any other, each word weighed by its rarity (the place, the unit and the question's own words set aside)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from kb.qa.understand.intent import DOCUMENT_KINDS

# …方案里 / 在…分工中: the phrase before the locative, ending in a kind of document — also the families a
# document is named by that no question scopes a topic with: a share-out of tasks (目标任务分解里, 任务分解表中) and a
# set of indicators (关键业绩指标里)
_KINDS = f"{DOCUMENT_KINDS}|分解表?|指标"
_REFERENCE = re.compile(rf"(?P<name>[A-Za-z0-9\u4e00-\u9fff《》“”\s]{{2,30}}?(?:{_KINDS}))(?:里|中|内|当中|上)")
# words of a reference that name no document: the asking and linking words around it
_NOT_TITLE_WORDS = re.compile(r"^(?:在|按|按照|根据|据|依据|里|中|的|了|是|和|与)$")
NAMED_SHARE = 0.6  # the share of the reference's (rarity-weighted) words a title must hold
NAMED_MARGIN = 0.2  # and how much more of them than the next title holds: one document, not one of several


def reference(text: str) -> str | None:
    """The phrase a question names its document by (`在国务院乡村振兴分工里` → 在国务院乡村振兴分工), or None."""
    found = _REFERENCE.search(text)
    return found["name"] if found else None


def named_document(
    text: str,
    titles: Mapping[str, str],
    tokenize: Callable[[str], list[str]],
    weight: Callable[[str], float],
    set_aside: Iterable[str] = (),
) -> str | None:
    """The document of `titles` (id → title) that the question's reference names, or None when it names none
    or several fit as well. `set_aside`: names written in the reference that are no title's words (the unit
    asked about, the places named)."""
    phrase = reference(text)
    if phrase is None or len(titles) < 1:
        return None
    for name in sorted(set_aside, key=len, reverse=True):
        phrase = phrase.replace(name, " ")
    words = [
        w
        for w in dict.fromkeys(t.lower() for t in tokenize(phrase))
        if w.strip() and not _NOT_TITLE_WORDS.match(w)
    ]
    return titled(words, titles, weight)


# an English question's reference to its document: in / under / of the [place's] … plan (measures, opinions …):
# In Sichuan's 14th Five-Year plan for building a modern circulation system, under the OPC action plan
_REFERENCE_EN = re.compile(
    r"\b(?:in|under|according to)\s+(?:the\s+)?(?P<name>(?:[\w'’-]+\s+){0,10}?"
    r"(?:plan|programme|program|measures|opinions|notice|scheme|outline|list|report|guidelines|rules)"
    r"(?:\s+(?:for|on|of)(?:\s+[\w'’-]+){1,8}?(?=\s*(?:,|\?|$|\s(?:which|what|who|how|is|are|does|do)\b)))?)",
    re.IGNORECASE,
)


def english_reference(text: str) -> str | None:
    """The phrase an English question names its document by (In Sichuan's 14th Five-Year plan for building a
    modern circulation system, … → Sichuan's 14th Five-Year plan for building a modern circulation system)."""
    found = _REFERENCE_EN.search(text)
    return found["name"] if found else None


def titled(
    words: Sequence[str],
    titles: Mapping[str, str],
    weight: Callable[[str], float],
    found: Callable[[str, str], bool] = lambda word, title: word in title,
) -> str | None:
    """The document of `titles` whose title holds clearly more of the reference's words (rarity-weighted) than
    any other, or None. `found`: whether a title holds a word (a word of several senses, 现代|当前, by any)."""
    total = sum(weight(w) for w in words)
    if not words or total <= 0:
        return None
    shares = sorted(
        ((_share(words, title.lower(), weight, found) / total, doc) for doc, title in titles.items()), reverse=True
    )
    best, doc = shares[0]
    runner_up = shares[1][0] if len(shares) > 1 else 0.0
    return doc if best >= NAMED_SHARE and best - runner_up >= NAMED_MARGIN else None


def _share(
    words: Sequence[str], title: str, weight: Callable[[str], float], found: Callable[[str, str], bool]
) -> float:
    return sum(weight(w) for w in words if found(w, title))
