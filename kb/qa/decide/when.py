"""Stage 4, decide: the date or deadline a clause states for its task, when no target part holds the date asked
(什么时候完成, by when) — its deadlines as parsed (2025年底前), or the time written in its note beside the units
(国务院各部门分别负责，年内持续推进: a note's piece that is a time, not a unit)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from kb.parse.notes import is_time_or_score
from kb.parse.outline import PREAMBLE_TITLE
from kb.types import Clause, Hit

# the note a clause ends with, in either width of brackets: （责任单位：…，2025年底前） / (…负责,年内持续推进)
_NOTE = re.compile(r"[（(]([^（()）]{2,80})[）)]\s*[。.]?\s*$")
_SCORE = re.compile(r"^\d+(?:\.\d+)?\s*分$")  # a score beside the units (1分) is no time


def stated_time(clause: Clause, covered: Callable[[str], float] | None = None) -> str | None:
    """The time a clause states for its task: its parsed deadlines, else the time pieces of its closing note;
    None when it states none. With `covered` (how much of the question a sentence writes), a deadline written in
    the running text is the time of its own sentence's task: none is given when another sentence of the clause
    writes more of what was asked (培育云母新材料百亿级产业集群。…力争到2027年，争创省级先进制造业集群1个: 2027年
    is the 集群1个's year, not the 百亿级's)."""
    if clause.deadlines:
        deadlines = [d.text for d in clause.deadlines]
        if covered is not None and not bound_to_asked(clause.text, deadlines, covered):
            return None
        return "、".join(dict.fromkeys(deadlines))
    note = _NOTE.search(clause.text)
    if note is None:
        return None
    pieces = [p.strip() for p in re.split(r"[,，;；]", note.group(1))]
    times = [p for p in pieces if p and not _SCORE.match(p) and is_time_or_score(p)]
    return "、".join(times) if times else None


# where a clause's sentences end; a closing note in brackets is the whole clause's, not its last sentence's
_SENTENCE_END = re.compile(r"[。；;!！?？]")


def bound_to_asked(text: str, deadlines: Sequence[str], covered: Callable[[str], float]) -> bool:
    """Whether the deadlines a clause writes are those of what was asked: each written in its closing note (the
    whole clause's), or in a sentence writing as much of the question (`covered`) as any other sentence does. A
    clause of one sentence binds its deadlines to it."""
    note = _NOTE.search(text)
    body = text[: note.start()] if note else text
    sentences = [s for s in _SENTENCE_END.split(body) if s.strip()]
    if len(sentences) < 2:
        return True
    best = max(covered(s) for s in sentences)
    if best <= 0:
        return True
    for deadline in deadlines:
        holding = [s for s in sentences if deadline in s]
        if holding and max(covered(s) for s in holding) < best:
            return False
    return True


def first_timed(
    hits: Sequence[Hit], children: Mapping[str, Sequence[Clause]], covered: Callable[[str], float] | None = None
) -> tuple[Hit, str] | None:
    """The best clause stating a time, with that time: the first hit, or a later one when those before it are no
    task of their own — the preamble (kb.parse.outline's 前言) or a heading over items (`children`) — and state none; None
    when the best task clause states no time (or, with `covered`, only another sentence's: `stated_time`)."""
    for hit in hits:
        found = stated_time(hit.clause, covered)
        if found is not None:
            return hit, found
        if hit.clause.path not in ((), (PREAMBLE_TITLE,)) and hit.clause.id not in children:  # a task of its own, with no time: not stated
            return None
    return None


# a year written before the start or the end of an act (2017年开工建设…公路, 2021年开始执行, 2023年各节点全面建成):
# the date of that act, though no deadline (…前) is written; a few characters may stand between (its subject)
_STARTING = "开工|动工|开建|启动|开始"
_ENDING = "建成|竣工|完工|投产|投运|开通"
_YEAR_OF_ACT = re.compile(rf"(?:19|20)\d\d年(?:底|初|内)?[^\d,，。；;、:：（()）]{{0,4}}?(?:{_STARTING}|{_ENDING})")
# a question asking when an act starts, or when it ends, in either language
ASKS_START = re.compile(rf"{_STARTING}|\bstart|\bbegin|\bcommenc|\bbreak ground", re.I)
ASKS_END = re.compile(rf"{_ENDING}|\bcomplet|\bfinish|\bput into (?:operation|production|service)", re.I)
_PIECE_END = re.compile(r"[,，。；;]")


def of_another_act(text: str, date: str, asking: str) -> bool:
    """Whether a date the text writes is the date of another act than the one asked: the start of an act
    (2017年开工建设…) when its end is asked (哪一年建成通车), or its end when its start is asked."""
    asked_end, asked_start = bool(ASKS_END.search(asking)), bool(ASKS_START.search(asking))
    if asked_end == asked_start:
        return False
    other = _STARTING if asked_end else _ENDING
    at = text.find(date)
    while at >= 0:
        after = text[at + len(date) : at + len(date) + 6]
        if not re.match(rf"(?:底|初|内)?[^\d,，。；;、:：（()）]{{0,4}}?(?:{other})", after):
            return False
        at = text.find(date, at + 1)
    return True


def year_of_act(
    hits: Sequence[Hit], asking: str, covered: Callable[[str], float]
) -> tuple[Hit, str] | None:
    """The piece of the best clauses writing a year before the act the question asks the date of (in which year
    was construction to start → 2017年开工建设鄱(阳)余(干)高等级公路): a start asked is read off a start verb, an end off
    an end verb; of several, the piece holding most of the question's words (`covered`, none: not this act).
    None when the question asks neither or no piece answers."""
    verbs = _STARTING if ASKS_START.search(asking) else _ENDING if ASKS_END.search(asking) else None
    if verbs is None:
        return None
    best: tuple[float, Hit, str] | None = None
    for hit in hits:
        for found in _YEAR_OF_ACT.finditer(hit.clause.text):
            if not re.search(rf"(?:{verbs})$", found.group(0)):
                continue
            end = _PIECE_END.search(hit.clause.text, found.end())
            piece = hit.clause.text[found.start() : end.start() if end else len(hit.clause.text)]
            weight = covered(piece)
            if weight > 0 and (best is None or weight > best[0]):
                best = (weight, hit, piece)
    return (best[1], best[2]) if best is not None else None
