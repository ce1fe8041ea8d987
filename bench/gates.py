"""Which gate turned each answer into a refusal or a "not stated" answer, and how often each gate is right: every
question of the evaluation sets asked once, the abstaining answers traced to the function that built them. The
product's code is not changed: `Answer` objects built with `abstained=True` are recorded with the stack that built
them, and a final abstaining answer is charged to the last such answer with its text (the refusal's caller, when
the builder is the shared `refuse`), with why the question's last confidence check said no when it did
(`[unsure: coverage]`: the evidence gate of kb.qa.decide.evidence). Prints one table: per gate, how often it fired on answerable questions (false
refusals) and on not_stated / unanswerable ones (right); with `--ids`, the answerable ids of each gate.

    .venv/bin/python bench/gates.py INDEXROOT SET [SET…] [--ids] [--json FILE]

SET is a name under eval/ (sealed32b) with its index under INDEXROOT as /work/notes/runevals29.sh pairs them.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections import Counter, defaultdict
from dataclasses import fields
from pathlib import Path
from typing import Any

from kb.qa.decide.evidence import Confidence
from kb.qa.retrieve.hybrid import Scored
from kb.qa.understand.question import Question
from kb.types import Answer

# which index each evaluation set is asked of (as /work/notes/runevals29.sh pairs them)
INDEX_OF = {
    "questions": "plan",
    "holdout": "plan",
    "sealed21": "mixed",
    "sealed28n": "s28",
    "sealed29e": "s28",
    "sealed29n": "s29",
    "sealed30": "s29",
    "sealed31e": "s29",
    "sealed31n": "s31",
    "sealed32a": "s32a",
    "sealed32b": "s32b",
}

# builders that only pass a refusal on: the gate is their caller
_PASSERS = {"refuse", "nothing_of_kind", "init", "_record"}

_built: list[tuple[str, str]] = []  # (gate, answer text) of every abstaining answer built during one question


def _gate(stack: traceback.StackSummary) -> str:
    """The innermost kb/qa frame that is not a shared builder, named module.function:line."""
    frames = [f for f in stack if "/kb/qa/" in f.filename]
    if not frames:
        return "outside kb/qa"
    inner = frames[-1]
    for frame in reversed(frames):
        if frame.name not in _PASSERS:
            module = Path(frame.filename).stem
            via = f" via {inner.name}" if frame is not inner else ""
            return f"{module}.{frame.name}:{frame.lineno}{via}"
    return f"{Path(inner.filename).stem}.{inner.name}"


def _record(self: Answer) -> None:
    if self.abstained and not any(f.name == "replace" for f in traceback.extract_stack(limit=5)):
        gate = _gate(traceback.extract_stack()[:-1])
        _built.append((f"{gate} [unsure: {_unsure[0]}]" if _unsure else gate, self.answer))


_unsure: list[str] = []  # why the last confidence check of the question said no (its evidence gate)


def _why_unsure(confidence: Confidence, q: Question, scored: Scored) -> str:
    """The evidence gate that said no, in the order `Confidence.__call__` checks them."""
    if not scored.hits:
        return "no hits"
    if confidence.names_unknown_place(q):
        return "unknown place"
    asked = confidence.topic.of_focus(q) if q.focus else confidence.beyond_title(q, confidence.topic(q))
    if confidence.unwritten_in_place(asked, q):
        return "unwritten in place"
    dense = confidence.thresholds.dense_en if q.language == "en" else confidence.thresholds.dense
    if scored.dense_top is not None and scored.dense_top < dense:
        return "dense"
    return "coverage"


def _install() -> None:
    """Every Answer built is recorded after its own __init__, and why each confidence check said no, for this
    process only."""
    checked = Confidence.__call__

    def check(self: Confidence, q: Question, scored: Scored) -> bool:
        sure = checked(self, q, scored)
        _unsure[:] = [] if sure else [_why_unsure(self, q, scored)]
        return sure

    Confidence.__call__ = check  # type: ignore[method-assign]
    built = Answer.__init__

    def init(self: Answer, *args: Any, **kwargs: Any) -> None:
        built(self, *args, **kwargs)
        _record(self)

    Answer.__init__ = init  # type: ignore[method-assign]


def gate_of(answer: Answer) -> str:
    for gate, text in reversed(_built):
        if text == answer.answer or answer.answer.endswith(text) or text in answer.answer:
            return gate
    return _built[-1][0] if _built else "unknown"


def audit(root: Path, sets: list[str]) -> list[dict[str, Any]]:
    from kb.api import KnowledgeBase
    from kb.evaluate import load_questions

    rows = []
    for name in sets:
        index = INDEX_OF.get(name, "dev" if name.startswith("paraphrase") else "s26b")
        kb = KnowledgeBase.open(root / index)
        for q in load_questions(Path("eval") / f"{name}.jsonl"):
            _built.clear()
            answer = kb.ask(q.question)
            rows.append(
                {
                    "set": name,
                    "id": q.id,
                    "answerable": q.answerable,
                    "style": q.style,
                    "abstained": answer.abstained,
                    "gate": gate_of(answer) if answer.abstained else None,
                    "answer": answer.answer[:160],
                }
            )
    return rows


def table(rows: list[dict[str, Any]], ids: bool) -> str:
    wrong: Counter[str] = Counter()
    right: Counter[str] = Counter()
    which: defaultdict[str, list[str]] = defaultdict(list)
    for row in rows:
        if not row["abstained"]:
            continue
        if row["answerable"]:
            wrong[row["gate"]] += 1
            which[row["gate"]].append(f"{row['set']}:{row['id']}")
        else:
            right[row["gate"]] += 1
    lines = ["| gate | false (answerable) | right (not answerable) | precision |", "|---|---|---|---|"]
    for gate in sorted({*wrong, *right}, key=lambda g: -(wrong[g] + right[g])):
        total = wrong[gate] + right[gate]
        lines.append(f"| {gate} | {wrong[gate]} | {right[gate]} | {right[gate] / total:.2f} |")
        if ids and which[gate]:
            lines.append(f"|  | {' '.join(which[gate])} | | |")
    unanswerable = [r for r in rows if not r["answerable"]]
    answered = [r for r in unanswerable if not r["abstained"]]
    lines.append(f"\nnot answerable: {len(unanswerable)}, abstained {len(unanswerable) - len(answered)}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    ids = "--ids" in argv
    out = argv[argv.index("--json") + 1] if "--json" in argv else None
    args = [a for a in argv if not a.startswith("--") and a != out]
    _install()
    assert "abstained" in {f.name for f in fields(Answer)}
    rows = audit(Path(args[0]), args[1:])
    if out:
        Path(out).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows, ids))


if __name__ == "__main__":
    main(sys.argv[1:])
