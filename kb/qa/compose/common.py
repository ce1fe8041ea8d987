"""What every answer shares: where a clause is cited, a unit's name glossed in English, the refusal (the one
phrase tests look for) with the nearest clauses, and asking back which unit is meant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kb.qa.understand.intent import Route
from kb.types import Answer, Clause, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question

REFUSAL_ZH = "文件中没有找到能回答这个问题的内容。"


REFUSAL_EN = "The documents do not answer this question."


EnglishName = Callable[[str], str | None]


def cite(clause: Clause, language: str = "zh") -> str:
    """《title》path › path（第N页）— where a reader finds the clause."""
    where = " › ".join(clause.path) if clause.path else clause.title
    if clause.page is None:
        page = ""
    else:
        page = f"（第{clause.page}页）" if language == "zh" else f" (p. {clause.page})"
    return f"《{clause.doc_title}》{where}{page}"


def cited_first(clause: Clause, hits: Sequence[Hit], score: float = 1.0) -> tuple[Hit, ...]:
    """The citations of an answer read from one clause: its hit first (one made with `score` when the hits lack
    it), then the other clauses of the three best hits."""
    first = next((h for h in hits if h.clause.id == clause.id), Hit(clause, score))
    return (first, *[h for h in hits[:3] if h.clause.id != clause.id])


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


def ask_back(q: Question, ambiguous: Sequence[tuple[str, Sequence[tuple[str, tuple[str, ...]]]]]) -> Answer:
    """A unit written so that it fits several: ask which one is meant, listing the candidates with their places,
    instead of guessing or refusing."""
    route, question = q, q.text
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
