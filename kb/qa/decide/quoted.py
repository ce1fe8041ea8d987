"""Stage 4, decide: the sentence of the best clauses that holds the thing a content question asks about (地形地貌
是什么特点 → 地形地貌以山地丘陵为主，呈“七山二地一水”的地表形态; OPC专区开在哪个平台 → 在湖北省公共数据开放网设立
OPC专区). A summary answer quotes it before listing the clauses: a heading says where the answer is, the sentence
is the answer. Chosen by the question's topic words (the documents' words, weighed by rarity) a sentence holds,
never by the question's own wording; none when no sentence holds enough of them — then only the clauses are
listed, as before."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb.types import Clause, Hit

# a sentence as a clause writes it; a numbered sub-heading opening a paragraph (1.2现状特点) stays with it
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
MIN_SHARE = 0.5  # the share of the topic's weight a sentence must hold (words of its document's title count half)
MIN_WORDS = 1  # at least one topic word the document's title does not write: the title names the document only
RANK_COST = 0.25  # a later clause's sentence must hold this much more of the topic to be quoted before the best's
LONGEST = 220  # a longer sentence is quoted to its end from where its first topic word stands, or cut


@dataclass(frozen=True)
class Quoted:
    """The sentence quoted and the clause writing it."""

    hit: Hit
    sentence: str

    @property
    def clause(self) -> Clause:
        return self.hit.clause


def best_sentence(
    hits: Sequence[Hit],
    tokens: Sequence[str],
    weight: Callable[[str], float],
    found: Callable[[str, str], bool] = lambda word, text: word in text,
) -> Quoted | None:
    """The sentence of the hits holding most of the topic's weight (`tokens`, weighed by `weight`; `found`: whether
    a word is in a text, however the documents write it), of at least `MIN_SHARE`, a later clause's sentence
    costing `RANK_COST` a rank: retrieval read the whole clause, a sentence is a few words. Words the document's
    title writes count half, in the sentence or not, and a sentence must hold one word the title does not: the
    title's words name the document, not the thing asked."""
    words = [t for t in dict.fromkeys(tokens) if len(t) > 1]
    total = sum(weight(t) for t in words)
    if total <= 0:
        return None
    best: tuple[float, Quoted] | None = None
    for rank, hit in enumerate(hits):
        title = hit.clause.doc_title.lower()
        for sentence in _SENTENCE.findall(hit.clause.text):
            text = sentence.lower()
            own = [t for t in words if found(t, text)]
            if sum(1 for t in own if not found(t, title)) < MIN_WORDS:
                continue
            # a word of the title counts half, held or not: every sentence of the document is about it
            held = sum(weight(t) * (0.5 if found(t, title) else 1.0) for t in own) + 0.5 * sum(
                weight(t) for t in words if t not in own and found(t, title)
            )
            share = held / total - RANK_COST * rank  # the cost of its rank only weighs it against the others
            if held / total >= MIN_SHARE and (best is None or share > best[0]):
                best = (share, Quoted(hit, _shortened(sentence.strip(), own, found)))
    return best[1] if best else None


def _shortened(sentence: str, own: Sequence[str], found: Callable[[str, str], bool]) -> str:
    """The sentence, or past `LONGEST` characters its part from the comma piece holding its first topic word on,
    cut with an ellipsis: what is quoted is always as written."""
    if len(sentence) <= LONGEST:
        return sentence
    pieces = re.split(r"(?<=[，,：:])", sentence)
    start = next((i for i, p in enumerate(pieces) if any(found(t, p.lower()) for t in own)), 0)
    kept = "".join(pieces[start:])
    lead = "…" if start else ""
    return lead + (kept if len(kept) <= LONGEST else kept[:LONGEST] + "…")
