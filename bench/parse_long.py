"""Parse time of one long paragraph: is it linear in the paragraph's length?

    .venv/bin/python bench/parse_long.py [--sizes 5000 20000 80000]

For each size, a document whose body is one paragraph of that many characters (text without punctuation that
names units and working groups over and over, the shape that made the working-group patterns backtrack), is
parsed whole (`kb.parse.parse`), and the working-group reader alone is run on one clause holding the whole
paragraph (`find_working_groups`, which is where 20,000 characters took 10–15 s). Prints seconds per size and
the ratio of each time to the previous size's: linear time gives about the ratio of the sizes (4), quadratic
its square (16). Exit 1 when a ratio exceeds 8 (a doubling of the exponent's worth, well above noise).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.parse import parse  # noqa: E402
from kb.parse.departments import DepartmentRegistry  # noqa: E402
from kb.parse.organization import find_working_groups  # noqa: E402
from kb.settings import Settings  # noqa: E402
from kb.types import Clause, Line, SourceDoc  # noqa: E402

FILLERS = {
    "units and groups": "推进产业发展加快建设重点项目县发改局负责协调工作领导小组",
    "group set up": "成立工作专班由县发改局牵头会同县财政局",
    "roster": "专项工作组成员名单组长",
    "digits": "2026",
}
MAX_RATIO = 8.0


def paragraph(filler: str, size: int) -> str:
    return (filler * (size // len(filler) + 1))[:size]


def timed(function: object, *args: object) -> float:
    started = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 80000])
    args = parser.parse_args()
    registry = DepartmentRegistry.from_settings(Settings())
    worst = 0.0
    print(f"{'filler':<18} {'stage':<15}" + "".join(f"{n:>10,}" for n in args.sizes) + "   ratios")
    for label, filler in FILLERS.items():
        parse_times, group_times = [], []
        for size in args.sizes:
            text = paragraph(filler, size)
            doc = SourceDoc(
                path="long.txt",
                doc_id="long",
                format="txt",
                lines=(Line(text="一、总体要求"), Line(text=text)),
                sha256="0",
            )
            parse_times.append(timed(parse, doc, registry))
            clause = Clause(doc="long", doc_title="long", number=(1,), path=(), title="", text=text)
            group_times.append(timed(find_working_groups, [clause], registry))
        for stage, times in (("parse", parse_times), ("working groups", group_times)):
            ratios = [b / max(a, 1e-3) for a, b in itertools.pairwise(times)]
            worst = max([worst, *ratios])
            print(
                f"{label:<18} {stage:<15}"
                + "".join(f"{t:>9.3f}s" for t in times)
                + "   "
                + " ".join(f"{r:.1f}×" for r in ratios)
            )
    print(
        f"worst ratio between sizes: {worst:.1f}× (sizes ×{args.sizes[1] / args.sizes[0]:g}; fail above {MAX_RATIO:g}×)"
    )
    return 1 if worst > MAX_RATIO else 0


if __name__ == "__main__":
    raise SystemExit(main())
