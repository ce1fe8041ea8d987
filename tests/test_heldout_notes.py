"""The held-out note sets, each scored against its gold note by note: every note read exactly right is asserted
exactly, and each one still wrong is listed below with the reason, as a strict expected failure — so the test fails
when a note regresses and tells (XPASS(strict) fails) when one is fixed and should move into the right list.

- heldout20 (tests/data/heldout20): ten real documents of families the parser had never seen, gold written by
  someone else by reading (format in tests/data/real/gold/FORMAT.md; its README says where each came from). First
  run (before issue 20's open grammar): 14/49; with it: 15/49; now: 48/49.
- heldout28 (tests/data/heldout28): twelve real documents of families and places the project had not held,
  collected by a reader who saw no code, their notes' gold written by another by reading. First sight (code
  c8e3e9d): 11/28 — a flattened table with a category column before 序号 (13 notes) and
  `部门分工：X牵头，各地、各部门配合。` lines (4) lost, silently. Now (a development set since): 28/28.
- heldout29 (tests/data/heldout29): twelve more real documents, collected and read the same way. First sight
  (code 16c8c59): 3/21 — label line pairs `牵头责任单位：X。` / `协同责任单位：Y…。` under each target, after a
  `牵头负责领导：<person>。` line (滁州, 安徽: 8 notes cut in two, `各县、市、区政府` split into three), and a flattened
  table of targets (`序号` / `2022年预期目标` / `责任单位`, one unit a row: 沙坪坝, 10 notes) lost. Now: 21/21.
- heldout31 (tests/data/heldout31): ten more real documents, collected and read the same way; eight hold no note
  at all (a leading group's roster, a joint conference's member list, cover notices, running text), which must
  yield none. First sight (code 8a008df): 3/5 — in 湖南's half-width notes opening with leaders' posts
  (`分管副省长、协管副秘书长负责，…`), the rule sentence `明确牵头部门的，其他有关部门配合，不逐一列出，下同` read as
  a unit list (`其他有关部门` for 省科技厅), and the posts counted as names that are no units, so the third note
  was not read and its clause took the second's seven units. Now: 5/5.

- heldout32a, heldout32b (tests/data/heldout32a, heldout32b): twenty more real documents, collected by two readers
  from two regions (国办 and the north and west; ministries and the east and south), gold by two others. First sight
  (code 2c7d1ca): 14/14 and 14/15 — the one miss a unit's bracketed second name (省发改委(省能源局)).

- heldout33a (tests/data/heldout33a): ten more real documents (ministries and the north and west), gold by another
  reader. First sight (code d3e5540): 18/30 — two tables written one cell per line not read: 工信部's indicator table
  (its unit column headed `牵头负责司局`, a pair of organisational words that was no label noun, and rows ending in an
  empty 备注 cell whose `|` row lost that cell), silently; 辽中's task table (section rows `一、…` between the rows,
  rows without their last cell), reported. Now: 30/30.
- heldout33b (tests/data/heldout33b): ten more (国务院 and the east and south). First sight (d3e5540): 6/10 — 木李镇's
  table without 序号 dropped silently, 崇川's progress table (`1-10月推进情况` headers) reported; those two documents'
  misses were read for the table forms, so these notes are no longer held out. Now: 10/10. (The questions of its set,
  eval/sealed33b.jsonl, stay held out: not read.)

- heldout34a, heldout34b (tests/data/heldout34a, heldout34b): twenty more real documents (国务院 and the east and
  south; ministries and the north and west), gold by two other readers. First sight (code 18280b5): 20/20 and 3/9 —
  山西's 2008 work division writes each lead in a heading over its items (`（二）省审计厅牵头的工作`) and only the
  co-units at the items (`协同单位：…`): the co-units were read as the notes, the first of them leading, and the
  headings' units lost (silently: the notes read whole). That document's misses were read to fix the form
  (kb/parse/heading_leads.py), so heldout34b's notes are no longer held out. Now: 20/20 and 9/9.

`python -m kb.evaluate_notes tests/data/heldoutNN --heldout --misses` prints the figures per document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kb.evaluate_notes import load_gold, score_document
from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.parse.notes import is_wellformed
from kb.settings import PROJECT_ROOT
from kb.types import ParsedDoc

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class HeldOut:
    """One set: its documents, their notes counted by reading (the README's count), and the notes still read wrong:
    (document, snippet) → why."""

    folder: str
    documents: int
    notes: int
    not_yet: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def gold(self) -> list[Path]:
        return sorted((DATA / self.folder / "gold").glob("*.json"))


SETS = (
    HeldOut("heldout20", 10, 49),
    HeldOut("heldout28", 12, 28),
    HeldOut("heldout29", 12, 21),
    HeldOut("heldout31", 10, 5),
    HeldOut("heldout32a", 10, 14),
    HeldOut("heldout33a", 10, 30),
    HeldOut("heldout33b", 10, 10),
    HeldOut("heldout34a", 10, 20),
    HeldOut("heldout34b", 10, 9),
    HeldOut(
        "heldout32b",
        10,
        15,
        {
            (
                "prov_zhejiang_daqi-wuran-fangzhi-fengong_2014",
                "加快调整能源结构",
            ): "a unit's bracketed second name (省发改委(省能源局)) is read as its first name alone; the gold keeps the "
            "bracket as one body's name (the gold reader's stated doubt: it may mean the energy bureau)",
        },
    ),
)


@cache
def parsed(folder: str, doc: str) -> ParsedDoc:
    registry = DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")
    return parse(load(DATA / folder / f"{doc}.txt"), registry)


def _notes() -> list[Any]:
    cases = []
    for held in SETS:
        for path in held.gold:
            gold = load_gold(path)
            for index, note in enumerate(gold["clauses"]):
                reason = held.not_yet.get((gold["doc"], note["snippet"]))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                case_id = f"{held.folder}-{gold['doc']}-{note['snippet']}"
                cases.append(pytest.param(held.folder, gold["doc"], index, id=case_id, marks=marks))
    return cases


@pytest.mark.parametrize("held", SETS, ids=lambda h: h.folder)
def test_the_documents_and_their_notes(held: HeldOut) -> None:
    assert len(held.gold) == held.documents
    assert sum(len(load_gold(p)["clauses"]) for p in held.gold) == held.notes
    every = {(load_gold(p)["doc"], n["snippet"]) for p in held.gold for n in load_gold(p)["clauses"]}
    assert set(held.not_yet) <= every  # each expected failure names a note of the gold


@pytest.mark.parametrize(("folder", "doc", "index"), _notes())
def test_note_read_exactly(folder: str, doc: str, index: int) -> None:
    gold = load_gold(DATA / folder / "gold" / f"{doc}.json")
    note = gold["clauses"][index]
    score = score_document({**gold, "clauses": [note]}, list(parsed(folder, doc).clauses))
    got = [(m.got_leads, m.got_units) for m in score.misses]
    assert got == [] and score.exact == 1, (note["snippet"], note["leads"], note["units"], got)


@pytest.mark.parametrize(
    ("folder", "gold_path"),
    [(held.folder, path) for held in SETS for path in held.gold],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_no_spurious_or_malformed_unit(folder: str, gold_path: Path) -> None:
    gold = load_gold(gold_path)
    clauses = list(parsed(folder, gold["doc"]).clauses)
    assert score_document(gold, clauses).spurious == []
    text = (DATA / folder / f"{gold['doc']}.txt").read_text(encoding="utf-8")
    for clause in clauses:
        for name in (*clause.departments, *clause.leads, *clause.departments_implied):
            assert is_wellformed(name), (clause.id, name)
        for name in clause.departments_raw:  # never invented: each unit is a name the document writes
            # (a table cell may wrap a name with a space: `节能与综合 利用司` writes 节能与综合利用司)
            assert "".join(name.split()) in "".join(text.split()), (clause.id, name)
        assert set(clause.leads) <= set(clause.departments)
