"""A document's own particulars asked (its number, 文号; the day it was issued): read from what ingestion recorded of
the document, cited by its first clause (the day: by the clause writing it) — or said not written when the document
carries none (a draft, a page that kept no header)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.qa.compose.common import cite, refuse
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:
    from kb.qa.understand.question import Question


def answer_number(q: Question, first: Clause, number: str | None, hits: tuple[Hit, ...]) -> Answer:
    """Slot `number`: the document's 文号 as recorded, its opening clause cited; abstained when none is recorded."""
    title = first.doc_title
    opening = next((h for h in hits if h.clause.id == first.id), None) or Hit(first, 0.0)
    cited = (opening, *(h for h in hits[:2] if h.clause.id != first.id))
    if number is None:
        reason = (
            f"The text of 《{title}》 carries no document number."
            if q.language == "en"
            else f"《{title}》的文本没有写明文号。"
        )
        return refuse(q, q.text, cited, reason)
    if q.language == "en":
        text = f"The document number of 《{title}》 is {number}. Source: {cite(first, 'en')}"
    else:
        text = f"《{title}》的文号是{number}。依据：{cite(first)}"
    return Answer(q.text, "general", text, False, cited, language=q.language)


def answer_issued(q: Question, dated: Clause, date: str | None, hits: tuple[Hit, ...]) -> Answer:
    """Slot `issued`: the day the document was issued as recorded, the clause writing it cited (`dated`: else its
    first clause); abstained when none is recorded."""
    title = dated.doc_title
    opening = next((h for h in hits if h.clause.id == dated.id), None) or Hit(dated, 0.0)
    cited = (opening, *(h for h in hits[:2] if h.clause.id != dated.id))
    if date is None:
        reason = (
            f"The text of 《{title}》 does not state the day it was issued."
            if q.language == "en"
            else f"《{title}》的文本没有写明印发日期。"
        )
        return refuse(q, q.text, cited, reason)
    if q.language == "en":
        text = f"《{title}》 is dated {date}. Source: {cite(dated, 'en')}"
    else:
        text = f"《{title}》的印发日期是{date}。依据：{cite(dated)}"
    return Answer(q.text, "general", text, False, cited, language=q.language)
