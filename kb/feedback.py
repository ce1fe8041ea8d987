"""What users say of answers: a 👍/👎 on a chat answer is appended, with the question, the answer's intent and
citations, to `<index>/feedback.jsonl`; `kb eval --feedback` lists the 👎 ones as cases to label.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from kb.types import Answer

FEEDBACK_FILE = "feedback.jsonl"
Verdict = Literal["up", "down"]


def record(index: Path, answer: Answer, verdict: Verdict) -> dict[str, Any]:
    """Append one verdict (one JSON line, written with a single call so concurrent writers do not interleave)."""
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "verdict": verdict,
        "question": answer.question,
        "intent": answer.intent,
        "abstained": answer.abstained,
        "citations": [h.clause.id for h in answer.citations],
        "answer": answer.answer,
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
        if verdict is None or entry.get("verdict") == verdict:
            entries.append(entry)
    return entries
