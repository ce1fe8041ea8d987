"""Slot `date`, a day the text sets: the deadline or start a clause's running text states for the action asked
(kb.qa.decide.dated), quoted with the piece it times."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import cite
from kb.qa.decide.dated import Dated
from kb.types import Answer, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_day(q: Question, found: Dated, hits: Sequence[Hit]) -> Answer:
    """The day found, as written (12月25日前, 自2010年8月23日开始), with the piece of the clause it times."""
    clause = found.hit.clause
    starts = not found.day.endswith("前")
    if q.language == "en":
        label = "Starts" if starts else "By"
        text = f"{label}: {found.day} (“{found.piece}”). Source: {cite(clause, 'en')}"
    else:
        label = "开始时间" if starts else "时限"
        text = f"{label}：{found.day}（原文：“{found.piece}”）。依据：{cite(clause)}"
    cited = (found.hit, *[h for h in hits[:3] if h.clause.id != clause.id])
    return Answer(q.text, "indicator", text, False, cited, language=q.language)
