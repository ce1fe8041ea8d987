"""Slots `lead` and `units`: who leads what the question names, and who takes part — read off the best clause's
department note, or quoted from a sentence that puts a unit in charge in its own words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import EnglishName, cite, cited_first, gloss, refuse
from kb.qa.decide.evidence import Evidence
from kb.qa.decide.leader import ASKS_NAME, Leader
from kb.qa.retrieve.targets import longest_common
from kb.qa.understand.intent import Route
from kb.qa.understand.subject import InText
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question

LEAD_CONVENTION_ZH = "按文件惯例，所列第一个单位为牵头单位。"


LEAD_CONVENTION_EN = "By the plan's convention, the first department listed leads."

# the refusal's reason when the best clause with units is not about what was asked
NOT_ABOUT_ZH = "有责任单位的条款都没有写到所问的事项。"
NOT_ABOUT_EN = "No clause naming responsible units is about what was asked."

# the units beside the lead asked (配合单位, 除了…还有哪些, who else): a clause naming the lead alone does not state them
ASKS_OTHERS = re.compile(
    r"配合|协同|协助|除了|还有哪些|还有谁|其他(?:部门|单位)|\bother (?:departments|units|bodies)\b|\bbesides\b"
    r"|\bapart from\b|\bsupport(?:ing)? (?:departments|units)\b",
    re.I,
)


def answering_clauses(route: Route, hits: Sequence[Hit]) -> list[Hit]:
    """The clauses with departments that answer a responsibility question: the best one, plus any other that
    names the same distinctive phrase of the question (抽水蓄能 stands in two clauses: both are cited)."""
    with_departments = [h for h in hits if h.clause.departments]
    if not with_departments:
        return []
    best = with_departments[0]
    phrase = longest_common(route.topic, best.clause.title + best.clause.text)
    if len(phrase) < 3:
        return [best]
    # a clause writing the question's phrase with the modifier before it that the best one lacks (就业创业政策信息
    # 公开, where the best clause writes 金融政策信息公开) answers: a modifier narrows the thing named, the others
    # share only its head. A phrase longer by what follows it (抽水蓄能电站 → 抽水蓄能电站项目) names the same thing.
    for hit in with_departments[1:5]:
        longer = longest_common(route.topic, hit.clause.title + hit.clause.text)
        if len(longer) > len(phrase) and longer.endswith(phrase):
            best, phrase = hit, longer
    same = [h for h in with_departments[:5] if h is not best and phrase in h.clause.title + h.clause.text]
    return [best, *same]


def answer_responsibility(q: Question, evidence: Evidence, english: EnglishName) -> Answer:
    route, question = q, q.text
    answering = answering_clauses(route, evidence.hits)
    if not evidence.confident or not answering:
        reason = None
        if evidence.confident and not answering:
            reason = (
                "The matching clauses name no responsible department."
                if route.language == "en"
                else "相关条款没有写明责任单位。"
            )
        return refuse(route, question, evidence.hits, reason)
    main = answering[0].clause
    if q.slot == "units" and len(answering) == 1 and main.lead and not main.others and ASKS_OTHERS.search(q.asking):
        return only_the_lead(q, main, evidence.hits, english)
    lines = [responsibility_line(main, english, route.language)]
    if len(answering) > 1:
        if route.language == "en":
            lines = [f"This appears in {len(answering)} clauses:"]
        else:
            lines = [f"该事项出现在 {len(answering)} 个条款中："]
        lines += [f"- {responsibility_line(h.clause, english, route.language)}" for h in answering]
    cited = answering + [h for h in evidence.hits if h not in answering][:2]
    return responsibility_answer(route, question, lines, cited, main)


def only_the_lead(q: Question, main: Clause, hits: Sequence[Hit], english: EnglishName) -> Answer:
    """The units beside the lead asked where the clause names its lead alone: the lead, and that no other unit is
    stated (abstained — naming none would read as "there are none")."""
    leads = ("、" if q.language == "zh" else ", ").join(gloss(d, english, q.language) for d in main.leads)
    if q.language == "en":
        text = f"The clause names only the lead: {leads}; it does not state any other unit. Source: {cite(main, 'en')}"
    else:
        text = f"条款只写明牵头单位：{leads}，没有写明配合单位或其他责任单位。依据：{cite(main)}"
    cited = [h for h in hits if h.clause.id == main.id][:1] or [Hit(main, 1.0)]
    cited += [h for h in hits if h.clause.id != main.id][:2]
    return Answer(
        question=q.text,
        intent="responsibility",
        answer=text,
        abstained=True,
        citations=tuple(cited),
        lead=main.lead,
        leads=main.leads,
        language=q.language,
    )


def answer_responsibility_in_text(
    q: Question,
    hit: Hit, found: InText, hits: Sequence[Hit], english: EnglishName
) -> Answer:
    """The best clauses have no department note, but a sentence of one puts a unit in charge in its own words:
    that sentence is quoted, and the answer says the text, not a note, names the unit."""
    route, question = q, q.text
    clause = hit.clause
    lead = gloss(found.lead, english, route.language)
    others = [gloss(d, english, route.language) for d in found.others if d not in found.assisting]
    assisting = [gloss(d, english, route.language) for d in found.assisting]
    quoted = found.sentence.strip()
    if route.language == "en":
        also = f"; with: {', '.join(others)}" if others else ""
        also += f"; assisted by: {', '.join(assisting)}" if assisting else ""
        text = (
            f"Lead: {lead}{also} — written in the clause's text, not in a department note: “{quoted}”. "
            f"Source: {cite(clause, 'en')}"
        )
    else:
        also = f"；会同：{'、'.join(others)}" if others else ""
        also += f"；配合单位：{'、'.join(assisting)}" if assisting else ""
        text = f"牵头单位：{lead}{also}（条款正文写明，非责任单位注）：“{quoted}”。依据：{cite(clause)}"
    cited = [hit, *[h for h in hits if h.clause.id != clause.id][:2]]
    return Answer(
        question=question,
        intent="responsibility",
        answer=text,
        abstained=False,
        citations=tuple(cited),
        lead=found.lead,
        leads=(found.lead,),
        others=found.others,
        language=route.language,
    )


def responsibility_answer(
    route: Route, question: str, lines: list[str], cited: Sequence[Hit], main: Clause
) -> Answer:
    """The answer whose departments are those of `main`, the lead convention said last — where it is what
    decides: not for a clause naming several co-leads (牵头单位：A、B), where every one listed there leads."""
    if len(main.leads) <= 1:
        lines = [*lines, LEAD_CONVENTION_EN if route.language == "en" else LEAD_CONVENTION_ZH]
    return Answer(
        question=question,
        intent="responsibility",
        answer="\n".join(lines),
        abstained=False,
        citations=tuple(cited),
        lead=main.lead,
        leads=main.leads,
        others=main.others,
        language=route.language,
    )


def responsibility_line(clause: Clause, english: EnglishName, language: str) -> str:
    lead = ("、" if language == "zh" else ", ").join(gloss(d, english, language) for d in clause.leads)
    others = [gloss(d, english, language) for d in clause.others]
    if language == "en":
        also = f"; also responsible: {', '.join(others)}" if others else ""
        return f"Lead: {lead}{also}. Source: {cite(clause, 'en')}"
    also = f"；配合单位：{'、'.join(others)}" if others else ""
    return f"牵头单位：{lead}{also}。依据：{cite(clause)}"


def answer_leader(q: Question, found: Leader, hits: Sequence[Hit]) -> Answer:
    """The leader a task's own field names (牵头负责领导：束学龙); when a name is asked and the field gives a post
    (牵头领导：常务副区长), the post and that the name is not stated (abstained)."""
    clause = found.clause
    en = q.language == "en"
    name_unstated = found.is_post and bool(ASKS_NAME.search(q.text))
    if name_unstated:
        text = (
            f"The clause gives the post only ({found.label}: {found.value}); it does not state the person's name. "
            f"Source: {cite(clause, 'en')}"
            if en
            else f"条款只写明职务（{found.label}：{found.value}），没有写明姓名。依据：{cite(clause)}"
        )
    else:
        text = (
            f"{found.label}: {found.value}. Source: {cite(clause, 'en')}"
            if en
            else f"{found.label}：{found.value}。依据：{cite(clause)}"
        )
    cited = cited_first(clause, hits)
    return Answer(q.text, "responsibility", text, name_unstated, cited, language=q.language)


def no_leader(q: Question, clause: Clause, hits: Sequence[Hit], english: EnglishName) -> Answer:
    """The item asked writes no leader where the document's other items do: not stated (abstained), with the
    units the item does name."""
    en = q.language == "en"
    # the units the item names, with its citation; else the citation alone
    said = responsibility_line(clause, english, q.language) if clause.leads else (
        f"Source: {cite(clause, 'en')}" if en else f"依据：{cite(clause)}"
    )
    text = f"The item names no responsible leader. {said}" if en else f"该项没有写明负责领导。{said}"
    cited = cited_first(clause, hits)
    return Answer(q.text, "responsibility", text, True, cited, language=q.language)
