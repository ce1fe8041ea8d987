"""Grounded answers: each answer is read off clause metadata and cites the clauses it comes from.

No LLM is involved. Departments come from a clause's department note, numbers from its extracted indicators,
the working group from the structured `推进机制` data; when none of these is there, the answer says so
(REFUSAL_ZH / REFUSAL_EN) instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from kb.qa.compose.compound import Part
from kb.qa.compose.respectively import aligned_value
from kb.qa.decide import effective
from kb.qa.decide.evidence import Evidence
from kb.qa.decide.quantity import asked_per, states_per
from kb.qa.retrieve.targets import TargetMatch, longest_common
from kb.qa.understand.intent import Route, asking_part
from kb.qa.understand.subject import InText
from kb.types import Answer, Clause, Hit, WorkingGroup

REFUSAL_ZH = "文件中没有找到能回答这个问题的内容。"
REFUSAL_EN = "The documents do not answer this question."
LEAD_CONVENTION_ZH = "按文件惯例，所列第一个单位为牵头单位。"
LEAD_CONVENTION_EN = "By the plan's convention, the first department listed leads."

EnglishName = Callable[[str], str | None]


def cite(clause: Clause, language: str = "zh") -> str:
    """《title》path › path（第N页）— where a reader finds the clause."""
    where = " › ".join(clause.path) if clause.path else clause.title
    if clause.page is None:
        page = ""
    else:
        page = f"（第{clause.page}页）" if language == "zh" else f" (p. {clause.page})"
    return f"《{clause.doc_title}》{where}{page}"


def gloss(name: str, english: EnglishName, language: str) -> str:
    """The department name as written, glossed in English for English answers."""
    if language != "en":
        return name
    en = english(name)
    return f"{name} ({en})" if en else name


def refuse(route: Route, question: str, hits: Sequence[Hit] = (), reason: str | None = None) -> Answer:
    """An honest 'the documents do not say', with the nearest clauses for the reader to check."""
    base = REFUSAL_EN if route.language == "en" else REFUSAL_ZH
    text = f"{base} {reason}" if reason else base
    if hits:
        nearest = "\n".join(f"- {cite(h.clause, route.language)}" for h in hits[:3])
        label = "Nearest clauses, for you to check:" if route.language == "en" else "最接近的条款（供核对）："
        text = f"{text}\n{label}\n{nearest}"
    intent = route.intent if route.intent in ("department_tasks", "organization") else "out_of_scope"
    return Answer(
        question=question,
        intent=intent,
        answer=text,
        abstained=True,
        citations=tuple(hits[:3]),
        language=route.language,
        department=route.department,
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
    same = [h for h in with_departments[1:5] if phrase in h.clause.title + h.clause.text]
    return [best, *same]


def answer_responsibility(route: Route, question: str, evidence: Evidence, english: EnglishName) -> Answer:
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
    lines = [responsibility_line(main, english, route.language)]
    if len(answering) > 1:
        if route.language == "en":
            lines = [f"This appears in {len(answering)} clauses:"]
        else:
            lines = [f"该事项出现在 {len(answering)} 个条款中："]
        lines += [f"- {responsibility_line(h.clause, english, route.language)}" for h in answering]
    cited = answering + [h for h in evidence.hits if h not in answering][:2]
    return responsibility_answer(route, question, lines, cited, main)


def answer_responsibility_in_text(
    route: Route, question: str, hit: Hit, found: InText, hits: Sequence[Hit], english: EnglishName
) -> Answer:
    """The best clauses have no department note, but a sentence of one puts a unit in charge in its own words:
    that sentence is quoted, and the answer says the text, not a note, names the unit."""
    clause = hit.clause
    lead = gloss(found.lead, english, route.language)
    others = [gloss(d, english, route.language) for d in found.others]
    quoted = found.sentence.strip()
    if route.language == "en":
        also = f"; with: {', '.join(others)}" if others else ""
        text = (
            f"Lead: {lead}{also} — written in the clause's text, not in a department note: “{quoted}”. "
            f"Source: {cite(clause, 'en')}"
        )
    else:
        also = f"；会同：{'、'.join(others)}" if others else ""
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


def ask_back(
    route: Route, question: str, ambiguous: Sequence[tuple[str, Sequence[tuple[str, tuple[str, ...]]]]]
) -> Answer:
    """A unit written so that it fits several: ask which one is meant, listing the candidates with their places,
    instead of guessing or refusing."""
    en = route.language == "en"
    lines = []
    for written, candidates in ambiguous:
        named = [f"{name}（{'、'.join(places)}）" if places else name for name, places in candidates]
        if en:
            lines.append(f"“{written}” may mean: {'; '.join(named)}. Which one do you mean?")
        else:
            lines.append(f"“{written}”可能指：{'、'.join(named)}。请说明是哪一个（可写全称或地名）。")
    return Answer(
        question=question,
        intent=route.intent,
        answer="\n".join(lines),
        abstained=True,
        language=route.language,
        clarify=tuple(name for _, candidates in ambiguous for name, _ in candidates),
    )


def answer_department_tasks(
    route: Route,
    question: str,
    clauses: Sequence[Clause],
    groups: Sequence[WorkingGroup],
    english: EnglishName,
) -> Answer:
    """Every clause naming the department (only those it leads when asked what it leads), lead first."""
    department = route.department
    if department is not None and len(route.departments) > 1:
        return _shared_tasks(route, question, clauses, english)
    if department is None:
        name = route.unknown_department or ""
        reason = (
            f"No department called {name} is named in the documents."
            if route.language == "en"
            else f"文件中没有出现“{name}”这个单位，无法列出它的任务。"
        )
        return refuse(route, question, (), reason)
    leads = [c for c in clauses if c.led_by(department)]
    shares = [c for c in clauses if not c.led_by(department) and department in c.departments]
    chosen = leads if route.scope == "lead" else leads + shares
    name = gloss(department, english, route.language)
    if not chosen:
        roles = [g for g in groups if department in g.members or department == g.office]
        en = route.language == "en"
        if route.scope == "lead" and shares:
            text = (
                f"{name} leads no clause; it is co-responsible for {len(shares)}."
                if en
                else f"{name}没有牵头的任务；它作为配合单位参与 {len(shares)} 项（问“{department}负责哪些任务”可列出）。"
            )
        elif roles:  # a known body with no task of its own: say so, and what it is
            text = (
                f"No task clause names {name}; it is a member of {roles[0].name}."
                if en
                else f"方案没有给{name}分配具体任务条款；它是{roles[0].name}的成员单位。"
            )
        else:
            return refuse(
                route, question, (), f"No clause names {name}." if en else f"文件中没有{name}负责的条款。"
            )
        return Answer(
            question, "department_tasks", text, False, (), language=route.language, department=department
        )
    lines = [_tasks_headline(name, leads, shares, route)]
    for label, listed in (("lead", leads), ("share", shares)):
        if not listed or (route.scope == "lead" and label == "share"):
            continue
        if route.language == "en":
            lines.append("Leads:" if label == "lead" else "Shares (co-responsible):")
        else:
            lines.append("牵头：" if label == "lead" else "配合：")
        lines += [f"- {c.title}：{cite(c, route.language)}" for c in listed]
    membership = [g for g in groups if department in g.members or department == g.office]
    for group in membership:
        role = "office" if department == group.office else "member"
        if route.language == "en":
            lines.append(f"It is also a {role} of {group.name}.")
        else:
            lines.append(
                f"另：{name}是{group.name}的{'办公室所在单位' if role == 'office' else '成员单位'}。"
            )
    hits = tuple(Hit(c, 1.0 if c.led_by(department) else 0.5) for c in chosen)
    return Answer(
        question,
        "department_tasks",
        "\n".join(lines),
        False,
        hits,
        language=route.language,
        department=department,
    )


def _shared_tasks(route: Route, question: str, clauses: Sequence[Clause], english: EnglishName) -> Answer:
    """Two or more units named together (县林业局和县发改局一起负责哪些任务): the clauses naming all of them."""
    units = route.departments
    shared = [c for c in clauses if all(u in c.departments for u in units)]
    names = [gloss(u, english, route.language) for u in units]
    en = route.language == "en"
    if not shared:
        reason = (
            f"No clause names all of {', '.join(names)} together."
            if en
            else f"没有同时写明{'、'.join(names)}的条款。"
        )
        return refuse(route, question, (), reason)
    head = (
        f"{len(shared)} clause(s) name {', '.join(names)} together:"
        if en
        else f"同时写明{'、'.join(names)}的条款共 {len(shared)} 项："
    )
    lines = [head] + [
        f"- {c.title}（牵头：{c.leads_label() or '未写明'}）：{cite(c, route.language)}" for c in shared
    ]
    return Answer(
        question,
        "department_tasks",
        "\n".join(lines),
        False,
        tuple(Hit(c, 1.0) for c in shared),
        language=route.language,
        department=units[0],
    )


def _tasks_headline(name: str, leads: Sequence[Clause], shares: Sequence[Clause], route: Route) -> str:
    if route.language == "en":
        if route.scope == "lead":
            return f"{name} leads {len(leads)} clause(s):"
        return f"{name} is named in {len(leads) + len(shares)} clause(s): leads {len(leads)}, shares {len(shares)}."
    if route.scope == "lead":
        return f"{name}牵头 {len(leads)} 项任务："
    return f"{name}共涉及 {len(leads) + len(shares)} 项任务（牵头 {len(leads)} 项，配合 {len(shares)} 项）："


def answer_indicator(
    route: Route,
    question: str,
    match: TargetMatch | None,
    hits: Sequence[Hit],
    threshold: float,
    asks_date: bool = False,
) -> Answer:
    """The target the question asks for: an extracted target with its qualifier (8.5%以上), or, for a target
    written in words (稳步提升) or a count written as narration, the sentence part quoted as written."""
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


def answer_compound(route: Route, question: str, parts: Sequence[Part], answers: Sequence[Answer]) -> Answer:
    """One answer per item of a question asking the same of several (A和B分别…), under the item's name; the
    first citation of each item first, so each item's clause is among the first cited."""
    en = route.language == "en"
    lines = [
        f"[{part.item}] {found.answer}" if en else f"【{part.item}】{found.answer}"
        for part, found in zip(parts, answers, strict=True)
    ]
    cited: dict[str, Hit] = {}
    for rank in range(max((len(a.citations) for a in answers), default=0)):
        for found in answers:
            if rank < len(found.citations) and not (found.abstained and rank > 0):
                cited.setdefault(found.citations[rank].clause.id, found.citations[rank])
    first = next((a for a in answers if not a.abstained), answers[0])
    return replace(
        first,
        question=question,
        answer="\n".join(lines),
        abstained=all(a.abstained for a in answers),
        citations=tuple(cited.values())[:8],
        verdict=None,
    )


def answer_effective(
    route: Route, question: str, stated: effective.Statement, when: effective.Asked, hits: Sequence[Hit]
) -> Answer:
    """When the document takes effect or how long it is valid, quoted from its own sentence; abstained when it
    does not state what was asked (a draft's blank date)."""
    text, abstained = effective.wording(stated, when, route.language, cite(stated.clause, route.language))
    first = next((h for h in hits if h.clause.id == stated.clause.id), Hit(stated.clause, 1.0))
    cited = (first, *[h for h in hits[:3] if h.clause.id != stated.clause.id])
    return Answer(question, "indicator", text, abstained, cited, language=route.language)


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


def answer_organization(
    route: Route,
    question: str,
    groups: Sequence[WorkingGroup],
    clauses: dict[str, Clause],
    english: EnglishName,
) -> Answer:
    """Read the asked field off the structured working-group data."""
    if not groups:
        return refuse(
            route, question, (), "文件中没有工作专班或领导小组的安排。" if route.language == "zh" else None
        )
    group = groups[0]
    en = route.language == "en"
    field = route.org_field or "name"
    value: str | None
    if field == "other":
        reason = (
            "The plan does not say this about the working group."
            if en
            else "方案对工作专班的这一点没有规定（只写明了牵头、召集人、副召集人、成员单位和办公室）。"
        )
        return refuse(route, question, (), reason)
    if field == "role" and not route.department:
        field = "head"  # a role asked of no unit we can name: who leads the group
    if field == "role" and route.department:
        text = _role_text(group, route.department, english, route.language)
    elif field == "membership" and route.department:
        is_member = route.department in group.members
        name = gloss(route.department, english, route.language)
        if en:
            text = f"{'Yes' if is_member else 'No'}: {name} is {'' if is_member else 'not '}a member of {group.name}."
        else:
            text = f"{'是' if is_member else '不是'}：{name}{'是' if is_member else '不是'}{group.name}的成员单位。"
    elif field in ("members", "membership"):
        members = [gloss(m, english, route.language) for m in group.members]
        if en:
            text = f"{group.name} has {len(members)} member units: {', '.join(members)}."
        else:
            text = f"{group.name}共有 {len(members)} 个成员单位：{'、'.join(members)}。"
    else:
        value = getattr(group, field) if field != "name" else group.name
        if not value:
            return _group_lacks(route, question, group, clauses.get(group.clause_id or ""), field)
        shown = gloss(value, english, route.language)
        labels_zh = {
            "head": group.head_title,
            "convener": "召集人",
            "deputy_convener": group.deputy_title,
            "office": "专班办公室设在" if group.name.endswith("专班") else "办公室设在",
            "office_duty": "专班办公室职责" if group.name.endswith("专班") else "办公室职责",
            "office_head": "办公室主任",
            "name": "工作机制",
        }
        labels_en = {
            "head": "Head" if group.head_title == "组长" else "Led by",
            "convener": "Convener",
            "deputy_convener": "Deputy head" if group.deputy_title == "副组长" else "Deputy convener",
            "office": "Its office sits in",
            "office_duty": "The office's duty",
            "office_head": "Director of its office",
            "name": "Working group",
        }
        text = (
            f"{group.name} — {labels_en[field]}: {shown}."
            if en
            else f"{group.name}：{labels_zh[field]}{'' if field == 'office' else '：'}{shown}。"
        )
    clause = clauses.get(group.clause_id or "")
    if clause is not None:
        text += f" Source: {cite(clause, 'en')}" if en else f"依据：{cite(clause)}"
    citations = (Hit(clause, 1.0),) if clause is not None else ()
    return Answer(
        question, "organization", text, False, citations, language=route.language, department=route.department
    )


_FIELD_ZH = {
    "head": "组长（牵头人）",
    "convener": "召集人",
    "deputy_convener": "副组长（副召集人）",
    "office": "办公室设在哪个单位",
    "office_duty": "办公室职责",
    "office_head": "办公室主任",
}
_FIELD_EN = {
    "head": "who heads it",
    "convener": "its convener",
    "deputy_convener": "its deputy head",
    "office": "where its office sits",
    "office_duty": "its office's duty",
    "office_head": "who directs its office",
}


def _group_lacks(
    route: Route, question: str, group: WorkingGroup, clause: Clause | None, field: str
) -> Answer:
    """The document sets up the group but does not say the thing asked of it (组长由谁担任 where no head is
    named): what it does say, and that the asked thing is not stated — abstained, the group's clause cited."""
    en = route.language == "en"
    if en:
        text = f"The documents set up {group.name} but do not state {_FIELD_EN.get(field, 'this')}."
    else:
        text = f"文件写明设立{group.name}，但没有写明其{_FIELD_ZH.get(field, '这一点')}。"
    if clause is not None:
        text += f" Source: {cite(clause, 'en')}" if en else f"依据：{cite(clause)}"
    citations = (Hit(clause, 1.0),) if clause is not None else ()
    return Answer(question, "organization", text, True, citations, language=route.language)


def _role_text(group: WorkingGroup, department: str, english: EnglishName, language: str) -> str:
    """Every role the department holds in the group, read off the structured data."""
    roles_zh, roles_en = [], []
    for field, zh, en in (
        ("head", "牵头", "leads it"),
        ("convener", "任召集人", "is the convener"),
        ("deputy_convener", "任副召集人", "is the deputy convener"),
    ):
        holder = getattr(group, field) or ""
        if department in holder or _short(department) in holder:
            roles_zh.append(f"{holder}{zh}")
            roles_en.append(f"{holder} {en}")
    if department == group.office:
        roles_zh.append(f"专班办公室设在{department}")
        roles_en.append(f"the group's office sits in {department}")
    if department in group.members:
        roles_zh.append("是成员单位")
        roles_en.append("it is a member unit")
    name = gloss(department, english, language)
    if language == "en":
        found = "; ".join(roles_en) if roles_en else "no role is given to it"
        return f"{name} in {group.name}: {found}."
    found = "；".join(roles_zh) if roles_zh else "方案没有给它安排角色"
    return f"{name}在{group.name}中：{found}。"


def _short(department: str) -> str:
    """县政府办 → 政府办: the group's posts are written as 县政府办分管副主任."""
    return department[1:] if department.startswith("县") and len(department) > 3 else department


def answer_general(
    route: Route,
    question: str,
    evidence: Evidence,
    children: dict[str, list[Clause]] | None = None,
    count: int = 3,
) -> Answer:
    """The most relevant clauses (the first `count` hits), by title, each cited. A heading with no text of its own
    (`4. 促进科技成果转化`) stands for its items: they are cited in its place."""
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
