"""A document's own particulars asked (its number, 文号): read from what ingestion recorded of the document, cited by
its first clause — or said not written when the document carries none (a draft, a page that kept no header)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import cite, refuse
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:
    from kb.qa.understand.question import Question


def answer_number(q: Question, first: Clause, number: str | None, hits: tuple[Hit, ...]) -> Answer:
    """Slot `number`: the document's 文号 as recorded, its opening clause cited; abstained when none is recorded."""
    title = first.doc_title
    return _particular(
        q,
        first,
        hits,
        None if number is None else (f"The document number of 《{title}》 is {number}.", f"《{title}》的文号是{number}。"),
        (f"The text of 《{title}》 carries no document number.", f"《{title}》的文本没有写明文号。"),
    )


def answer_addressees(q: Question, first: Clause, line: str | None, hits: tuple[Hit, ...]) -> Answer:
    """Slot `addressees`: whom the document is sent to, its addressee line quoted as written, its opening clause
    cited; abstained when its opening has none (a plan printed without its covering notice)."""
    title = first.doc_title
    return _particular(
        q,
        first,
        hits,
        None if line is None else (f"《{title}》 is addressed to: {line}.", f"《{title}》发给（主送）：{line}。"),
        (
            f"The text of 《{title}》 does not say whom it is sent to.",
            f"《{title}》的文本没有写明发给哪些单位（主送单位）。",
        ),
    )


def _particular(
    q: Question,
    first: Clause,
    hits: tuple[Hit, ...],
    said: tuple[str, str] | None,
    missing: tuple[str, str],
) -> Answer:
    """A document's own particular (English, Chinese) with its opening clause cited first; abstained with why
    (`missing`) when the document does not write it."""
    opening = next((h for h in hits if h.clause.id == first.id), None) or Hit(first, 0.0)
    cited = (opening, *(h for h in hits[:2] if h.clause.id != first.id))
    en = q.language == "en"
    if said is None:
        return refuse(q, q.text, cited, missing[0] if en else missing[1])
    text = f"{said[0]} Source: {cite(first, 'en')}" if en else f"{said[1]}依据：{cite(first)}"
    return Answer(q.text, "general", text, False, cited, language=q.language)


def answer_units_marked(q: Question, clauses: Sequence[Clause], hits: tuple[Hit, ...]) -> Answer:
    """Slot `marked`: whether a document's clauses (`clauses`, in order) carry units — 是 with the first found among
    `hits` (the question's best clauses of that document) else the first in order, its units named; 不是 when
    none does, the best clauses cited."""
    title = clauses[0].doc_title
    marked = [c for c in clauses if c.departments]
    if not marked:
        cited = hits[:3] or (Hit(clauses[0], 0.0),)
        text = (
            f"No. None of the clauses of 《{title}》 marks a lead or responsible unit. Source: {cite(cited[0].clause, 'en')}"
            if q.language == "en"
            else f"不是，《{title}》的条款没有标注牵头单位或责任单位。依据：{cite(cited[0].clause)}"
        )
        return Answer(q.text, "general", text, False, tuple(cited), language=q.language)
    example = next((h for h in hits if h.clause.departments), None) or Hit(marked[0], 0.0)
    units = "、".join(example.clause.departments)
    cited = (example, *(h for h in hits[:2] if h is not example))
    if q.language == "en":
        text = (
            f"Yes. {len(marked)} of the {len(clauses)} clauses of 《{title}》 mark their units; for example "
            f"{cite(example.clause, 'en')}: {units}."
        )
    else:
        text = f"是，《{title}》{len(clauses)}条条款中有{len(marked)}条标注了责任单位，例如{cite(example.clause)}：{units}。"
    return Answer(q.text, "general", text, False, cited, language=q.language)
