"""Slot `duties`: every clause naming a unit (only those it leads, when asked what it leads), lead first; of
units named together, the clauses naming all of them."""

from __future__ import annotations

from collections.abc import Sequence
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
) -> Answer:
    """Every clause naming the department (only those it leads when asked what it leads), lead first."""
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
