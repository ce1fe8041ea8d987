"""Formats: the plan in each form an office holds it, read and parsed in the isolated child as `kb ingest` does.

    .venv/bin/python bench/formats.py [--repeat 3]

For each form — the PDF, DOCX and TXT of tests/data, and the forms made from them by tests/plan_forms.py: a .doc
converted by LibreOffice, the same as .wps, an OFD, a saved portal page in UTF-8 and in GBK, the 任务分解表 as
an XLSX — prints how many of the plan's 31 department clauses are exactly right against
tests/data/plan_golden.json (lead, departments, departments as written; for the spreadsheet, matched by the
clause's own title at the start of its 具体任务 cell), the wall-clock time of loading and parsing in the child
(median of --repeat runs) and the child's peak resident memory (from the kernel, wait4; for .doc/.wps it
includes LibreOffice's, the larger of the two processes, as the kernel reports a child's waited-for children).
Exit 1 when a form gets fewer than 31.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.isolate import parse_file  # noqa: E402
from kb.limits import Limits  # noqa: E402
from kb.parse.departments import DepartmentRegistry  # noqa: E402
from kb.types import Clause, ParsedDoc  # noqa: E402
from tests.plan_forms import GOLDEN, soffice, task_rows, task_workbook, write_form  # noqa: E402

DATA = ROOT / "tests" / "data"
FORMS = ("pdf", "docx", "txt", "doc", "wps", "ofd", "html", "gbk.html", "xlsx")


def exactly_right(doc: ParsedDoc, form: str) -> int:
    """How many golden department clauses the document gives with the golden lead and departments."""
    if form == "xlsx":
        return _rows_right(doc)
    by_position = {c.id.rsplit(":", 1)[1]: c for c in doc.clauses}
    return sum(
        1 for golden in GOLDEN["note_clauses"] if _same(by_position.get(golden["id"].rsplit(":", 1)[1]), golden)
    )


def _rows_right(doc: ParsedDoc) -> int:
    rows = [c for c in doc.clauses if c.departments]
    right = 0
    for golden in GOLDEN["note_clauses"]:
        found = [c for c in rows if c.text.startswith(f"{golden['title']}。{golden['text_starts']}")]
        right += len(found) == 1 and _same(found[0], golden, title=False)
    return right


def _same(clause: Clause | None, golden: dict[str, Any], title: bool = True) -> bool:
    return (
        clause is not None
        and (not title or clause.title == golden["title"])
        and clause.lead == golden["lead"]
        and list(clause.departments) == golden["departments"]
        and list(clause.departments_raw) == golden["departments_raw"]
    )


def form_file(form: str, folder: Path) -> Path:
    if form in ("pdf", "docx", "txt"):
        return DATA / f"plan-attachment3.{form}"
    if form == "xlsx":
        return task_workbook(folder / "plan-attachment3.xlsx")
    return write_form(form, folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per form; the median time is printed")
    args = parser.parse_args()
    registry = DepartmentRegistry.from_yaml(ROOT / "corpus" / "departments.yaml")
    limits = Limits()
    short = False
    print(f"{'form':<10} {'right':>6} {'seconds':>8} {'peak MB':>8}  file")
    with tempfile.TemporaryDirectory(prefix="kb-bench-formats-") as work:
        folder = Path(work)
        parse_file(DATA / "plan-attachment3.txt", registry, limits)  # start the helper outside the timings
        for form in FORMS:
            if form in ("doc", "wps") and soffice() is None:
                print(f"{form:<10} skipped: LibreOffice (soffice) is not installed")
                continue
            path = form_file(form, folder)
            runs = [parse_file(path, registry, limits) for _ in range(args.repeat)]
            doc = runs[-1].doc
            assert doc is not None
            right = exactly_right(doc, form)
            short |= right < len(GOLDEN["note_clauses"])
            seconds = statistics.median(run.seconds for run in runs)
            peak = max(run.peak_rss_mb for run in runs)
            print(f"{form:<10} {right:>3}/{len(GOLDEN['note_clauses'])} {seconds:>8.2f} {peak:>8.0f}  {path.name}")
    assert len(task_rows()) == len(GOLDEN["note_clauses"])
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
