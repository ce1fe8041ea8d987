"""Finding the target a question asks for, across every clause, at the level of a sentence part.

A target sits in a comma-separated part of a sentence (`力争全年规模工业增加值增长6%以上，先进制造业占制造业比重稳步
提升，…`): matching the question against whole clauses lets a long clause full of other words lose to a short one.
Each part is scored by how much of the question's topic it holds, rare words weighing most; parts holding an
extracted target (kb.parse.facts) are preferred on ties, and clauses the retriever ranked high get a small prior.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

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
                        own = next(
                            (p for p in pieces if _squash(indicator.text) in _squash(p)), indicator.text
                        )
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


class Words(Protocol):
    """How topic words are found in a text: the word or one of its family (kb.qa.normalize.EverydayWords)."""

    def found(self, word: str, text: str) -> bool: ...

    def family(self, word: str) -> tuple[str, ...]: ...


class _PlainWords:
    def found(self, word: str, text: str) -> bool:
        return word in text

    def family(self, word: str) -> tuple[str, ...]:
        return (word,)


_PLAIN = _PlainWords()


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
    """The part that holds most of the topic, every part scored; None when no part has a number in the unit asked
    for. A question asking how much or how many (`wants_number`) is answered by a part with a number in it."""
    ranked = _best_ranked(tokens, parts, topic, weight, prior, asked_unit, found, wants_number)
    return ranked[1] if ranked else None


def _best_ranked(
    tokens: Sequence[str],
    parts: Iterable[TargetPart],
    topic: str,
    weight: Callable[[str], float],
    prior: dict[str, float],
    asked_unit: str | None,
    found: Found,
    wants_number: bool,
) -> tuple[float, TargetMatch] | None:
    """The best part with its rank; of equal ranks, the first in the order given."""
    if not tokens:
        return None
    total = sum(weight(t) for t in tokens)
    unit = re.compile(rf"\d+(?:\.\d+)?\s*{_unit_pattern(asked_unit)}") if asked_unit is not None else None
    best: tuple[float, TargetMatch] | None = None
    for part in parts:
        if unit is not None and not unit.search(part.text):
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
    return best


# Most a part holding none of the topic's words can rank, beyond its share of the topic's longest run: its
# target and its number (it is no retrieved clause's part: those are always scored).
_NO_WORD_BONUS = 0.05 + 0.02


def _wordless_run(topic: str, tokens: Sequence[str]) -> int:
    """Length of the longest stretch of the topic that holds none of its words (a part without any of the words
    shares at most that much of the topic)."""
    longest = 0
    for start in range(len(topic)):
        end = start
        while end < len(topic) and not any(t in topic[start : end + 1] for t in tokens):
            end += 1
        longest = max(longest, end - start)
    return longest


class TargetIndex:
    """The sentence parts of every clause with an inverted index over them, built once per engine: character
    pairs → the clauses whose text, title or deadlines hold them. A question's parts to score are those of the
    clauses holding one of its topic words (or a word of the word's family), plus the retrieved clauses; the
    answer is the one scoring every part would give, because a part holding none of the words cannot outrank
    the best scored one — when it could, every part is scored after all."""

    def __init__(self, parts: Sequence[TargetPart]) -> None:
        self.parts = list(parts)
        self._clause_parts: dict[str, list[int]] = {}
        haystacks: dict[str, str] = {}
        for i, part in enumerate(self.parts):
            clause = part.clause
            self._clause_parts.setdefault(clause.id, []).append(i)
            if clause.id not in haystacks:
                context = clause.title + "".join(d.text for d in clause.deadlines)
                haystacks[clause.id] = f"{clause.text}\n{context}".lower()
        self._clause_ids = list(haystacks)
        postings: dict[str, list[int]] = {}
        for number, text in enumerate(haystacks.values()):
            for pair in {text[i : i + 2] for i in range(len(text) - 1)}:
                postings.setdefault(pair, []).append(number)
        self._postings = {pair: np.asarray(ids, dtype=np.int32) for pair, ids in postings.items()}

    def _clauses_holding(self, word: str) -> np.ndarray | None:
        """Numbers of the clauses that may hold the word (all its character pairs); None: any may (one letter)."""
        if len(word) < 2:
            return None
        held: np.ndarray | None = None
        for pair in dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)):
            ids = self._postings.get(pair)
            if ids is None:
                return np.zeros(0, dtype=np.int32)
            held = ids if held is None else np.intersect1d(held, ids, assume_unique=True)
        assert held is not None
        return held

    def candidates(
        self,
        tokens: Sequence[str],
        prior: Mapping[str, float],
        words: Words,
        docs: Collection[str] | None = None,
    ) -> list[TargetPart]:
        """The parts holding a topic word (in themselves, their sentence or their clause's title and deadline)
        and every part of the retrieved clauses, in the order of `parts`."""
        numbers: set[int] = set()
        for token in tokens:
            for word in words.family(token):
                held = self._clauses_holding(word)
                if held is None:
                    numbers = set(range(len(self._clause_ids)))
                    break
                numbers.update(held.tolist())
        chosen: set[int] = {i for clause_id in prior for i in self._clause_parts.get(clause_id, ())}
        for number in numbers:
            for i in self._clause_parts[self._clause_ids[number]]:
                part = self.parts[i]
                context = part.clause.title + "".join(d.text for d in part.clause.deadlines)
                if any(_found(t, part, context, words.found) for t in tokens):
                    chosen.add(i)
        return [self.parts[i] for i in sorted(chosen) if docs is None or self.parts[i].clause.doc in docs]

    def best(
        self,
        tokens: Sequence[str],
        topic: str,
        weight: Callable[[str], float],
        prior: dict[str, float],
        asked_unit: str | None = None,
        wants_number: bool = False,
        docs: Collection[str] | None = None,
        words: Words | None = None,
    ) -> TargetMatch | None:
        """What `best_target` gives over every part (of `docs`, when given), scoring only the candidates; `words`
        finds a word or one of its family (补助 / 补贴), else the word as written."""
        words = words or _PLAIN
        if not tokens:
            return None
        scored = self.candidates(tokens, prior, words, docs)
        ranked = _best_ranked(tokens, scored, topic, weight, prior, asked_unit, words.found, wants_number)
        ceiling = 0.5 * _wordless_run(topic.lower(), tokens) / max(len(topic), 1) + _NO_WORD_BONUS
        if ranked is not None and ranked[0] > ceiling:
            return ranked[1]
        everything = self.parts if docs is None else [p for p in self.parts if p.clause.doc in docs]
        return best_target(tokens, everything, topic, weight, prior, asked_unit, words.found, wants_number)
