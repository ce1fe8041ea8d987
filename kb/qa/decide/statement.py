"""A statement a yes/no question asks to confirm (部际联席会议可以刻制印章吗), found in the best clauses: the
sentence writing its words, and whether that sentence negates them (部际联席会议不刻制印章) — or not found.

The statement's words are its content words as the index cuts them; a clause states it when its text, heading
and document title hold every one, and one sentence holds most of them (that sentence is quoted and its negation
read). A verb that only makes one thing into another (把内蒙古定位为…桥头堡, where the text writes 建设成为) is not
asked for: in 把/将 X V为/成 Y, X and Y are what is checked.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jieba

from kb.qa.corpus import cjk_pairs
from kb.types import Hit

# how much of the statement's words (rarity-weighted) the sentence quoted must hold, the rest in its clause
SENTENCE_SHARE = 0.75
# how much the sentence itself must hold when the document's title and the clause's headings hold the rest
OWN_SHARE = 0.5
# words that refer to no content of the text (自己的印章: the body's own)
_NO_CONTENT = frozenset({"自己", "本身", "自身", "其", "了", "的", "是"})
# a negation written just before a word (不刻制, 不得, 无需, 严禁), adverbs between them (也不, 一律不得) allowed
NEGATED_BEFORE = re.compile(
    r"(?:不得|不再|不予|不能|不可|不准|不应|不宜|不会|不用|不需|无需|无须|禁止|严禁|没有|并非|不|未|非)"
    r"(?:再|必|要)?(?:也|均|都|一律|亦|就|还)?$"
)
_SENTENCE_END = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]?")
# 把/将 X V为/成 Y: the verb's jieba word (定位, or 定位为 cut as one), before the result marker
_MADE_INTO = ("为", "成", "成为", "作为")


@dataclass(frozen=True)
class Stated:
    """Where a statement stands: the clause's hit, the sentence quoted, and whether it negates the statement."""

    hit: Hit
    sentence: str
    negated: bool


def content_words(statement: str, tokenize: Callable[[str], list[str]]) -> list[str]:
    """The words a clause must write to state the statement (lower-cased as the index's are): the verb of a
    把/将…为 statement left out."""
    return [w for w in tokenize(_without_making_verb(statement)) if w not in _NO_CONTENT]


def _without_making_verb(statement: str) -> str:
    words = jieba.lcut(statement)
    opened = next((i for i, w in enumerate(words) if w in ("把", "将")), None)
    if opened is None:
        return statement
    for i in range(opened + 2, len(words)):
        word = words[i]
        if word in _MADE_INTO and i - 1 > opened + 1:  # 把 X 定位 为 Y: 定位 left out, X before it kept
            return "".join(words[: i - 1] + words[i:])
        if len(word) > 2 and word.endswith(_MADE_INTO):  # 定位为, 建设成 cut as one word
            return "".join(words[:i] + words[i + 1 :])
    return statement


def find(
    statement: str,
    hits: Sequence[Hit],
    tokenize: Callable[[str], list[str]],
    weight: Callable[[str], float],
    found: Callable[[str, str], bool],
) -> Stated | None:
    """The hit whose clause states the statement, with the sentence writing it; None when none does. Of several
    (the preamble naming 刻制印章 among the matters it rules, the item ruling 不刻制印章), the sentence holding most
    of the words, then the one writing them closest together. `found(word, text)`: whether the word (or one of
    its family) stands in the lower-cased text."""
    words = content_words(statement, tokenize)
    if len(words) < 2:
        return None
    total = sum(weight(w) for w in words)
    best: tuple[tuple[float, int], Hit, str] | None = None
    for hit in hits:
        clause = hit.clause
        whole = " ".join((clause.doc_title, *clause.path, clause.text)).lower()
        if not all(found(w, whole) for w in words):
            continue
        # the document's title and the clause's headings name what every sentence of it is about (湖北's措施: the
        # sentence 对符合条件的OPC发放省级算力券补贴 need not write 湖北, the place the statement opens with)
        context = " ".join((clause.doc_title, *clause.path)).lower()
        for part in _SENTENCE_END.finditer(clause.text):
            sentence = part.group(0)
            held = [w for w in words if found(w, sentence.lower()) or referred(w, sentence)]
            share = sum(weight(w) for w in held) / total
            # only the words the statement opens with before any the sentence writes (its place, its subject)
            opening = list(itertools.takewhile(lambda w: w not in held, words))  # noqa: B023 - read at once
            around = sum(weight(w) for w in opening if found(w, context)) / total
            if share < SENTENCE_SHARE and (share < OWN_SHARE or share + around < SENTENCE_SHARE):
                continue
            key = (-round(share, 2), _window(sentence.lower(), [w.lower() for w in held]))
            if best is None or key < best[0]:
                best = (key, hit, sentence.strip())
    if best is None:
        return None
    _, hit, sentence = best
    return Stated(hit, sentence, negates(sentence, words, statement))


def referred(word: str, sentence: str) -> bool:
    """Whether the sentence refers to the word's body or document by 本/该 and its head noun (领导小组 as 本小组,
    应急预案 as 本预案, 工作专班 as 该专班): the subject a rule of the body's own text does not name again."""
    return len(word) >= 3 and bool(re.search(rf"(?:本|该){re.escape(word[-2:])}", sentence))


def _window(text: str, words: Sequence[str]) -> int:
    """The length of the shortest run of the text holding every word written in it as such (a word found only
    through its family counts nowhere)."""
    spots = sorted((m.start(), m.end(), i) for i, w in enumerate(words) for m in re.finditer(re.escape(w), text))
    wanted = len({i for _, _, i in spots})
    shortest, count, left = len(text), Counter[int](), 0
    for right, (_, _, i) in enumerate(spots):
        count[i] += 1
        while len(count) == wanted:
            end = max(e for _, e, _ in spots[left : right + 1])
            shortest = min(shortest, end - spots[left][0])
            count[spots[left][2]] -= 1
            if not count[spots[left][2]]:
                del count[spots[left][2]]
            left += 1
    return shortest


def negates(sentence: str, words: Sequence[str], statement: str) -> bool:
    """Whether the sentence writes a negation just before one of the statement's words (不刻制印章); a negation
    the statement itself writes with the word (未成年人) is part of a name, not a negation."""
    lowered = sentence.lower()
    for word in words:
        for m in re.finditer(re.escape(word), lowered):
            before = NEGATED_BEFORE.search(lowered[: m.start()])
            if before is not None and before.group(0)[-1:] + word not in statement.lower():
                return True
    return False


# the holder a statement names for an act (由市委书记召集和主持, 由县政府办公室负责): who does the act
_HELD_ACT = re.compile(
    r"由(?P<holder>[^由，,。；;]{2,20}?)(?P<act>(?:召集|主持|负责|承担|牵头|组织|审定|审议|兼任|担任)[^由，,。；;]{0,8}?)的?$"
)


def holder_checked(statement: str, hits: Sequence[Hit]) -> Stated | None:
    """A statement naming who does an act (会议是由市委书记召集和主持的) checked against the sentence of the best
    clauses giving the same act a holder (…由市长或者市长委托负责日常工作的副市长召集和主持): stated when that holder
    writes the one named, negated when it names another; None when no sentence gives the act a holder."""
    named = _HELD_ACT.search(statement)
    if named is None:
        return None
    holder, act = named["holder"], named["act"]
    given = re.compile(rf"由(?P<holder>[^由。；;]{{2,40}}?){re.escape(act)}")
    subject = cjk_pairs(statement[: named.start()])
    for hit in hits:
        clause = hit.clause
        if len(subject & cjk_pairs(" ".join((clause.doc_title, *clause.path, clause.text)))) < 2:
            continue  # a clause about another subject
        for part in _SENTENCE_END.finditer(clause.text):
            found = given.search(part.group(0))
            if found is not None:
                return Stated(hit, part.group(0).strip(), holder not in found["holder"])
    return None

