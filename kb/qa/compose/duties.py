"""Slot `duties`: every clause naming a unit (only those it leads, when asked what it leads), lead first; of
units named together, the clauses naming all of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import EnglishName, cite, gloss, refuse
from kb.qa.understand.intent import Route
from kb.types import Answer, Clause, Hit, WorkingGroup

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_department_tasks(
    q: Question,
    clauses: Sequence[Clause],
    groups: Sequence[WorkingGroup],
    english: EnglishName,
    in_text: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> Answer:
    """Every clause naming the department (only those it leads when asked what it leads), lead first; `in_text`:
    clause id → the units its running text puts in charge with their sentences (市人社局负责…), whose clauses are
    listed apart with the sentence quoted — the text says what the unit does, no note says it leads."""
    route, question = q, q.text
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
    in_text = in_text or {}
    said = {c.id: _said_of(department, in_text.get(c.id, ())) for c in clauses}
    leads = [c for c in clauses if c.led_by(department)]
    written = [c for c in clauses if not c.led_by(department) and said[c.id]]
    shares = [c for c in clauses if not c.led_by(department) and not said[c.id] and department in c.departments]
    if written and route.scope != "lead" and not leads and not shares:
        return _written_tasks(route, question, department, written, said, english)
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
    if written and route.scope != "lead":  # running text setting it tasks besides the notes
        lines.append("The text also puts it in charge:" if route.language == "en" else "另：文件正文写明其负责：")
        lines += [f"- “{'；'.join(said[c.id])}”：{cite(c, route.language)}" for c in written]
        chosen = chosen + written
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


def _said_of(unit: str, found: Sequence[tuple[str, str]]) -> list[str]:
    """The sentences of a clause's running text putting this unit in charge."""
    return [sentence for name, sentence in found if name == unit]


def _written_tasks(
    route: Route,
    question: str,
    department: str,
    clauses: Sequence[Clause],
    said: Mapping[str, Sequence[str]],
    english: EnglishName,
) -> Answer:
    """A unit no note names whose tasks the running text sets (市人社局负责创业就业…政策落实): each sentence quoted
    with its clause."""
    name = gloss(department, english, route.language)
    en = route.language == "en"
    lines = [
        f"The text puts {name} in charge in {len(clauses)} clause(s):"
        if en
        else f"文件正文写明{name}负责的事项（{len(clauses)} 处）："
    ]
    for clause in clauses:
        quoted = "；".join(said[clause.id])
        lines.append(
            f"- “{quoted}” — {cite(clause, 'en')}" if en else f"- “{quoted}”。依据：{cite(clause)}"
        )
    return Answer(
        question,
        "department_tasks",
        "\n".join(lines),
        False,
        tuple(Hit(c, 1.0) for c in clauses),
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
