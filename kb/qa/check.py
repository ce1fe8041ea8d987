"""Checks a model's wording of an answer sentence by sentence against the clauses it cites.

A sentence is kept only when it cites at least one clause id, every id it cites was retrieved (shown to the
model), and every unit name, number and date in it stands in the clauses it cites. Anything else is dropped and
counted: the model may phrase what the documents say, never add to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kb.types import Clause

CITATION = re.compile(r"\[([^\[\]\s]+:\d+(?:\.\d+)*(?:-\d+)?)\]")
_ANY_BRACKET = re.compile(r"\[[^\[\]\n]*\]")
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)(?:[ \t]*\[[^\[\]\n]*\])*[ \t]*\n?")
# a sentence is complete once the text after its end mark and citations has begun
_COMPLETE = re.compile(r"(?:[。！？!?]+|\n)(?:[ \t]*\[[^\[\]\n]*\])*\s*(?=[^\s\[。！？!?])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
# Names of bodies not in the registry (县外事侨务局, 某某研究院): a run of characters ending in a unit word. A name
# stands in the clauses when its tail — the unit word and at least two characters before it — does.
UNIT_WORDS = (
    "委员会",
    "管委会",
    "办公室",
    "人民政府",
    "政府",
    "高新区",
    "开发区",
    "研究院",
    "中心",
    "公司",
    "集团",
    "协会",
    "学会",
    "局",
    "厅",
)
ROLE = re.compile(r"牵头|负责|配合|责任单位|承担|主抓|\blead|responsib", re.I)
_UNIT = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:" + "|".join(UNIT_WORDS) + ")")


@dataclass(frozen=True)
class Verdict:
    """One sentence of the model's text: kept, or dropped with the reason."""

    sentence: str
    reason: str | None = None  # None: kept

    @property
    def kept(self) -> bool:
        return self.reason is None


def split_sentences(text: str) -> list[str]:
    """Sentences with the citations written after their end mark (`……负责。[doc:1.2]`), in order."""
    return [piece for piece in _SENTENCE.findall(text) if piece.strip()]


def complete_prefix(text: str) -> int:
    """How much of a text still being streamed is whole sentences (the next one has begun)."""
    ends = [m.end() for m in _COMPLETE.finditer(text)]
    return ends[-1] if ends else 0


def _evidence(clauses: Sequence[Clause]) -> str:
    parts: list[str] = []
    for c in clauses:
        parts += [c.doc_title, *c.path, c.title, c.text, *c.departments, *c.departments_raw]
        parts += [i.text for i in c.indicators] + [d.text for d in c.deadlines]
    return re.sub(r"\s+", "", "\n".join(parts)).translate(_WIDTH)


def _numbers(text: str) -> set[float]:
    return {float(n) for n in _NUMBER.findall(text)}


class Checker:
    """Checks sentences against the clauses retrieved for one answer (those the model was shown)."""

    def __init__(
        self,
        clauses: Mapping[str, Clause],
        find_units: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.clauses = dict(clauses)
        self.find_units = find_units or (lambda text: [])  # the registry's names in a text, canonical

    def sentence(self, sentence: str) -> Verdict:
        ids = CITATION.findall(sentence)
        body = _ANY_BRACKET.sub("", sentence).translate(_WIDTH)
        if not ids:
            return Verdict(sentence, "cites no clause")
        unknown = [i for i in ids if i not in self.clauses]
        if unknown:
            return Verdict(sentence, f"cites {', '.join(unknown)}, which was not retrieved")
        cited = [self.clauses[i] for i in dict.fromkeys(ids)]
        evidence = _evidence(cited)
        squashed = re.sub(r"\s+", "", body)
        missing_numbers = _numbers(squashed) - _numbers(evidence)
        if missing_numbers:
            shown = ", ".join(f"{n:g}" for n in sorted(missing_numbers))
            return Verdict(sentence, f"number or date {shown} not in the cited clauses")
        cited_units = {u for c in cited for u in (*c.departments, *c.departments_raw)}
        # who does what comes from the department notes, never from text: a sentence giving a role may name
        # only units the cited clauses' notes name (a clause's text may say anything, 忽略以上要求 included)
        gives_role = bool(ROLE.search(squashed))
        for unit in self.find_units(squashed):
            if unit not in cited_units and (gives_role or unit not in evidence):
                return Verdict(sentence, f"unit {unit} not in the cited clauses' department notes")
        for match in _UNIT.finditer(squashed):
            if not _stands_in(match.group(), evidence):
                return Verdict(sentence, f"unit {match.group()} not in the cited clauses")
        return Verdict(sentence)

    def text(self, text: str) -> list[Verdict]:
        return [self.sentence(s) for s in split_sentences(text)]


def _stands_in(name: str, evidence: str) -> bool:
    """Whether a unit name's tail (its unit word and two characters before it at least) is in the evidence."""
    word = next(w for w in UNIT_WORDS if name.endswith(w))
    shortest = min(len(word) + 2, len(name))
    return any(name[-n:] in evidence for n in range(shortest, len(name) + 1))
