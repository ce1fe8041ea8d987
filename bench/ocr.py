"""OCR engines on a scan of the plan: seconds, peak memory, department clauses exactly right (of 31).

    .venv/bin/python bench/ocr.py [--engines rapidocr tesseract] [--pages 1-12] [--keep FILE.pdf]

Makes a 200-dpi grey scan of tests/data/plan-attachment3.pdf (every page turned 0.5–1° and speckled:
bench/scan.py), then ingests it as `kb ingest` does — in the parsing child of kb.isolate, under its limits —
once per engine, and compares the department clauses with the hand-written golden data
(tests/data/plan_golden.json): a clause is exactly right when it is found at its outline position with the
golden title, lead, departments (canonical) and departments as written; "at any position" counts those found
under their golden title wherever the outline put them (a misread heading number moves every later one).
Seconds are wall-clock; the CPU seconds (the child's user + system time) are the figure to compare on a machine
busy with other work.

The engines (kb.load.ocr): rapidocr is a dependency; tesseract needs Debian's tesseract-ocr and
tesseract-ocr-chi-sim and `pip install pytesseract` (or `pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scan import write_scan  # noqa: E402
from kb.isolate import parse_file  # noqa: E402
from kb.limits import Limits  # noqa: E402
from kb.parse.departments import DepartmentRegistry  # noqa: E402
from kb.types import Clause, ParsedDoc  # noqa: E402

PLAN = ROOT / "tests" / "data" / "plan-attachment3.pdf"
GOLDEN: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "plan_golden.json").read_text(encoding="utf-8")
)


def position(clause_id: str) -> str:
    return clause_id.rsplit(":", 1)[1]


def wrong_clauses(doc: ParsedDoc, golden: list[dict[str, Any]] | None = None) -> list[str]:
    """The golden department clauses the document does not hold exactly (position, title, lead, units), each
    with what was read instead."""
    found = {position(c.id): c for c in doc.clauses}
    wrong = []
    for expected in golden if golden is not None else GOLDEN["note_clauses"]:
        clause = found.get(position(expected["id"]))
        if clause is None or not exactly_right(clause, expected):
            got = (
                "missing"
                if clause is None
                else f"{clause.title} | {clause.lead} | {list(clause.departments)} | {list(clause.departments_raw)}"
            )
            wrong.append(f"{position(expected['id'])} {expected['title']}: read {got}")
    return wrong


def notes_right(doc: ParsedDoc) -> int:
    """Golden department clauses found anywhere under their title with the golden lead and units: what is left
    when a misread heading number moves the outline positions."""
    by_title: dict[str, list[Clause]] = {}
    for clause in doc.clauses:
        by_title.setdefault(clause.title, []).append(clause)
    return sum(
        any(exactly_right(c, expected) for c in by_title.get(expected["title"], []))
        for expected in GOLDEN["note_clauses"]
    )


def exactly_right(clause: Clause, expected: dict[str, Any]) -> bool:
    return (
        clause.title == expected["title"]
        and clause.lead == expected["lead"]
        and list(clause.departments) == expected["departments"]
        and list(clause.departments_raw) == expected["departments_raw"]
    )


def _progress(done: int, total: int) -> None:
    print(f"  page {done}/{total}", end="\r", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", nargs="+", default=["rapidocr", "tesseract"])
    parser.add_argument(
        "--pages", default=None, help="1-based range of the plan to scan, e.g. 1-2 (default: all)"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the scan here instead of a temporary file"
    )
    args = parser.parse_args()
    registry = DepartmentRegistry.from_yaml(ROOT / "corpus" / "departments.yaml")
    pages = None
    if args.pages:
        first, _, last = args.pages.partition("-")
        pages = list(range(int(first), int(last or first) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        scan = args.keep or Path(tmp) / "plan-attachment3.pdf"
        write_scan(PLAN, scan, pages)
        print(
            f"scan: {scan.stat().st_size / 1024:,.0f} KB, {len(pages) if pages else 12} pages at 200 dpi",
            flush=True,
        )
        for engine in args.engines:
            limits = replace(Limits(), ocr_engine=engine, timeout_s=600.0)
            started = time.monotonic()
            run = parse_file(scan, registry, limits, pages=_progress)
            seconds = time.monotonic() - started
            assert run.doc is not None
            wrong = wrong_clauses(run.doc)
            right = len(GOLDEN["note_clauses"]) - len(wrong)
            confidences = [c.ocr_confidence for c in run.doc.clauses if c.ocr_confidence is not None]
            print(
                f"{engine:>10}: {right}/{len(GOLDEN['note_clauses'])} department clauses exactly right "
                f"({notes_right(run.doc)}/{len(GOLDEN['note_clauses'])} at any position), "
                f"{seconds:.0f} s ({run.cpu_seconds:.0f} s of CPU), peak memory {run.peak_rss_mb:,.0f} MB, "
                f"{len(confidences)}/{len(run.doc.clauses)} clauses marked OCR "
                f"(lowest confidence {min(confidences, default=0):.2f})"
            )
            for line in wrong:
                print(f"            wrong: {line}", flush=True)


if __name__ == "__main__":
    main()
