"""Stage 4, decide: a system (制度, 负责制, 责任制) a question asks the name of — 实行的是什么负责制, 建立了什么制度 —
and the phrase the best clauses name it with in their running text (实行县政府分线领导牵头负责制和部门单位具体负责制,
建立联络员制度, 实施生活垃圾分类制度). The phrase is read by form: what follows a verb of putting a system in place
(实行, 实施, 推行, 建立, 落实, 执行) up to a word ending in the kind asked (…制, …制度), within one sentence piece. None
when the question asks no system or no piece of the best clauses names one of that kind: nothing is made up."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.types import Hit

# the kind of system asked: 什么负责制, 什么样的制度, 哪种责任制 (a typo kept: 负则制 still ends in 制)
_ASKED = re.compile(r"(?:什么|哪种|哪一种|哪项|何种)(?:样的?)?(?P<kind>[\u4e00-\u9fff]{0,3}?制度?)(?![\u4e00-\u9fff])")
# a system put in place, in a sentence's running text: the verb, then the system's name up to its kind word
_VERB = r"(?:实行|实施|推行|建立健全|建立|落实|执行)"
_PHRASE = re.compile(rf"{_VERB}(?P<v>[^，,。；;：:]{{1,40}}?制度?)(?=[，,。；;）)]|$|和|与|及|等)")
_CHAIN = re.compile(r"(?P<v>(?:[^，,。；;：:]{1,40}?制度?)(?:(?:和|与|及)[^，,。；;：:]{1,40}?制度?)*)")


@dataclass(frozen=True)
class StatedSystem:
    """A system the clause names: the hit, the name(s) as written, and the sentence they stand in."""

    hit: Hit
    name: str
    sentence: str


def asked_system(question: str) -> str | None:
    """The kind of system a question asks the name of (负责制, 制度), or None."""
    found = _ASKED.search(question)
    return found["kind"] if found else None


def _fits(name: str, kind: str) -> bool:
    """A name of the kind asked: ending in it, or — a kind asked with a typo (负则制) — in a word of as many
    characters ending in the same 制/制度 and sharing all but one of them."""
    if name.endswith(kind):
        return True
    ending = "制度" if kind.endswith("制度") else "制"
    if not name.endswith(ending) or name.endswith("制度") != kind.endswith("制度") or len(kind) < 3:
        return False
    written = name[-len(kind) :]
    return sum(1 for a, b in zip(written, kind, strict=True) if a == b) >= len(kind) - 1


def stated_system(hits: Sequence[Hit], kind: str) -> StatedSystem | None:
    """The first of the best clauses naming a system of the kind asked after a verb putting it in place, with
    every system the same verb puts in place there (A负责制和B负责制); None when none does."""
    for hit in hits:
        for sentence in re.split(r"(?<=[。；;\n])", hit.clause.text):
            for found in _PHRASE.finditer(sentence):
                chained = _CHAIN.match(sentence, found.start("v"))
                names = chained["v"] if chained else found["v"]
                parts = re.split(r"和|与|及", names)
                if any(_fits(p, kind) for p in parts):
                    return StatedSystem(hit, names, sentence.strip())
    return None
