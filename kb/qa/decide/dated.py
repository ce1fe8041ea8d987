"""Stage 4, decide: the day a clause's running text sets for the action a question asks about — a deadline
(于2023年1月15日前将工作方案报…, 12月25日前报告全年落实情况) or a start (自2010年8月23日开始) — when no target
part and no parsed deadline holds it. Notices set such days in their preamble or numbered paragraphs, beside
the action they time; the day is taken only from the sentence piece that names the action asked, and of the
form asked (a start is not a deadline), else none: a date is never guessed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from kb.types import Hit

Form = Literal["deadline", "start", "any"]

# a day as notices write it: 2023年3月25日, 12月25日, 8月25 (日 dropped), or a part of a month (1月底, 6月中旬,
# 3月上旬 — the deadline 1月底前 sets no day but is as plain); several joined by 、 share what follows — or a day
# of each period (每月5日, 每季度最后一个月的30日, 每年12月25日), a report due again and again
_DAY = (
    r"(?:(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日?|底|末|[上中下]旬)"
    r"|每个?(?:季度|月|半年|年)[^，,。；;：:\d]{0,8}?\d{1,2}日)"
)
_DAYS = rf"{_DAY}(?:\s*[、和及]\s*{_DAY})*"
_DEADLINE = re.compile(rf"({_DAYS})\s*(?:之前|以前|前)")
_START = re.compile(rf"(?:自|从|于)?\s*({_DAYS})\s*(?:起|开始)")
# a piece holding its day and nothing else
_DAY_ALONE = re.compile(rf"(?:自|从|于|在)?\s*{_DAYS}\s*(?:之前|以前|前|起|开始)?")
# a piece opening with its day (于3月15日前报…, 2月底前制定…): its doer and what it acts on may stand before it
_OPENS_WITH_DAY = re.compile(rf"^\s*(?:并|要|须|需|应)?(?:于|在)?\s*{_DAY}")
# the pieces a sentence is read in: a date times the action written in its own comma piece
_SENTENCE = re.compile(r"[。；;\n]")
_PIECE = re.compile(r"[,，:：]")
# what a question asks of a date: a start (哪天开始, 从何时起, begin) or a deadline (几号前, 截止, by what date)
_ASKS_START = re.compile(r"开始|起始|启动|哪天起|何时起|\b(?:start|begin)", re.I)
_ASKS_DEADLINE = re.compile(r"之前|以前|前|截止|期限|时限|最晚|最迟|\bby\b|\bbefore\b|\bdeadline\b|\bdue\b", re.I)

# a day asked, not a year (几月几号, 哪天, 什么日期, what date), or a deadline asked by a time word before 前
# (在什么时间前公开, 何时前报送): only a day written in the text answers it (2021年12月末前, 6月底前)
ASKS_DAY = re.compile(
    r"几月|几号|哪一?天|什么日子|(?:什么|哪个|具体)日期|(?:什么|啥)(?:时间|时候)(?:之|以)?前|何时(?:之|以)?前"
    r"|\b(?:what|which) (?:date|day)\b",
    re.I,
)

# the words asking for a day, or its form, are no part of the action dated
_DAY_WORDS = re.compile(r"日期|几月|几号|几日|哪一?天|时间|时候|何时|之前|以前|开始|起始|截止")

# a question naming a period asks a day of each period (每个季度…什么时候前报); one naming none asks a day once
_PERIOD_ASKED = re.compile(r"每|季度|月度|定期|\b(?:quarter\w*|monthly|each|every)\b", re.I)


def asks_period(question: str) -> bool:
    """Whether a question names a period, so that a day of each period (每月5日前) may answer it."""
    return bool(_PERIOD_ASKED.search(question))


MIN_SHARE = 0.5  # the share of the question's topic weight a piece must hold to be the action asked


@dataclass(frozen=True)
class Dated:
    """A day found: the clause's hit, the day as written (with its 前 / 开始), and the piece it times."""

    hit: Hit
    day: str
    piece: str


def asked_form(question: str) -> Form:
    """The form of day a question asks: a start, a deadline, or either."""
    if _ASKS_START.search(question):
        return "start"
    if _ASKS_DEADLINE.search(question):
        return "deadline"
    return "any"


def days_in(piece: str, form: Form) -> list[str]:
    """The days a sentence piece states of the form asked, as written (12月25日前, 自2010年8月23日开始)."""
    found: list[str] = []
    if form in ("deadline", "any"):
        found += [m.group(0).strip() for m in _DEADLINE.finditer(piece)]
    if form in ("start", "any"):
        found += [m.group(0).strip() for m in _START.finditer(piece)]
    return found


def stated_day(
    hits: Sequence[Hit],
    tokens: Sequence[str],
    weight: Callable[[str], float],
    form: Form,
    found: Callable[[str, str], bool] = lambda word, text: word in text,
    periodic: bool = True,
) -> Dated | None:
    """The day of the form asked that the best clauses state in the piece naming most of the question's topic
    (`tokens`, the documents' words, weighed by `weight`; `found`: whether a word is in a text, however the
    documents write it); None when no piece holding such a day names at least `MIN_SHARE` of the topic — the day
    is then not stated for what was asked. Words of the document's title name the document more than the action:
    they count half. Without `periodic` (the question names no period), a day of each period answers nothing."""
    words = [t for t in dict.fromkeys(tokens) if len(t) > 1 and not _DAY_WORDS.search(t)]
    total = sum(weight(t) for t in words)
    if total <= 0:
        return None
    best: tuple[float, Dated] | None = None
    for rank, hit in enumerate(hits):
        title = hit.clause.doc_title
        for sentence in _SENTENCE.split(hit.clause.text):
            pieces = [p for p in _PIECE.split(sentence) if p.strip()]
            for index, piece in enumerate(pieces):
                days = [d for d in days_in(piece, form) if periodic or not re.match(r"^(?:自|从|于)?\s*每", d)]
                if not days:
                    continue
                # the piece's action, and the one after it when the day stands alone (自8月23日开始，为期5天), or
                # the one before it when the piece opens with its day and that one sets none (要将实施方案报…审查
                # 后，于3月15日前报督查室: what is sent is written before the day)
                action = piece + (pieces[index + 1] if index + 1 < len(pieces) else "")
                if index and _OPENS_WITH_DAY.match(piece) and not days_in(pieces[index - 1], "any"):
                    action = pieces[index - 1] + action
                own = sum(weight(t) for t in words if found(t, piece))
                with_next = 0.8 * sum(weight(t) for t in words if found(t, action))
                named = max(own, with_next)
                in_title = [t for t in words if not found(t, action) and found(t, title)]
                held = (named + 0.5 * sum(weight(t) for t in in_title)) / total
                share = held - 0.01 * rank  # of equal pieces, the better clause's
                if share >= MIN_SHARE and (best is None or share > best[0]):
                    # a piece that is its day alone (2021年12月末前，要…公开…) is shown with the action it times
                    shown = piece
                    if _DAY_ALONE.fullmatch(piece.strip()) and index + 1 < len(pieces):
                        start = sentence.find(piece)
                        shown = sentence[start : sentence.find(pieces[index + 1], start + len(piece)) + len(pieces[index + 1])]
                    best = (share, Dated(hit, "、".join(days), shown.strip()))
    return best[1] if best else None
