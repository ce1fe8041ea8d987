"""`kb eval`: score the answers against eval/questions.jsonl, per intent and per retrieval mode.

Metrics (per intent):
- R@1, R@3, MRR — where the gold clause stands among the answer's citations (answerable questions with gold clauses);
- set — responsibility: the answer's department set equals the gold set; department_tasks: the cited clause set
  equals the gold clause set;
- lead — the answer's lead department is the gold lead;
- value — the gold value (a target with its qualifier, or a body of the working group) appears in the answer;
- abstain P/R — precision and recall of `abstained` against the questions the corpus cannot answer;
- p50/p95 — latency of one `ask` in milliseconds (models loaded, index open);
- correct — the answer as a whole is right: answerable ones not abstained, with the gold clause cited (every
  listed one for a question several places answer) and every applicable check above passing; unanswerable ones
  abstained (an actual-vs-target one also naming the target the plan sets).
Files with a `style` per question (eval/paraphrase.jsonl) also get accuracy per style, and every file the router's
confusion matrix (gold intent × routed intent).
The same table for each retrieval mode, and retrieval figures for a naive baseline: llama-index SentenceSplitter
chunks of the same documents, embedded with the same embedder.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import KBError
from kb.qa.retrieve.hybrid import MODES, Mode
from kb.types import INTENTS, Answer, Clause


@dataclass(frozen=True)
class Question:
    """One line of eval/questions.jsonl."""

    id: str
    question: str
    lang: str
    intent: str
    gold_clauses: tuple[str, ...]
    gold_lead: str | None
    gold_departments: tuple[str, ...] | None
    gold_department: str | None
    gold_scope: str | None
    gold_value: str | None
    answerable: bool
    style: str | None = None
    place: str | None = None
    # what the question asks for (lead, amount, date, yesno …): sealed21 and later sets
    slot: str | None = None
    gold_yesno: bool | None = None  # a yes/no question: the right answer is yes (True) or no (False)


def load_questions(path: str | Path) -> list[Question]:
    """Read and check the question file; a bad line is an error naming the file and the line."""
    questions: list[Question] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            departments = data.get("gold_departments")
            questions.append(
                Question(
                    id=data["id"],
                    question=data["question"],
                    lang=data.get("lang", "zh"),
                    intent=data["intent"],
                    gold_clauses=tuple(data.get("gold_clauses") or ()),
                    gold_lead=data.get("gold_lead"),
                    gold_departments=tuple(departments) if departments is not None else None,
                    gold_department=data.get("gold_department"),
                    gold_scope=data.get("gold_scope"),
                    gold_value=data.get("gold_value"),
                    answerable=bool(data.get("answerable", True)),
                    style=data.get("style"),
                    place=data.get("place"),
                    slot=data.get("slot"),
                    gold_yesno=data.get("gold_yesno"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise KBError(f"{path}: line {number} is not a valid question ({error})") from error
    return questions


@dataclass
class Outcome:
    """How one answer scored."""

    question: Question
    answer: Answer | None
    seconds: float
    rank: int | None = None  # 1-based rank of the first gold clause among the citations
    set_match: bool | None = None
    lead_match: bool | None = None
    value_match: bool | None = None
    all_cited: bool | None = None  # every gold clause cited (questions several places answer)
    yesno_match: bool | None = None  # a yes/no question answered with the right yes or no first

    @property
    def correct(self) -> bool:
        answer, question = self.answer, self.question
        if answer is None:
            return False
        if not question.answerable:
            named = question.gold_value is None or _squash(question.gold_value) in _squash(answer.answer)
            return answer.abstained and (question.style != "actual_vs_target" or named)
        if answer.abstained:
            return False
        checks = [self.set_match, self.lead_match, self.value_match, self.all_cited, self.yesno_match]
        cited_ok = (
            not question.gold_clauses
            or question.intent == "department_tasks"
            or (self.rank is not None and self.rank <= 3)
        )
        return cited_ok and all(c for c in checks if c is not None)


def _squash(text: str) -> str:
    return "".join(text.split())


_MARKUP = re.compile(r"^[\s*_#>`\[\]【】「」“”\"'：:，,。.!！-]+")
_NO = ("不是", "否", "不", "没有", "未", "no", "not")
_YES = ("是", "对", "yes")


def said_yes(answer: str) -> bool | None:
    """The yes or no an answer opens with (markup and punctuation before it skipped), or None when it opens
    with neither: a yes/no question must be answered yes or no first, then the evidence."""
    head = _MARKUP.sub("", answer).lower()
    if head.startswith(_NO):
        return False
    if head.startswith(_YES) and not head.startswith("是否"):
        return True
    return None


def score(question: Question, answer: Answer, seconds: float) -> Outcome:
    outcome = Outcome(question, answer, seconds)
    cited = [h.clause.id for h in answer.citations]
    if question.answerable and question.gold_clauses:
        ranks = [i for i, cid in enumerate(cited, start=1) if cid in question.gold_clauses]
        outcome.rank = ranks[0] if ranks else None
        if question.style == "several_places":  # every document that answers, at least one clause of each
            docs = {cid.rsplit(":", 1)[0] for cid in cited}
            outcome.all_cited = {cid.rsplit(":", 1)[0] for cid in question.gold_clauses} <= docs
    if not question.answerable:
        return outcome
    if question.intent == "department_tasks":
        outcome.set_match = not answer.abstained and set(cited) == set(question.gold_clauses)
    elif question.gold_departments is not None:
        data = answer.to_dict()["departments"] or {}
        given = {data.get("lead"), *data.get("leads", []), *data.get("others", [])} - {None}
        outcome.set_match = not answer.abstained and given == set(question.gold_departments)
    if question.gold_lead is not None:
        outcome.lead_match = not answer.abstained and answer.lead == question.gold_lead
    if question.gold_value is not None:
        outcome.value_match = not answer.abstained and _squash(question.gold_value) in _squash(answer.answer)
    if question.gold_yesno is not None:
        outcome.yesno_match = not answer.abstained and said_yes(answer.answer) is question.gold_yesno
    return outcome


@dataclass
class Table:
    """Per-intent rows of one run (a mode or the baseline)."""

    name: str
    rows: dict[str, dict[str, float | int | None]] = field(default_factory=dict)


def _mean(values: Iterable[bool | float]) -> float | None:
    items = [float(v) for v in values]
    return sum(items) / len(items) if items else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    return float(np.percentile(np.array(values), q))


def summarize(outcomes: Sequence[Outcome], name: str) -> Table:
    table = Table(name)
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.question.intent].append(outcome)
        groups["all"].append(outcome)
    for intent in [*INTENTS, "all"]:
        group = groups.get(intent, [])
        if not group:
            continue
        ranked = [o for o in group if o.question.answerable and o.question.gold_clauses]
        abstained = [o for o in group if o.answer is not None and o.answer.abstained]
        unanswerable = [o for o in group if not o.question.answerable]
        true_abstain = [o for o in abstained if not o.question.answerable]
        latencies = [o.seconds * 1000 for o in group]
        table.rows[intent] = {
            "n": len(group),
            "R@1": _mean(o.rank == 1 for o in ranked),
            "R@3": _mean(o.rank is not None and o.rank <= 3 for o in ranked),
            "MRR": _mean(1 / o.rank if o.rank else 0.0 for o in ranked),
            "set": _mean(o.set_match for o in group if o.set_match is not None),
            "lead": _mean(o.lead_match for o in group if o.lead_match is not None),
            "value": _mean(o.value_match for o in group if o.value_match is not None),
            "abstain_P": len(true_abstain) / len(abstained) if abstained else None,
            "abstain_R": len(true_abstain) / len(unanswerable) if unanswerable else None,
            "p50_ms": _percentile(latencies, 50),
            "p95_ms": _percentile(latencies, 95),
            "correct": _mean(o.correct for o in group),
        }
    return table


def style_rows(outcomes: Sequence[Outcome], key: str = "style") -> dict[str, dict[str, float | int | None]]:
    """Accuracy per question style (short names, 繁體, typos, colloquial, English…), or per asked slot with
    `key="slot"`."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        value = getattr(outcome.question, key)
        if value:
            groups[value].append(outcome)
            groups["all"].append(outcome)
    rows: dict[str, dict[str, float | int | None]] = {}
    for style in sorted(groups, key=lambda s: (s == "all", s)):
        group = groups[style]
        rows[style] = {"n": len(group), "correct": _mean(o.correct for o in group)}
    return rows


def refusal_figures(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    abstained = [o for o in outcomes if o.answer is not None and o.answer.abstained]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    right = [o for o in abstained if not o.question.answerable]
    return {
        "refusal_P": len(right) / len(abstained) if abstained else None,
        "refusal_R": len(right) / len(unanswerable) if unanswerable else None,
    }


def confusion(kb: Any, questions: Sequence[Question]) -> dict[str, dict[str, int]]:
    """Gold intent × the intent the router gives (the understanding stage alone, no retrieval)."""

    engine = kb.engine()
    matrix: dict[str, dict[str, int]] = {gold: dict.fromkeys(INTENTS, 0) for gold in INTENTS}
    for question in questions:
        routed = engine.understand(engine.normalize(question.question))
        intent = "out_of_scope" if routed.off_topic else routed.intent
        matrix.setdefault(question.intent, dict.fromkeys(INTENTS, 0))[intent] += 1
    return matrix


def format_confusion(matrix: dict[str, dict[str, int]]) -> str:
    short = {intent: intent[:12] for intent in INTENTS}
    lines = ["## router: gold intent (rows) × routed intent (columns)"]
    lines.append(" | ".join(["gold".ljust(16), *[short[i].rjust(12) for i in INTENTS]]))
    for gold, row in matrix.items():
        if sum(row.values()):
            lines.append(" | ".join([gold.ljust(16), *[str(row[i]).rjust(12) for i in INTENTS]]))
    total = sum(sum(r.values()) for r in matrix.values())
    right = sum(matrix[g][g] for g in matrix if g in INTENTS)
    lines.append(f"routed as gold: {right}/{total} = {right / total:.3f}" if total else "no questions")
    return "\n".join(lines)


def format_styles(
    rows: dict[str, dict[str, float | int | None]], refusal: dict[str, float | None], key: str = "style"
) -> str:
    lines = [f"## hybrid, per {key}", f"{key.ljust(18)} | {'n'.rjust(5)} | {'correct'.rjust(8)}"]
    for style, row in rows.items():
        correct = row["correct"]
        lines.append(
            f"{style.ljust(18)} | {str(row['n']).rjust(5)} | {f'{correct:.3f}' if correct is not None else '—':>8}"
        )
    p, r = refusal["refusal_P"], refusal["refusal_R"]
    lines.append(f"refusal precision {p:.3f}, recall {r:.3f}" if p is not None and r is not None else "")
    return "\n".join(lines)


AskFn = Callable[[str, Mode], Answer]


def run_mode(ask: AskFn, questions: Sequence[Question], mode: Mode) -> list[Outcome]:
    outcomes = []
    for question in questions:
        started = time.perf_counter()
        answer = ask(question.question, mode)
        outcomes.append(score(question, answer, time.perf_counter() - started))
    return outcomes


# --- the naive baseline: fixed-size chunks, same embedder, no structure ---


@dataclass(frozen=True)
class Chunk:
    text: str
    clause_ids: frozenset[str]


def chunk_documents(texts: dict[str, str], clauses: Sequence[Clause], chunk_size: int = 512) -> list[Chunk]:
    """llama-index SentenceSplitter chunks; a chunk stands for the clauses whose opening it contains (the first
    words of the body, or the title of a clause without a body)."""
    from llama_index.core.node_parser import SentenceSplitter

    splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=64)
    chunks: list[Chunk] = []
    for doc_id, text in texts.items():
        for piece in splitter.split_text(text):
            squashed = _squash(piece)
            owned = frozenset(c.id for c in clauses if c.doc == doc_id and _opening(c) in squashed)
            chunks.append(Chunk(piece, owned))
    return chunks


def _opening(clause: Clause) -> str:
    return _squash(clause.text)[:20] if clause.text else _squash(clause.title)


def run_baseline(
    questions: Sequence[Question],
    chunks: Sequence[Chunk],
    embed_passages: Callable[[list[str]], np.ndarray],
    embed_query: Callable[[str], np.ndarray],
) -> Table:
    matrix = embed_passages([c.text for c in chunks])
    outcomes = []
    for question in questions:
        started = time.perf_counter()
        order = np.argsort(-(matrix @ embed_query(question.question)))
        seconds = time.perf_counter() - started
        outcome = Outcome(question, None, seconds)
        if question.answerable and question.gold_clauses:
            ranks = [
                i
                for i, idx in enumerate(order, start=1)
                if chunks[idx].clause_ids & set(question.gold_clauses)
            ]
            outcome.rank = ranks[0] if ranks else None
        outcomes.append(outcome)
    table = summarize(outcomes, "baseline (SentenceSplitter 512, same embedder)")
    for row in table.rows.values():  # the baseline has no answers: only retrieval and latency figures apply
        for key in ("set", "lead", "value", "abstain_P", "abstain_R", "correct"):
            row[key] = None
    return table


# --- output ---

COLUMNS = [
    "n",
    "R@1",
    "R@3",
    "MRR",
    "set",
    "lead",
    "value",
    "abstain_P",
    "abstain_R",
    "correct",
    "p50_ms",
    "p95_ms",
]


def format_table(table: Table) -> str:
    lines = [f"## {table.name}", " | ".join(["intent".ljust(16), *[c.rjust(9) for c in COLUMNS]])]
    for intent, row in table.rows.items():
        cells = []
        for column in COLUMNS:
            value = row.get(column)
            if value is None:
                cells.append("—".rjust(9))
            elif column == "n":
                cells.append(str(value).rjust(9))
            elif column.endswith("_ms"):
                cells.append(f"{value:.1f}".rjust(9))
            else:
                cells.append(f"{value:.3f}".rjust(9))
        lines.append(" | ".join([intent.ljust(16), *cells]))
    return "\n".join(lines)


def failures(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    """The questions a run got wrong, for reading."""
    wrong = []
    for o in outcomes:
        bad = (
            o.question.answerable
            and o.question.gold_clauses
            and o.rank != 1
            and o.question.intent != "department_tasks"
        ) or not o.correct
        if bad and o.answer is not None:
            wrong.append(
                {
                    "id": o.question.id,
                    "style": o.question.style,
                    "slot": o.question.slot,
                    "question": o.question.question,
                    "gold": list(o.question.gold_clauses),
                    "intent": o.answer.intent,
                    "abstained": o.answer.abstained,
                    "cited": [h.clause.id for h in o.answer.citations[:3]],
                    "lead": o.answer.lead,
                    "answer": o.answer.answer[:160],
                    "correct": o.correct,  # listed also when right but the gold clause is not cited first
                }
            )
    return wrong


__all__ = [
    "MODES",
    "Question",
    "Table",
    "format_table",
    "load_questions",
    "run_baseline",
    "run_mode",
    "summarize",
]


# --- one whole run, as `kb eval` prints it ---


@dataclass
class Report:
    tables: list[Table]
    failures: list[dict[str, Any]]
    questions: int
    styles: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    slots: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    refusal: dict[str, float | None] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    llm: dict[str, int] = field(default_factory=dict)  # with --llm: kb.evaluate.llm_figures

    def to_dict(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "tables": {t.name: t.rows for t in self.tables},
            "styles": self.styles,
            **({"slots": self.slots} if self.slots else {}),
            "refusal": self.refusal,
            "confusion": self.confusion,
            "failures": self.failures,
            **({"llm": self.llm} if self.llm else {}),
        }

    def format(self) -> str:
        parts = [format_table(t) for t in self.tables]
        if self.styles:
            parts.append(format_styles(self.styles, self.refusal))
        if self.slots:
            parts.append(format_styles(self.slots, self.refusal, key="slot").rsplit("\n", 1)[0])
        if self.confusion:
            parts.append(format_confusion(self.confusion))
        if self.llm:
            parts.append(format_llm(self.llm))
        return "\n\n".join(parts)


def llm_figures(outcomes: Sequence[Outcome]) -> dict[str, int]:
    """With the model on: answers it worded, answers left offline (errors, refusals, nothing passing the check),
    answers it was not asked for (abstentions), and the sentences the check dropped."""
    texts = [o.answer.llm for o in outcomes if o.answer is not None and o.answer.llm is not None]
    from kb.qa.write.llm import NOTE_SKIPPED

    return {
        "asked": len(texts),
        "worded": sum(1 for t in texts if t.text),
        "offline": sum(1 for t in texts if not t.text and t.note != NOTE_SKIPPED),
        "not_asked": sum(1 for t in texts if t.note == NOTE_SKIPPED),
        "dropped_sentences": sum(t.dropped for t in texts),
    }


def format_llm(figures: dict[str, int]) -> str:
    return (
        "## the model (first mode)\n"
        f"worded {figures['worded']} answers, left {figures['offline']} offline (errors, refusals, nothing "
        f"passing the check), not asked for {figures['not_asked']} (abstentions); "
        f"sentences dropped by the check: {figures['dropped_sentences']}"
    )


def evaluate(
    kb: Any, path: str | Path, modes: Sequence[Mode] = MODES, baseline: bool = True, llm: bool = False
) -> Report:
    """Ask every question in each retrieval mode (and the naive baseline), and tabulate; with `llm`, every
    answer is also worded by the configured model and the sentences its check drops are counted."""
    questions = load_questions(path)
    kb.engine()  # load models and the index before timing anything
    for question in questions[:3]:
        kb.ask(question.question)  # warm caches the way a running service has them
    tables: list[Table] = []
    wrong: list[dict[str, Any]] = []
    styles: dict[str, dict[str, float | int | None]] = {}
    slots: dict[str, dict[str, float | int | None]] = {}
    model: dict[str, int] = {}
    refusal: dict[str, float | None] = {}
    for mode in modes:
        outcomes = run_mode(lambda q, m: kb.ask(q, mode=m, llm=llm), questions, mode)
        tables.append(summarize(outcomes, f"{mode}" + (" + model" if llm else "")))
        if mode == modes[0]:
            wrong = failures(outcomes)
            styles, refusal = style_rows(outcomes), refusal_figures(outcomes)
            slots = style_rows(outcomes, key="slot")
            model = llm_figures(outcomes) if llm else {}
    if baseline:
        texts = document_texts(kb)
        if texts:
            embedder = kb.embedder()
            chunks = chunk_documents(texts, kb.clauses())
            tables.append(run_baseline(questions, chunks, embedder.embed_passages, embedder.embed_query))
    return Report(tables, wrong, len(questions), styles, slots, refusal, confusion(kb, questions), model)


def document_texts(kb: Any) -> dict[str, str]:
    """The normalized text of every indexed document whose source file is still there (for the baseline)."""
    from kb.load import load
    from kb.parse.normalize import normalize

    texts = {}
    for info in kb.docs():
        if Path(info.path).exists():
            texts[info.doc_id] = "\n".join(p.text for p in normalize(load(info.path)))
    return texts


def calibrate(kb: Any, path: str | Path) -> dict[str, Any]:
    """Choose the abstention thresholds that best separate answerable from unanswerable questions.

    Only questions whose answer depends on retrieved evidence take part (department duty lists and the working
    group are read from metadata). Objective: F1 of abstention, ties broken by answering more answerable ones.
    """

    engine = kb.engine()
    rows = []
    for question in load_questions(path):
        q = engine.understand(engine.normalize(question.question))
        if q.intent in ("department_tasks", "organization", "indicator"):
            continue
        scored = engine.retrieve(replace(q, docs=None), k=5)  # calibrated over every document, places named or not
        top = [h.clause for h in scored.hits[:3]]
        cov = engine.corpus.topic_coverage(engine.topic(q), top) if q.language == "zh" else None
        rows.append((question.answerable, q.language, cov, scored.dense_top))

    def f1(
        cov_t: float, dense_t: float, dense_en_t: float, only: str | None = None
    ) -> tuple[float, float, float, int]:
        tp = fp = fn = answered = 0
        for answerable, language, cov, dense in rows:
            if only is not None and language != only:
                continue
            if language == "en":
                confident = dense >= dense_en_t
            else:
                confident = (cov or 0.0) >= cov_t and dense >= dense_t
            abstain = not confident
            tp += abstain and not answerable
            fp += abstain and answerable
            fn += (not abstain) and not answerable
            answered += confident and answerable
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return score, precision, recall, answered

    grid_cov = [round(x * 0.05, 2) for x in range(0, 20)]
    grid_dense = [round(0.70 + x * 0.01, 2) for x in range(0, 21)]
    best_zh = max(
        ((c, d) for c in grid_cov for d in grid_dense), key=lambda t: f1(t[0], t[1], 2.0, "zh")[::3]
    )
    best_en = max(grid_dense, key=lambda d: f1(2.0, 2.0, d, "en")[::3])
    score, precision, recall, answered = f1(best_zh[0], best_zh[1], best_en)
    return {
        "coverage": best_zh[0],
        "dense": best_zh[1],
        "dense_en": best_en,
        "f1": round(score, 3),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "questions": len(rows),
        "answerable_answered": answered,
    }
