"""Units the parser finds in documents that carry no responsibility notes (`../shared/corpus/opc`): every unit a
note yields there is a false positive. Prints per document the note units found, and the notes the parser reports
as not understood (where the running code reports them), then the totals.

    PYTHONPATH=$PWD .venv/bin/python bench/opc_units.py [FOLDER]     # default ../shared/corpus/opc
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.load import load  # noqa: E402  (after the path set-up, for running from a checkout)
from kb.parse import parse  # noqa: E402
from kb.parse.departments import DepartmentRegistry  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "opc")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args(argv)
    registry = DepartmentRegistry.from_yaml(ROOT / "corpus" / "departments.yaml")
    total_units = total_clauses = total_unread = 0
    for path in sorted(args.folder.glob("*.txt")):
        parsed = parse(load(path), registry)
        with_units = [c for c in parsed.clauses if c.departments]
        units = sorted({name for c in with_units for name in c.departments})
        unread = list(getattr(parsed, "unread_notes", ()))
        total_units += len(units)
        total_clauses += len(with_units)
        total_unread += len(unread)
        if args.quiet or not (units or unread):
            continue
        print(f"{path.name}: {len(with_units)} clauses with units, units {units}")
        for note in unread:
            print(f"  not understood: {note.clause_id}: {note.text} ({note.reason})")
    print(f"units found: {total_units} in {total_clauses} clauses; notes not understood: {total_unread}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
