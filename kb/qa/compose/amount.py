"""Slots `amount`, `count`, `ratio`, `date`: the value the target part states, quoted with its clause; when the
clause states no value of the kind asked (a rate per unit of area, an actual result), what it does say and that
the asked thing is not stated (abstained); when a document takes effect, from its own sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import cite, refuse
from kb.qa.compose.respectively import aligned_value
from kb.qa.decide import effective
from kb.qa.decide.quantity import asked_per, states_per
from kb.qa.retrieve.targets import TargetMatch
from kb.qa.understand.intent import Route, asking_part
from kb.types import Answer, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_indicator(
    q: Question,
    match: TargetMatch | None,
    hits: Sequence[Hit],
    threshold: float,
) -> Answer:
    """The target the question asks for: an extracted target with its qualifier (8.5%以上), or, for a target
    written in words (稳步提升) or a count written as narration, the sentence part quoted as written."""
    route, question = q, q.text
    asks_date = q.unit == "年"
    if match is None or match.share < threshold:
        return refuse(route, question, hits)
    part = match.part
    clause = part.clause
    en = route.language == "en"
    if route.asks_actual:
        return _only_a_target(route, question, match, hits)
    per = asked_per(asking_part(question))
    if per is not None and not states_per(per, part.sentence or part.text):
        return not_stated(route, question, match, hits, per)
    dates = [d.text for d in clause.deadlines if d.text in part.text]
    dates = dates or re.findall(r"\d{4}年(?:\d{1,2}月)?(?:底前|末前|底|末|前)?", part.text)
    each = aligned_value(question, part.sentence or part.text)
    if each is not None and not asks_date:  # 依次给予…: the value set for the condition the question names
        quoted = (part.sentence or part.text).strip().rstrip("。；;")
        text = (
            f"For {each.condition}: {each.value} (“{quoted}”). Source: {cite(clause, 'en')}"
            if en
            else f"{each.condition}：{each.value}（原文：“{quoted}”）。依据：{cite(clause)}"
        )
    elif asks_date and dates:
        when = "、".join(dates)
        text = (
            f"By: {when} — “{part.text}”. Source: {cite(clause, 'en')}"
            if en
            else f"时限：{when}（原文：“{part.text}”）。依据：{cite(clause)}"
        )
    elif part.indicator is not None:
        ind = part.indicator
        text = (
            f"Target: {ind.text} — {ind.display()}. Source: {cite(clause, 'en')}"
            if en
            else f"目标：{ind.text}（{ind.display()}）。依据：{cite(clause)}"
        )
    else:
        text = (
            f"The plan says: “{part.text}”. Source: {cite(clause, 'en')}"
            if en
            else f"原文：“{part.text}”。依据：{cite(clause)}"
        )
    first = next((h for h in hits if h.clause.id == clause.id), Hit(clause, match.share))
    cited = (first, *[h for h in hits[:3] if h.clause.id != clause.id])
    return Answer(question, "indicator", text, False, cited, language=route.language)


def not_stated(route: Route, question: str, match: TargetMatch, hits: Sequence[Hit], per: str) -> Answer:
    """The question asks an amount per something (每平方米补贴多少) and the clause about it states a number per
    another thing or per nothing (每年最高200万元): what the clause says, and that the rate asked is not stated
    (abstained — the number shown does not answer the question)."""
    part = match.part
    clause = part.clause
    said = (part.sentence or part.text).strip().rstrip("。；;")
    if route.language == "en":
        text = (
            f"The documents do not state an amount per {per}. What the clause says: “{said}”. "
            f"Source: {cite(clause, 'en')}"
        )
    else:
        text = f"文件没有写明按每{per}计算的标准。相关条款原文：“{said}”。依据：{cite(clause)}"
    first = next((h for h in hits if h.clause.id == clause.id), Hit(clause, match.share))
    return Answer(question, "indicator", text, True, (first,), language=route.language)


def _only_a_target(route: Route, question: str, match: TargetMatch, hits: Sequence[Hit]) -> Answer:
    """An actual or past result asked where the plan sets only a target: say what the plan does say, and that
    the fact asked is not in it (abstained for that fact)."""
    part = match.part
    clause = part.clause
    said = part.indicator.text if part.indicator is not None else part.text
    if route.language == "en":
        text = (
            f"The documents give no actual or past result; they only set a target: “{said}”. "
            f"Source: {cite(clause, 'en')}"
        )
    else:
        text = f"文件没有给出实际完成情况，方案只规定了目标：“{said}”。依据：{cite(clause)}"
    first = next((h for h in hits if h.clause.id == clause.id), Hit(clause, match.share))
    return Answer(question, "indicator", text, True, (first,), language=route.language)


def answer_effective(
    q: Question, stated: effective.Statement, when: effective.Asked, hits: Sequence[Hit]
) -> Answer:
    """When the document takes effect or how long it is valid, quoted from its own sentence; abstained when it
    does not state what was asked (a draft's blank date)."""
    route, question = q, q.text
    text, abstained = effective.wording(stated, when, route.language, cite(stated.clause, route.language))
    first = next((h for h in hits if h.clause.id == stated.clause.id), Hit(stated.clause, 1.0))
    cited = (first, *[h for h in hits[:3] if h.clause.id != stated.clause.id])
    return Answer(question, "indicator", text, abstained, cited, language=route.language)
