"""Slots `amount`, `count`, `ratio`, `date`: the value the target part states, quoted with its clause; when the
clause states no value of the kind asked (a rate per unit of area, an actual result), what it does say and that
the asked thing is not stated (abstained); when a document takes effect, from its own sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kb.qa.compose.common import cite, cited_first, refuse
from kb.qa.compose.respectively import aligned_value
from kb.qa.corpus import topic_units
from kb.qa.decide import effective
from kb.qa.decide.quantity import Unstated
from kb.qa.decide.when import of_another_act
from kb.qa.retrieve.targets import TargetMatch
from kb.qa.understand.intent import Route
from kb.types import Answer, Clause, Hit, Indicator

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
    dates = [d.text for d in clause.deadlines if d.text in part.text]
    # a day and an hour as written with it (2020年11月1日零时: a census's standard moment)
    dates = dates or re.findall(
        r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日(?:[零一二三四五六七八九十\d]{1,3}时)?)?)?(?:底前|末前|底|末|前)?", part.text
    )
    if asks_date and dates:  # a year of another act (2017年开工建设 when 建成 is asked) is not the date asked
        dates = [d for d in dates if not of_another_act(part.text, d, route.asking)]
        if not dates:
            return not_stated(route, match, hits, Unstated("完成时间或时限", "a date or deadline"))
    if asks_date and not dates and part.sentence:
        # a deadline opening the sentence times every part after it (2021年12月末前，要在…公开…)
        dates = [m.group(1)] if (m := _OPENING_DEADLINE.match(part.sentence)) and m.group(1) not in part.text else []
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
    elif part.indicator is not None and len(part.indicator.name.strip()) <= 1:
        # a target whose name is one character (将156项, 把30家) names nothing: the part says what it counts
        _, shown = as_written(part.indicator, part.text)
        text = (
            f"Target: {shown} — “{part.text}”. Source: {cite(clause, 'en')}"
            if en
            else f"目标：{shown}（原文：“{part.text}”）。依据：{cite(clause)}"
        )
    elif part.indicator is not None:
        written, shown = as_written(part.indicator, part.text)
        written = through_counted(written, part.text)
        text = (
            f"Target: {written} — {shown}. Source: {cite(clause, 'en')}"
            if en
            else f"目标：{written}（{shown}）。依据：{cite(clause)}"
        )
    else:
        text = (
            f"The plan says: “{part.text}”. Source: {cite(clause, 'en')}"
            if en
            else f"原文：“{part.text}”。依据：{cite(clause)}"
        )
    cited = cited_first(clause, hits, match.share)
    return Answer(question, "indicator", text, False, cited, language=route.language)


# a deadline a sentence opens with, before its first comma (2021年12月末前，…; 2019年6月底前，…)
_OPENING_DEADLINE = re.compile(r"^\s*(\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底前|末前|前))\s*[，,]")


# what a unit of measure goes on to where the target's reading stopped short of it (1370万人|次, 1万|平方米)
_UNIT_GOES_ON = re.compile(r"^\s*(?:人次|次|平方米|平方公里|平米|㎡|千瓦时|千瓦|公顷|吨|亩|公里|元)")


def as_written(ind: Indicator, text: str) -> tuple[str, str]:
    """A target's span and value as the part writes them: the unit read whole where the target stopped inside it
    (旅客吞吐量1370万人次 read as 1370万人, 面积不少于1万平方米 as 1万) — a unit cut short names another
    quantity (人 for 人次)."""
    at = text.find(ind.text)
    goes_on = _UNIT_GOES_ON.match(text[at + len(ind.text) :]) if at >= 0 else None
    if goes_on is None:
        return ind.text, ind.display()
    rest = goes_on.group(0).strip()
    return ind.text + rest, replace(ind, unit=ind.unit + rest).display()


# where the phrase of a value ends: a mark between clauses or items, or the next value (和6个五百亿级…, 及两家…)
_PHRASE_END = re.compile(
    r"[，,；;。：:、（(）)！!？?\n]|(?:和|及|以及|与|并|或)?(?:\d|[一二三四五六七八九十两][个家项名所座条次])"
)
COUNTED_AT_MOST = 24  # characters after a value quoted with it; a longer run is another clause's story


def through_counted(written: str, text: str) -> str:
    """The value's span as the part writes it on through the thing it counts or pays (培育形成2个 →
    培育形成2个千亿级产业集群, 给予最高1.5万元 → 给予最高1.5万元/年的租金补贴, 达到2.95%以上): a number cut at its
    measure word does not say what it is of. Stops at the next mark between clauses or items; unchanged when
    the span is not in the text or what follows runs longer than COUNTED_AT_MOST."""
    at = text.find(written)
    if at < 0:
        return written
    rest = text[at + len(written) :]
    end = _PHRASE_END.search(rest)
    tail = rest[: end.start()] if end else rest
    return written + tail if len(tail) <= COUNTED_AT_MOST else written


def not_stated(q: Question, match: TargetMatch, hits: Sequence[Hit], missing: Unstated) -> Answer:
    """The clause about what was asked states no value of it (每平方米补贴多少 / 每年最高200万元; 2017年安排多少 /
    2016年安排500亿元): what the clause says, and that the asked thing is not stated (abstained — the number
    shown does not answer the question)."""
    part = match.part
    clause = part.clause
    said = (part.sentence or part.text).strip().rstrip("。；;，,")
    if q.language == "en":
        text = f"The documents say: “{said}”; they do not state {missing.en}. Source: {cite(clause, 'en')}"
    else:
        text = f"文件写明：“{said}”；没有写明{missing.zh}。依据：{cite(clause)}"
    first = next((h for h in hits if h.clause.id == clause.id), Hit(clause, match.share))
    return Answer(q.text, "indicator", text, True, (first,), language=q.language)


def nothing_of_kind(q: Question, hits: Sequence[Hit], missing: Unstated) -> Answer:
    """The best clauses are about what was asked but no part of them states a value of it (科技信贷支持最高多少
    where the clause only says 给予科技信贷支持): the best clause's sentence on the topic, and that the asked
    thing is not stated (abstained)."""
    clause = hits[0].clause
    asked = topic_units(q.topic)
    sentences = [s.strip() for s in re.split(r"[。；;]", clause.text) if s.strip()] or [clause.title]
    said = max(sentences, key=lambda s: len(asked & topic_units(s))).rstrip("，,")
    if q.language == "en":
        text = f"The documents say: “{said}”; they do not state {missing.en}. Source: {cite(clause, 'en')}"
    else:
        text = f"文件写明：“{said}”；没有写明{missing.zh}。依据：{cite(clause)}"
    return Answer(q.text, "indicator", text, True, tuple(hits[:3]), language=q.language)


def answer_time(q: Question, hit: Hit, stated: str, hits: Sequence[Hit]) -> Answer:
    """The date or deadline asked, as the clause states it for its task (its deadline, or the time in its note)."""
    return _from_clause(q, hit, f"By: {stated} (as the clause states it).", f"时限：{stated}（条款写明）。", hits)


def answer_year_of_act(q: Question, hit: Hit, piece: str, hits: Sequence[Hit]) -> Answer:
    """The year a clause writes before the act asked (2017年开工建设…), quoted with the act."""
    year = piece[: piece.index("年") + 1]
    return _from_clause(q, hit, f"{year[:-1]}: “{piece}”.", f"{year}：“{piece}”。", hits)


def _from_clause(q: Question, hit: Hit, en: str, zh: str, hits: Sequence[Hit]) -> Answer:
    """An answer read from one clause, cited first, then the other clauses found."""
    clause = hit.clause
    text = f"{en} Source: {cite(clause, 'en')}" if q.language == "en" else f"{zh}依据：{cite(clause)}"
    cited = (hit, *[h for h in hits[:3] if h.clause.id != clause.id])
    return Answer(q.text, "indicator", text, False, cited, language=q.language)


def answer_issued(q: Question, clause: Clause, date: str, hits: Sequence[Hit]) -> Answer:
    """The day a document was issued, as written under the issuer's name."""
    if q.language == "en":
        text = f"Issued on {date} (the date under the issuer's name). Source: {cite(clause, 'en')}"
    else:
        text = f"印发日期：{date}（见文件落款）。依据：{cite(clause)}"
    cited = cited_first(clause, hits)
    return Answer(q.text, "indicator", text, False, cited, language=q.language)


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
    cited = cited_first(stated.clause, hits)
    return Answer(question, "indicator", text, abstained, cited, language=route.language)
