"""What users say of answers: a 👍/👎 on a chat answer is appended to `<index>/feedback.jsonl` with the question
(as typed, and as read), the answer, the clauses it cited and used, who said it and when; a 👎 may carry a
reason (REASONS) and the correct answer. `kb eval --feedback` turns them into evaluation rows (kb.feedback_eval).

One JSON object per line:
  at            UTC time, ISO 8601
  verdict       "up" or "down"
  user          whose verdict: `user:NAME` (an account) or `browser:ID` (no accounts); absent from old lines
  conversation  the conversation's id (kb.conversations), when the answer was given in one
  question      the question as typed (`asked` is the same, kept for older readers)
  resolved      a follow-up as the engine read it (那配合单位呢？ → …的配合单位有哪些？), else null
  intent, abstained, answer, lead, others
  citations     every clause id the answer showed; `used`: those it was read from (kb.export.answer_text)
  reason        a 👎's reason code (REASONS), or null
  correction    the correct answer the user wrote, or null
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from kb.export.answer_text import used_and_related
from kb.types import Answer

FEEDBACK_FILE = "feedback.jsonl"
Verdict = Literal["up", "down"]
# A 👎's reasons: the code stored → what the page offers.
REASONS: dict[str, str] = {
    "wrong_unit": "错误的部门",
    "wrong_number": "数字不对",
    "not_answered": "没有回答问题",
    "wrong_source": "引用不对",
    "other": "其他",
}
CORRECTION_CHARS = 2000  # a correct answer is a sentence or a list, not a pasted document


def record(
    index: Path,
    answer: Answer,
    verdict: Verdict,
    *,
    question: str | None = None,
    reason: str | None = None,
    correction: str | None = None,
    user: str | None = None,
    conversation: str | None = None,
) -> dict[str, Any]:
    """Append one verdict (one JSON line, written with a single call so concurrent writers do not interleave).
    `question`: as the user typed it (default: the answer's). An unknown `reason` is stored as "other"."""
    used, _ = used_and_related(answer)
    correction = (correction or "").strip()[:CORRECTION_CHARS] or None
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "verdict": verdict,
        "user": user,
        "conversation": conversation,
        "question": question if question is not None else answer.question,
        "resolved": answer.resolved,
        "intent": answer.intent,
        "abstained": answer.abstained,
        "citations": [h.clause.id for h in answer.citations],
        "used": [h.clause.id for h in used],
        "answer": answer.answer,
        "lead": answer.lead,
        "others": list(answer.others) if answer.others is not None else None,
        "reason": (reason if reason in REASONS else "other") if reason else None,
        "correction": correction,
    }
    index.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    descriptor = os.open(index / FEEDBACK_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)
    return entry


def load(index: Path, verdict: Verdict | None = None) -> list[dict[str, Any]]:
    """Recorded verdicts in order (only `verdict` ones when given); unreadable lines are skipped."""
    path = index / FEEDBACK_FILE
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(entry, dict):
            continue
        if verdict is None or entry.get("verdict") == verdict:
            entries.append(entry)
    return entries
