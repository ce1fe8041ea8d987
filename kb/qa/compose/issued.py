"""Who issued a document the question names: its issuers as signed (or as its title names them), or whether the
unit asked is one of them — 是 / 不是 first, then the list checked; abstained when the document writes neither."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb.qa.compose.common import EnglishName, cite, gloss, refuse
from kb.qa.decide.issuers import Issuers, among
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_issuers(
    q: Question,
    name: str,
    issuers: Issuers | None,
    first: Clause | None,
    checked: Sequence[str],
    english: EnglishName,
) -> Answer:
    """The issuers of the document issued as `name`; with units `checked` (a yes/no), whether any is one of them."""
    en = q.language == "en"
    if issuers is None:
        hits = (Hit(first, 1.0),) if first is not None else ()
        reason = f"《{name}》 does not state who issued it." if en else f"《{name}》没有写明印发单位。"
        return refuse(q, q.text, hits, reason)
    organs = [gloss(o, english, q.language) for o in issuers.organs]
    how = (
        ("signed by" if issuers.signed else "issued by")
        if en
        else ("落款" if issuers.signed else "标题所写发文机关")
    )
    listed = ", ".join(organs) if en else "、".join(organs)
    source = f" Source: {cite(issuers.clause, 'en')}" if en else f"依据：{cite(issuers.clause)}"
    found = [o for o in (among(u, issuers.organs) for u in checked) if o]
    verdict: bool | None = None
    if checked:
        verdict = bool(found)
        unit = gloss(found[0] if found else checked[0], english, q.language)
        if en:
            text = f"{'Yes' if verdict else 'No'}: {unit} is {'' if verdict else 'not '}among the issuers of 《{name}》 ({how}: {listed})."
        else:
            role = "联合印发单位之一" if len(organs) > 1 else "印发单位"
            text = f"{'是' if verdict else '不是'}：{unit}{'是' if verdict else '不是'}《{name}》的{role}（{how}：{listed}）。"
    elif en:
        text = f"《{name}》 was issued by {listed} ({how})."
    else:
        text = f"《{name}》由{listed}{'联合' if len(organs) > 1 else ''}印发（{how}）。"
    return Answer(
        q.text,
        "organization" if q.intent == "organization" else "general",
        text + source,
        False,
        (Hit(issuers.clause, 1.0),),
        language=q.language,
        verdict=verdict,
        others=tuple(issuers.organs) if not checked else None,
    )
