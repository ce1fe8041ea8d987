"""Learn the endings of unit names from the corpora, and write them as data (`kb/parse/unit_endings.txt`).

Where names come from (all written by people, none produced by the parser):
- the golden notes of the development documents (`tests/data/real/gold/*.json`: `units`, `leads`, `implied`),
- the plan's golden note clauses (`tests/data/plan_golden.json`),
- the unit registry (`corpus/departments.yaml`: names and aliases),
- the organs named in the OPC corpus (`../shared/corpus/opc`): its README's issuer column and the contact offices
  (`政策咨询：…`) its policy lists name.

An ending is the last one or two characters of a name (its own brackets left out): one character where at least
`--min` distinct names end with it, else the name's last two characters.

    PYTHONPATH=$PWD .venv/bin/python bench/learn_unit_endings.py [--write]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kb" / "parse" / "unit_endings.txt"
_BRACKETS = re.compile(r"[（(〔\[【][^（()）〔〕\[\]【】]*[）)〕\]】]")
HAND_MARK = "# Endings no name of the corpora above shows yet"
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,30}$")


def names() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "real" / "gold").glob("*.json")):
        for note in json.loads(path.read_text(encoding="utf-8"))["clauses"]:
            found += note["units"] + note.get("leads", []) + note.get("implied", [])
    plan = json.loads((ROOT / "tests" / "data" / "plan_golden.json").read_text(encoding="utf-8"))
    for note in plan["note_clauses"]:
        found += note["departments_raw"]
    registry = yaml.safe_load((ROOT / "corpus" / "departments.yaml").read_text(encoding="utf-8"))
    for entry in registry["departments"]:
        found += [entry["name"], *(entry.get("aliases") or [])]
    opc = ROOT.parent / "shared" / "corpus" / "opc"
    if opc.is_dir():
        for row in (opc / "README.md").read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in row.split("|")]
            if len(cells) > 4 and cells[1].startswith("`"):
                found += re.split(r"[、，]", cells[3])
        for path in sorted(opc.glob("*.txt")):
            found += re.findall(r"政策咨询[：:]\s*([^\s，,；;。]+)", path.read_text(encoding="utf-8"))
    bare = (_BRACKETS.sub("", re.sub(r"\s+", "", n)) for n in found)
    return [n for n in bare if _HAN.match(n)]


def learn(all_names: list[str], minimum: int) -> list[tuple[str, int]]:
    """One character where at least `minimum` distinct names end with it; for the other names their last two
    characters (`企业` rather than `业`, which would take in 产业 and 行业)."""
    unique = set(all_names)
    last = Counter(n[-1] for n in unique)
    kept = [(char, count) for char, count in last.most_common() if count >= minimum]
    single = {char for char, _ in kept}
    longer = Counter(n[-2:] for n in unique if len(n) > 2 and n[-1] not in single)
    return kept + longer.most_common()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=int, default=2, help="names a one-character ending needs")
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    all_names = names()
    kept = learn(all_names, args.min)
    lines = [f"{ending}\t{count}" for ending, count in kept]
    print(f"{len(set(all_names))} distinct names, {len(kept)} endings", file=sys.stderr)
    if args.write:
        header = (
            "# Endings of unit names, learned by bench/learn_unit_endings.py from the golden notes, the plan, the\n"
            "# unit registry and the organs the OPC corpus names; `ending<TAB>distinct names with it`. Regenerate\n"
            "# with `python bench/learn_unit_endings.py --write`; add an ending by hand only with the name it comes from.\n"
        )
        # the hand-added endings (with the name each stands for) are kept as they are
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        hand = old[old.index(HAND_MARK) :] if HAND_MARK in old else ""
        OUT.write_text(header + "\n".join(lines) + "\n" + hand, encoding="utf-8")
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
