"""Question-answering benchmark: start-up (open the index, load models) and per-question latency of `ask` over
the evaluation questions, repeated; peak RSS. Prints figures; never passes or fails on time.

    .venv/bin/python bench/ask.py [--index DIR] [--questions eval/questions.jsonl] [--rounds 3]

Without --index, the plan PDF is ingested into a temporary index first (not timed here: see bench/ingest.py).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.api import KnowledgeBase  # noqa: E402  (after the path set-up, for running from a checkout)
from kb.evaluate import load_questions  # noqa: E402
from kb.settings import load_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            index = Path(tmp) / "index"
            KnowledgeBase(load_settings(index=index)).ingest(
                [ROOT / "tests" / "data" / "plan-attachment3.pdf"]
            )
        questions = [q.question for q in load_questions(args.questions)]
        started = time.perf_counter()
        command = [sys.executable, "-m", "kb.cli", "ask", "--json", "--index", str(index), questions[0]]
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        print(
            f"{'one `kb ask` process (start, load, answer, exit)':<52}{time.perf_counter() - started:8.2f} s"
        )
        kb = KnowledgeBase(load_settings(index=index))
        kb.ask(questions[0])
        first_round: list[float] = []
        later: list[float] = []
        for round_number in range(args.rounds):
            for question in questions:
                t0 = time.perf_counter()
                kb.ask(question)
                (first_round if round_number == 0 else later).append((time.perf_counter() - t0) * 1000)
        for label, values in (
            ("first pass (query embeddings computed)", first_round),
            ("repeat passes (query embeddings cached)", later),
        ):
            if values:
                a = np.array(values)
                print(
                    f"{label:<52}n={len(a)}  p50 {np.percentile(a, 50):6.1f} ms  p95 {np.percentile(a, 95):6.1f} ms"
                    f"  p99 {np.percentile(a, 99):6.1f} ms  max {a.max():6.1f} ms"
                )
        total = sum(first_round) / 1000
        print(f"{'throughput, first pass':<52}{len(first_round) / total:8.1f} questions/s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak RSS':<52}{peak:8.0f} MB")


if __name__ == "__main__":
    main()
