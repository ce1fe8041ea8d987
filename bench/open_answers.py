"""From process start to the first answer possible, and the answers themselves: one fresh process opens an index
as `kb serve` does (`KnowledgeBase.warm()`), then optionally asks every question of a benchmark file and writes
the answers, so that two versions of the code can be compared word for word. Prints figures; never passes or fails.

    .venv/bin/python bench/open_answers.py INDEX QUESTIONS [--embedder use] [--answers FILE]

Prints: the imports' wall time from process start, warm's wall and CPU time (every thread's: the models load in a
thread beside the opening), start to ready, resident memory after warm and its peak; with `--answers`, the same
after asking every question (`question` and `unplaced` of each entry of QUESTIONS, as `bench/scale.py` keeps
them). The first run after a change to the code rebuilds the engine snapshot (keyed by the code): run twice.
"""

from __future__ import annotations

import os
import time

# /proc/<pid>/stat after the command name: the process's start, in clock ticks after boot
_FIELD_STARTTIME = 19


def _process_start() -> float:
    """When this process started (epoch seconds), from /proc: the interpreter's own start counts as opening."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat", encoding="ascii") as stat:
        since_boot = int(stat.read().rsplit(")", 1)[1].split()[_FIELD_STARTTIME]) / ticks
    with open("/proc/stat", encoding="ascii") as stat:
        boot = next(float(line.split()[1]) for line in stat if line.startswith("btime"))
    return boot + since_boot


STARTED = _process_start()

import argparse  # noqa: E402  (after the start is read: imports are part of opening)
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("questions", type=Path, help="a benchmark's questions (bench/scale.py --keep)")
    parser.add_argument("--embedder", default="use")
    parser.add_argument("--answers", type=Path, help="ask every question and write the answers here (JSON)")
    args = parser.parse_args()

    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    imported = time.time()
    kb = KnowledgeBase(load_settings(index=args.index, embedder=args.embedder))
    wall, cpu = time.time(), time.process_time()
    kb.warm()
    ready = time.time()
    print(
        f"imports {imported - STARTED:.2f} s; warm {ready - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU "
        f"(every thread); start to ready {ready - STARTED:.2f} s; RSS {_rss_mb():.0f} MB, peak {_peak_mb():.0f} MB",
        flush=True,
    )
    if args.answers is None:
        return
    answers = []
    for entry in json.loads(args.questions.read_text(encoding="utf-8")):
        for text in [entry["question"], *([entry["unplaced"]] if entry.get("unplaced") else [])]:
            answer = kb.ask(text)
            answers.append(
                {"q": text, "answer": answer.answer, "cited": [h.clause.id for h in answer.citations]}
            )
    args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"asked {len(answers)} in {time.time() - ready:.1f} s; RSS {_rss_mb():.0f} MB, peak {_peak_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
