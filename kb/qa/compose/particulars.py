"""A document's own particulars asked (its number, 文号): read from what ingestion recorded of the document, cited by
its first clause — or said not written when the document carries none (a draft, a page that kept no header)."""

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


def answer_addressees(q: Question, first: Clause, line: str | None, hits: tuple[Hit, ...]) -> Answer:
    """Slot `addressees`: whom the document is sent to, its addressee line quoted as written, its opening clause
    cited; abstained when its opening has none (a plan printed without its covering notice)."""
    title = first.doc_title
    opening = next((h for h in hits if h.clause.id == first.id), None) or Hit(first, 0.0)
    cited = (opening, *(h for h in hits[:2] if h.clause.id != first.id))
    if line is None:
        reason = (
            f"The text of 《{title}》 does not say whom it is sent to."
            if q.language == "en"
            else f"《{title}》的文本没有写明发给哪些单位（主送单位）。"
        )
        return refuse(q, q.text, cited, reason)
    if q.language == "en":
        text = f"《{title}》 is addressed to: {line}. Source: {cite(first, 'en')}"
    else:
        text = f"《{title}》发给（主送）：{line}。依据：{cite(first)}"
    return Answer(q.text, "general", text, False, cited, language=q.language)
