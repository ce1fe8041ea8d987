"""Stage 4, decide: the date or deadline a clause states for its task, when no target part holds the date asked
(什么时候完成, by when) — its deadlines as parsed (2025年底前), or the time written in its note beside the units
(国务院各部门分别负责，年内持续推进: a note's piece that is a time, not a unit)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from kb.parse.notes import is_time_or_score
from kb.parse.outline import PREAMBLE_TITLE
from kb.types import Clause, Hit

# the note a clause ends with, in either width of brackets: （责任单位：…，2025年底前） / (…负责,年内持续推进)
_NOTE = re.compile(r"[（(]([^（()）]{2,80})[）)]\s*[。.]?\s*$")
_SCORE = re.compile(r"^\d+(?:\.\d+)?\s*分$")  # a score beside the units (1分) is no time


def stated_time(clause: Clause) -> str | None:
    """The time a clause states for its task: its parsed deadlines, else the time pieces of its closing note;
    None when it states none."""
    if clause.deadlines:
        return "、".join(dict.fromkeys(d.text for d in clause.deadlines))
    note = _NOTE.search(clause.text)
    if note is None:
        return None
    pieces = [p.strip() for p in re.split(r"[,，;；]", note.group(1))]
    times = [p for p in pieces if p and not _SCORE.match(p) and is_time_or_score(p)]
    return "、".join(times) if times else None


def first_timed(hits: Sequence[Hit], children: Mapping[str, Sequence[Clause]]) -> tuple[Hit, str] | None:
    """The best clause stating a time, with that time: the first hit, or a later one when those before it are no
    task of their own — the preamble (kb.parse.outline's 前言) or a heading over items (`children`) — and state none; None
    when the best task clause states no time."""
    for hit in hits:
        found = stated_time(hit.clause)
        if found is not None:
            return hit, found
        if hit.clause.path not in ((), (PREAMBLE_TITLE,)) and hit.clause.id not in children:  # a task of its own, with no time: not stated
            return None
    return None
