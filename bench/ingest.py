"""Ingest benchmark: time to index the plan PDF (embedding included) cold and warm (unchanged), index size
on disk, clauses per second and peak RSS. Prints figures; never passes or fails on time.

    .venv/bin/python bench/ingest.py [--file tests/data/plan-attachment3.pdf] [--embedder e5]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.api import KnowledgeBase  # noqa: E402  (after the path set-up, for running from a checkout)
from kb.settings import Settings  # noqa: E402


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - start
    print(f"{label:<34}{seconds:8.2f} s")
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ROOT / "tests" / "data" / "plan-attachment3.pdf")
    parser.add_argument("--embedder", default="e5")
    args = parser.parse_args()
    print(
        f"file: {args.file}  embedder: {args.embedder}  cores: {os.cpu_count()}  load: {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "index"
        kb = KnowledgeBase(Settings(index=index, embedder=args.embedder))
        timed("load embedder + registry", lambda: (kb.embedder(), kb.registry()))
        [cold], cold_seconds = timed("ingest, empty index (cold)", lambda: kb.ingest([args.file]))
        [warm], _ = timed("ingest again (unchanged)", lambda: kb.ingest([args.file]))
        [forced], forced_seconds = timed(
            "ingest again with --force", lambda: kb.ingest([args.file], force=True)
        )
        assert (cold.status, warm.status, forced.status) == ("ingested", "unchanged", "ingested"), cold.line()
        print(f"{'clauses':<34}{cold.clauses:8d}")
        print(f"{'clauses per second (cold)':<34}{cold.clauses / cold_seconds:8.1f}")
        print(f"{'clauses per second (forced)':<34}{forced.clauses / forced_seconds:8.1f}")
        print(f"{'index size on disk':<34}{folder_size(index) / 1e6:8.2f} MB")
        print(f"{'  of which lexical':<34}{folder_size(index / 'lexical') / 1e3:8.1f} kB")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(f"{'peak RSS':<34}{peak_kb / 1024:8.1f} MB")


if __name__ == "__main__":
    main()
