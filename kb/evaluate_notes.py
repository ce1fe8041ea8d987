"""How well ingestion reads responsibility notes, measured against golden data written by reading.

Each golden file (`tests/data/real/gold/<doc>.json`, format in `FORMAT.md` beside it) lists every note of one
document: a snippet of the text it covers, its units as written, its leads and the units a rule adds. A note is
*exactly right* when the clause holding its snippet has the same set of units (written and implied, each mapped
through the document's `same_body`) and the same leads in the same order. Clauses that carry units but hold no
golden snippet are counted as spurious.

    python -m kb.evaluate_notes tests/data/real            # development documents
    python -m kb.evaluate_notes tests/data/real --heldout  # the held-out ones
    python -m kb.evaluate_notes --plan                     # the plan against tests/data/plan_golden.json

Beside the scores, each document's notes reported as not understood (`unread`, kb.types.UnreadNote).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.types import Clause, ParsedDoc

_SPACE = re.compile(r"\s+")


@dataclass
class NoteMiss:
    """One golden note the parser did not read exactly right."""

    snippet: str
    expected_units: list[str]
    expected_leads: list[str]
    got_units: list[str] | None  # None: no clause holds the snippet
    got_leads: list[str] | None
    clause_id: str | None


@dataclass
class DocScore:
    doc: str
    heldout: bool
    notes: int  # golden notes (department-bearing clauses by reading)
    exact: int  # lead(s) and set of units exactly right
    units_right: int
    leads_right: int
    written_right: int  # departments_raw equals the units as written
    spurious: list[str] = field(default_factory=list)  # clause ids with units but no golden note
    misses: list[NoteMiss] = field(default_factory=list)
    unread: int = 0  # notes the parser reports as not understood

    def as_row(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "heldout": self.heldout,
            "notes": self.notes,
            "exact": self.exact,
            "units": self.units_right,
            "leads": self.leads_right,
            "written": self.written_right,
            "spurious": len(self.spurious),
            "unread": self.unread,
        }


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def load_gold(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def score_document(gold: dict[str, Any], clauses: list[Clause]) -> DocScore:
    """Compare one document's clauses with its golden notes."""
    same = gold.get("same_body") or {}

    def canon(names: list[str]) -> list[str]:
        # a space inside a name is where a table cell wrapped the line (`节能与综合 利用司`): it is no part of it
        return list(dict.fromkeys(_squash(same.get(n, n)) for n in names))

    texts = [(_squash(c.text), c) for c in clauses]
    # An item stated in its heading line (`(一)地区生产总值增长7%以上` over `责任单位:区发改局`) keeps that line
    # as its label, not in its text: a snippet no text holds is looked for in the labels.
    labels = [(_squash(c.path[-1] if c.path else c.title), c) for c in clauses]
    score = DocScore(gold["doc"], bool(gold.get("heldout")), len(gold["clauses"]), 0, 0, 0, 0)
    matched: set[str] = set()
    for note in gold["clauses"]:
        snippet = _squash(note["snippet"])
        holder = next((c for text, c in texts if snippet in text), None) or next(
            (c for label, c in labels if snippet in label), None
        )
        units = canon(note["units"] + note.get("implied", []))
        leads = canon(note["leads"])
        if holder is None:
            score.misses.append(NoteMiss(note["snippet"], units, leads, None, None, None))
            continue
        matched.add(holder.id)
        units_ok = {_squash(n) for n in holder.departments} == set(units)
        leads_ok = [_squash(n) for n in holder.leads] == leads
        score.units_right += units_ok
        score.leads_right += leads_ok
        score.written_right += [_squash(n) for n in holder.departments_raw] == [_squash(n) for n in note["units"]]
        if units_ok and leads_ok:
            score.exact += 1
        else:
            score.misses.append(
                NoteMiss(
                    note["snippet"], units, leads, list(holder.departments), list(holder.leads), holder.id
                )
            )
    score.spurious = [c.id for c in clauses if c.departments and c.id not in matched]
    return score


def parse_file(path: Path) -> list[Clause]:
    """The clauses ingestion would index for one file (no store, no embedding)."""
    return list(parse_doc(path).clauses)


def parse_doc(path: Path) -> ParsedDoc:
    """What ingestion would keep of one file (no store, no embedding)."""
    from kb.load import load
    from kb.parse import parse
    from kb.parse.departments import DepartmentRegistry

    registry = DepartmentRegistry.from_yaml(Path(__file__).parent.parent / "corpus" / "departments.yaml")
    return parse(load(path), registry)


def score_plan(root: Path) -> DocScore:
    """The plan (tests/data/plan-attachment3.txt) against its golden note clauses, matched by clause id."""
    golden = json.loads((root / "plan_golden.json").read_text(encoding="utf-8"))
    doc = parse_doc(root / "plan-attachment3.txt")
    by_id = {c.id: c for c in doc.clauses}
    score = DocScore(
        "plan-attachment3", False, len(golden["note_clauses"]), 0, 0, 0, 0, unread=len(doc.unread_notes)
    )
    for note in golden["note_clauses"]:
        clause = by_id.get(note["id"])
        units = list(clause.departments) if clause else None
        leads = list(clause.leads[:1]) if clause else None
        units_ok = units is not None and set(units) == set(note["departments"])
        leads_ok = leads == [note["lead"]]
        score.units_right += units_ok
        score.leads_right += leads_ok
        score.written_right += clause is not None and list(clause.departments_raw) == note["departments_raw"]
        score.exact += units_ok and leads_ok
        if not (units_ok and leads_ok):
            score.misses.append(
                NoteMiss(note["id"], note["departments"], [note["lead"]], units, leads, note["id"])
            )
    golden_ids = {n["id"] for n in golden["note_clauses"]}
    score.spurious = [c.id for c in doc.clauses if c.departments and c.id not in golden_ids]
    return score


def score_folder(folder: Path, heldout: bool) -> list[DocScore]:
    scores = []
    for gold_path in sorted((folder / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        if bool(gold.get("heldout")) != heldout:
            continue
        doc = parse_doc(folder / f"{gold['doc']}.txt")
        score = score_document(gold, list(doc.clauses))
        score.unread = len(doc.unread_notes)
        scores.append(score)
    return scores


def _print_table(scores: list[DocScore], show_misses: bool) -> None:
    widths = (6, 7, 7, 7, 8, 9, 7)
    header = f"{'document':<38}{'notes':>6}{'exact':>7}{'units':>7}{'leads':>7}{'written':>8}{'spurious':>9}{'unread':>7}"
    print(header)
    totals = [0, 0, 0, 0, 0, 0, 0]
    for s in scores:
        row = [s.notes, s.exact, s.units_right, s.leads_right, s.written_right, len(s.spurious), s.unread]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{s.doc:<38}" + "".join(f"{v:>{w}}" for v, w in zip(row, widths, strict=True)))
    share = totals[1] / totals[0] if totals[0] else 0.0
    print(f"{'all':<38}" + "".join(f"{v:>{w}}" for v, w in zip(totals, widths, strict=True)))
    print(f"exactly right: {totals[1]}/{totals[0]} = {share:.3f}")
    if show_misses:
        for s in scores:
            for miss in s.misses:
                print(f"\n[{s.doc}] {miss.snippet} ({miss.clause_id})")
                print(f"  expected {miss.expected_leads} {miss.expected_units}")
                print(f"  got      {miss.got_leads} {miss.got_units}")
            if s.spurious:
                print(f"\n[{s.doc}] spurious: {s.spurious}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", help="folder with the documents and gold/")
    parser.add_argument(
        "--plan", action="store_true", help="score the plan against tests/data/plan_golden.json"
    )
    parser.add_argument("--heldout", action="store_true", help="score the held-out documents instead")
    parser.add_argument("--misses", action="store_true", help="list every note not read exactly right")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.plan:
        scores = [score_plan(Path(__file__).parent.parent / "tests" / "data")]
    elif args.folder is None:
        parser.error("give a folder with the documents and gold/, or --plan")
    else:
        scores = score_folder(args.folder, args.heldout)
    if args.json:
        print(json.dumps([s.as_row() for s in scores], ensure_ascii=False))
    else:
        _print_table(scores, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
