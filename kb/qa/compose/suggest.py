"""Example questions drawn from the indexed clauses, for the app's first screen: a question each about a lead,
a unit's duties and a target, so a newcomer sees what can be asked of the documents actually loaded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kb.types import Clause


def example_questions(clauses: Sequence[Clause], limit: int = 4) -> list[str]:
    """Up to `limit` questions the index can answer, in document order within each kind."""
    questions: list[str] = []
    led = [c for c in clauses if c.lead and 2 <= len(c.title) <= 16]
    if led:
        questions.append(f"{led[0].title}由哪个单位牵头？")
    units = Counter(u for c in clauses for u in c.departments)
    if units:
        questions.append(f"{units.most_common(1)[0][0]}负责哪些工作？")
    targets = [i for c in clauses for i in c.indicators if 2 <= len(i.name) <= 16]
    if targets:
        questions.append(f"{targets[0].name}的目标是多少？")
    if len(led) > 1:
        questions.append(f"{led[len(led) // 2].title}由谁负责？")
    seen: list[str] = []
    for q in questions:  # two kinds may produce the same question on a tiny document
        if q not in seen:
            seen.append(q)
    return seen[:limit]
