"""Slot `summary` (and `places` when several places hold the topic): the sentence holding the thing asked, quoted,
then the most relevant clauses by title, each cited; a heading with no text of its own stands for its items."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import cite, refuse
from kb.qa.decide.evidence import Evidence
from kb.qa.decide.quoted import Quoted
from kb.qa.decide.system import StatedSystem
from kb.qa.understand.subject import sentences
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_general(
    q: Question,
    evidence: Evidence,
    children: Mapping[str, list[Clause]] | None = None,
    count: int = 3,
    quoted: Quoted | None = None,
) -> Answer:
    """The most relevant clauses (the first `count` hits), by title, each cited, after the sentence holding what was
    asked (`quoted`, kb.qa.decide.quoted), which names its clause. A heading with no text of its own
    (`4. 促进科技成果转化`) stands for its items: they are cited in its place."""
    route, question = q, q.text
    if not evidence.confident:
        return refuse(route, question, evidence.hits)
    top: list[Hit] = []
    for hit in evidence.hits[:count]:
        items = (children or {}).get(hit.clause.id, []) if not hit.clause.text else []
        for clause in items or [hit.clause]:
            if all(h.clause.id != clause.id for h in top):
                top.append(hit if clause is hit.clause else Hit(clause, hit.score, hit.ranks))
    top = top[: max(5, count)]
    lines = ["The most relevant clauses:"] if route.language == "en" else ["相关条款："]
    counted = counted_list(question, top)
    if counted is not None:  # 六大模块具体是哪些: the sentence announcing them, quoted, lists them
        sentence, clause = counted
        said = f"The clause lists them: “{sentence}” ({cite(clause, 'en')})" if route.language == "en" else (
            f"原文列出：“{sentence}”（依据：{cite(clause)}）"
        )
        lines.insert(0, said)
    elif quoted is not None:
        lines.insert(0, _quoting(quoted, route.language))  # cited where retrieval ranked it: the quote names it
    for hit in top:
        clause = hit.clause
        owners = ""
        if clause.leads:
            owners = (
                f"（牵头：{clause.leads_label()}）"
                if route.language == "zh"
                else f" (lead: {clause.leads_label(', ')})"
            )
        lines.append(f"- {clause.title}{owners}：{cite(clause, route.language)}")
    return Answer(question, "general", "\n".join(lines), False, tuple(top), language=route.language)


def _quoting(quoted: Quoted, language: str) -> str:
    if language == "en":
        return f"The clause says: “{quoted.sentence}” ({cite(quoted.clause, 'en')})"
    return f"原文：“{quoted.sentence}”（依据：{cite(quoted.clause)}）"


def answer_system(q: Question, stated: StatedSystem, hits: Sequence[Hit]) -> Answer:
    """The system asked (实行的是什么负责制), named as the clause names it, the sentence quoted."""
    clause = stated.hit.clause
    if q.language == "en":
        text = f"{stated.name} — the clause says: “{stated.sentence}”. Source: {cite(clause, 'en')}"
    else:
        text = f"{stated.name}（原文：“{stated.sentence}”）。依据：{cite(clause)}"
    cited = (stated.hit, *[h for h in hits[:3] if h.clause.id != clause.id])
    return Answer(q.text, "general", text, False, cited, language=q.language)


# a list announced by a number word (六大模块, 三个方面, 5项任务): the question asks for its items
_COUNTED = re.compile(r"(?<![每这那同任某第\d一二三四五六七八九十两])(?<!哪(?=一))(?:[一二三四五六七八九十两]+|\d+)(?:大|个|项|类|种|条|方面)[\u4e00-\u9fff]{0,4}")
_SHORTEST_COUNTED = 3  # 六大类: a number word, its measure and one character of the thing counted


def counted_list(question: str, hits: Sequence[Hit]) -> tuple[str, Clause] | None:
    """The sentence of the best clauses announcing the list a question asks the items of by its number word
    (说是有六大模块，具体都是哪些 → 以六大模块构建社区生态：AI工具支持、…), with its clause; None when the question
    names no counted list or no clause writes it."""
    for found in _COUNTED.finditer(question):
        phrase = found.group(0)
        while len(phrase) >= _SHORTEST_COUNTED:
            for hit in hits:
                for _, sentence in sentences(hit.clause.text):
                    if phrase in sentence:
                        return sentence.strip(), hit.clause
            phrase = phrase[:-1]
    return None


def answer_targets(q: Question, evidence: Evidence) -> Answer | None:
    """Which targets a document sets (提出了哪些到2025年的目标): every target of the best clause setting several, as
    written, in the order written, the year asked kept to (a clause naming other years only is passed over); None
    when none of the best clauses sets two or more."""
    if not evidence.confident:
        return None
    for hit in evidence.hits[:3]:
        clause = hit.clause
        if q.year is not None and q.year not in clause.text:
            continue
        written = _targets_as_written(clause)
        if len(written) >= 2:
            if q.language == "en":
                lines = [f"The targets set ({cite(clause, 'en')}):", *(f"- {t}" for t in written)]
            else:
                lines = [f"文件提出的目标（依据：{cite(clause)}）：", *(f"- {t}" for t in written)]
            cited = (hit, *[h for h in evidence.hits[:3] if h.clause.id != clause.id])
            return Answer(q.text, "indicator", "\n".join(lines), False, cited, language=q.language)
    return None


def _targets_as_written(clause: Clause) -> list[str]:
    """The clause's targets as its text writes them; a target read in two (纳税过1亿元 | 的企业达30家: the second
    opens with 的) is one, the condition and the count together."""
    written: list[str] = []
    for indicator in clause.indicators:
        text = indicator.text.strip()
        if written and text.startswith("的") and f"{written[-1]}{text}" in clause.text:
            written[-1] += text
        elif text not in written:
            written.append(text)
    return written
