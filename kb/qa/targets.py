"""Finding the target a question asks for, across every clause, at the level of a sentence part.

A target sits in a comma-separated part of a sentence (`力争全年规模工业增加值增长6%以上，先进制造业占制造业比重稳步
提升，…`): matching the question against whole clauses lets a long clause full of other words lose to a short one.
Each part is scored by how much of the question's topic it holds, rare words weighing most; parts holding an
extracted target (kb.parse.facts) are preferred on ties, and clauses the retriever ranked high get a small prior.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb.types import Clause, Indicator

_PART_SPLIT = re.compile(r"(?<=[。；！？，,；])")
_SENTENCE_SPLIT = re.compile(r"(?<=[。；！？;\n])")
_HAS_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class TargetPart:
    """One comma-separated part of a clause sentence, with the extracted target it holds (if any)."""

    clause: Clause
    text: str
    indicator: Indicator | None
    own: str = ""  # the 、-separated piece that holds the indicator (its own words, without its neighbours')
    sentence: str = ""  # the whole sentence the part stands in: its subject is often before the first comma


def _squash(text: str) -> str:
    return "".join(text.split())


def target_parts(clauses: Sequence[Clause]) -> list[TargetPart]:
    """Every sentence part of every clause, each extracted target attached to the part that holds it."""
    parts: list[TargetPart] = []
    for clause in clauses:
        for sentence in _SENTENCE_SPLIT.split(clause.text):
            for raw in _PART_SPLIT.split(sentence):
                text = raw.strip().rstrip("，,。；;")
                if not text:
                    continue
                held = [i for i in clause.indicators if _squash(i.text) in _squash(text)]
                if held:
                    pieces = text.split("、")
                    for indicator in held:
                        own = next((p for p in pieces if _squash(indicator.text) in _squash(p)), indicator.text)
                        parts.append(TargetPart(clause, text, indicator, own, sentence))
                else:
                    parts.append(TargetPart(clause, text, None, "", sentence))
    return parts


def longest_common(a: str, b: str) -> str:
    """Longest common substring of a and b (short strings: plain dynamic programming)."""
    best_len, best_end = 0, 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best_len:
                    best_len, best_end = current[j], i
        previous = current
    return a[best_end - best_len : best_end]


def _unit_pattern(unit: str) -> str:
    """A unit as numbers are written with it: money asked in 元 (多少钱) is written 200万元 or 1亿元 as well."""
    return "(?:万|亿)?元" if unit == "元" else re.escape(unit)


SENTENCE_WEIGHT = 0.8
CONTEXT_WEIGHT = 0.5


Found = Callable[[str, str], bool]  # whether a word (or one of its family: 补助 / 贴息) stands in a text


def _plainly(word: str, text: str) -> bool:
    return word in text


def _found(token: str, part: TargetPart, context: str, found: Found) -> float:
    """How fully a (lower-case) topic word is found for a part: in it, in its sentence, in its clause's context."""
    if found(token, part.text.lower()):
        return 1.0
    if found(token, part.sentence.lower()):
        return SENTENCE_WEIGHT
    return CONTEXT_WEIGHT if found(token, context.lower()) else 0.0


@dataclass(frozen=True)
class TargetMatch:
    part: TargetPart
    share: float  # weighted share of the topic's tokens found in the part (with its clause title as context)


def best_target(
    tokens: Sequence[str],
    parts: Sequence[TargetPart],
    topic: str,
    weight: Callable[[str], float],
    prior: dict[str, float],
    asked_unit: str | None = None,
    found: Found = _plainly,
    wants_number: bool = False,
) -> TargetMatch | None:
    """The part that holds most of the topic; None when no part has a number in the unit asked for. A question
    asking how much or how many (`wants_number`) is answered by a part with a number in it."""
    if not tokens:
        return None
    total = sum(weight(t) for t in tokens)
    best: tuple[float, TargetMatch] | None = None
    for part in parts:
        if asked_unit is not None and not re.search(rf"\d+(?:\.\d+)?\s*{_unit_pattern(asked_unit)}", part.text):
            continue
        if wants_number and not _HAS_NUMBER.search(part.text):
            continue
        # words in the part count fully; words of its sentence (the subject before the first comma: 对认定的市级
        # OPC社区，每年给予最高200万元) nearly so; words only in its clause's title or deadline (到2027年) half
        context = part.clause.title + "".join(d.text for d in part.clause.deadlines)
        share = sum(weight(t) * _found(t, part, context, found) for t in tokens) / total
        words = (part.own or part.text).lower()  # a part without a target is its own words
        own = sum(weight(t) for t in tokens if t in words) / total
        # the longest run of the topic written out in the part's own words: its subject
        own += len(longest_common(topic.lower(), words)) / max(len(topic), 1)
        # of several targets in one part, the one whose own words match wins (创新型中小企业 20 家 vs 规上工业企业)
        rank = share + 0.5 * own + 0.15 * prior.get(part.clause.id, 0.0) + (0.05 if part.indicator else 0.0)
        rank += 0.02 if _HAS_NUMBER.search(part.text) else 0.0
        if best is None or rank > best[0]:
            best = (rank, TargetMatch(part, share))
    return best[1] if best else None
