"""An Answer as a stored record and back: what a conversation keeps of each answer, so that after a restart
(or an upgrade) the chat is shown again, copied and exported from the answer itself, not from its rendering.

Every field of `Answer` is written; reading is tolerant: a key missing from an older record takes the field's
default, an unknown key is ignored, so a record written by an earlier version still reads.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from kb.types import INTENTS, Answer, Clause, Hit, LLMText

UNREADABLE = "（这条回答保存的格式无法读取）"


def answer_record(answer: Answer) -> dict[str, Any]:
    """Every field of the answer, its clauses in full (the index may change after the answer was given)."""
    return {
        "question": answer.question,
        "intent": answer.intent,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "citations": [
            {"clause": hit.clause.to_dict(), "score": hit.score, "ranks": dict(hit.ranks)}
            for hit in answer.citations
        ],
        "lead": answer.lead,
        "others": list(answer.others) if answer.others is not None else None,
        "leads": list(answer.leads),
        "clarify": list(answer.clarify),
        "language": answer.language,
        "department": answer.department,
        "llm": _llm_record(answer.llm),
        "resolved": answer.resolved,
        "scope": list(answer.scope),
        "outside": answer.outside,
        "verdict": answer.verdict,
        "notices": list(answer.notices),
    }


def _llm_record(llm: LLMText | None) -> dict[str, Any] | None:
    if llm is None:
        return None
    return {"text": llm.text, "dropped": llm.dropped, "note": llm.note, "model": llm.model}


def answer_from_record(data: Any, question: str = "") -> Answer:
    """The answer a record holds; a record that cannot be read becomes an abstention saying so (the turn and
    its question stay in the conversation)."""
    try:
        return _answer(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return Answer(question=question, intent="general", answer=UNREADABLE, abstained=True)


def _answer(data: dict[str, Any]) -> Answer:
    intent = data.get("intent")
    known = {f.name for f in fields(Answer)}
    others = data.get("others")
    values: dict[str, Any] = {
        "question": str(data["question"]),
        "intent": intent if intent in INTENTS else "general",
        "answer": str(data["answer"]),
        "abstained": bool(data.get("abstained", False)),
        "citations": tuple(_hit(h) for h in data.get("citations") or ()),
        "lead": data.get("lead"),
        "others": tuple(others) if others is not None else None,
        "leads": tuple(data.get("leads") or ()),
        "clarify": tuple(data.get("clarify") or ()),
        "language": "en" if data.get("language") == "en" else "zh",
        "department": data.get("department"),
        "llm": _llm(data.get("llm")),
        "resolved": data.get("resolved"),
        "scope": tuple(data.get("scope") or ()),
        "outside": int(data.get("outside") or 0),
        "verdict": data.get("verdict"),
        "notices": tuple(str(n) for n in data.get("notices") or ()),
    }
    return Answer(**{k: v for k, v in values.items() if k in known})


def _hit(data: dict[str, Any]) -> Hit:
    ranks = {str(k): int(v) for k, v in (data.get("ranks") or {}).items()}
    return Hit(Clause.from_dict(data["clause"]), float(data.get("score") or 0.0), ranks)


def _llm(data: dict[str, Any] | None) -> LLMText | None:
    if not data:
        return None
    return LLMText(
        text=data.get("text"),
        dropped=int(data.get("dropped") or 0),
        note=data.get("note"),
        model=data.get("model"),
    )
