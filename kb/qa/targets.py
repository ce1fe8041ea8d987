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
_HAS_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class TargetPart:
    """One comma-separated part of a clause sentence, with the extracted target it holds (if any)."""

    clause: Clause
    text: str
    indicator: Indicator | None
    own: str = ""  # the 、-separated piece that holds the indicator (its own words, without its neighbours')


def _squash(text: str) -> str:
    return "".join(text.split())


def target_parts(clauses: Sequence[Clause]) -> list[TargetPart]:
    """Every sentence part of every clause, each extracted target attached to the part that holds it."""
    parts: list[TargetPart] = []
    for clause in clauses:
        for raw in _PART_SPLIT.split(clause.text):
            text = raw.strip().rstrip("，,。；;")
            if not text:
                continue
            held = [i for i in clause.indicators if _squash(i.text) in _squash(text)]
            if held:
                pieces = text.split("、")
                for indicator in held:
                    own = next((p for p in pieces if _squash(indicator.text) in _squash(p)), indicator.text)
                    parts.append(TargetPart(clause, text, indicator, own))
            else:
                parts.append(TargetPart(clause, text, None))
    return parts


@dataclass(frozen=True)
class TargetMatch:
    part: TargetPart
    share: float  # weighted share of the topic's tokens found in the part (with its clause title as context)


def best_target(
    tokens: Sequence[str],
    parts: Sequence[TargetPart],
    weight: Callable[[str], float],
    prior: dict[str, float],
    asked_unit: str | None = None,
) -> TargetMatch | None:
    """The part that holds most of the topic; None when no part has a number in the unit asked for."""
    if not tokens:
        return None
    total = sum(weight(t) for t in tokens)
    best: tuple[float, TargetMatch] | None = None
    for part in parts:
        if asked_unit is not None and not re.search(rf"\d+(?:\.\d+)?\s*{re.escape(asked_unit)}", part.text):
            continue
        haystack = part.text + part.clause.title
        share = sum(weight(t) for t in tokens if t in haystack) / total
        own = sum(weight(t) for t in tokens if t in part.own) / total if part.own else 0.0
        # of several targets in one part, the one whose own words match wins (创新型中小企业 20 家 vs 规上工业企业)
        rank = share + 0.5 * own + 0.15 * prior.get(part.clause.id, 0.0) + (0.05 if part.indicator else 0.0)
        rank += 0.02 if _HAS_NUMBER.search(part.text) else 0.0
        if best is None or rank > best[0]:
            best = (rank, TargetMatch(part, share))
    return best[1] if best else None
