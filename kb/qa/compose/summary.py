"""Slot `summary` (and `places` when several places hold the topic): the most relevant clauses by title, each
cited; a heading with no text of its own stands for its items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.qa.compose.common import cite, refuse
from kb.qa.decide.evidence import Evidence
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_general(
    q: Question,
    evidence: Evidence,
    children: dict[str, list[Clause]] | None = None,
    count: int = 3,
) -> Answer:
    """The most relevant clauses (the first `count` hits), by title, each cited. A heading with no text of its own
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
