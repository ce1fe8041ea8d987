"""A unit belongs to its place: 南充's 市财政局 and 泰安's are two bodies in every list, count, export and answer
(issue 20). Over a small index of real documents: the 平江 plan, 南充's and 泰安's OPC plans, and 苍南's draft (whose
县财政局 shares its name with the plan's). Expectations are read off the texts by hand:

- 南充 (`第一个逗号前为牵头单位`): 市财政局 leads 13. 加强融资服务保障 (`市科技局、市财政局、市经济合作外事局，市国资委`)
  and is a co-unit after the first comma in 6., 7., 9. and 10. — 1 led, 4 shared.
- 泰安 (no rule: the first listed leads): 市财政局 is listed first in 13. 强化基金扶持, later in 1. 布局建设OPC社区,
  3. 优化算力资源供给 and 11. 优化创业担保贷款服务 — 1 led, 3 shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.types import Clause
from kb.unit import NO_PLACE, Unit, placed, read_label
from tests.test_cli import PLAN_TXT, fake_embedder, run  # fake_embedder: autouse here too

REAL = Path(__file__).parent / "data" / "real"
__all__ = ["fake_embedder"]

NANCHONG = {f"city_nanchong_opc:{n}" for n in ("2.3.6", "2.3.7", "2.3.9", "2.4.10", "2.5.13")}
TAIAN = {f"city_taian_opc:{n}" for n in ("2.1.1", "2.2.3", "2.5.11", "2.5.13")}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("unit-places") / "index"


@pytest.fixture
def ingested(index: Path, fake_embedder: None) -> Path:
    if not index.exists():
        docs = [
            REAL / f"{name}.txt"
            for name in ("city_nanchong_opc", "city_taian_opc", "county_cangnan_opc_draft")
        ]
        result = run("ingest", "--index", index, PLAN_TXT, *docs)
        assert result.exit_code == 0, result.output
    return index


def ask(index: Path, question: str) -> dict:
    result = run("ask", "--json", "--index", index, question)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(clauses: list[dict]) -> set[str]:
    return {c["id"] for c in clauses}


# --- the value itself ---


def test_a_unit_is_its_name_and_its_place() -> None:
    assert Unit("市财政局", "南充市") != Unit("市财政局", "泰安市")
    assert Unit("市财政局", "南充市").label == "市财政局（南充市）"
    assert Unit("市财政局", "南充市").shown(several_places=False) == "市财政局"
    assert Unit("市财政局").label == "市财政局" and Unit("市财政局").where == NO_PLACE


def test_a_label_names_a_place_only_when_it_is_an_indexed_place() -> None:
    places = {"南充市", "太仓市"}
    assert read_label("市财政局（南充市）", places) == ("市财政局", "南充市")
    assert read_label("市委组织部（人才办）", places) == (
        "市委组织部（人才办）",
        None,
    )  # a name's own bracket
    assert read_label(" 市财政局 ", places) == ("市财政局", None)


def test_two_places_units_of_one_name_are_counted_apart() -> None:
    one = Clause(
        "a", "甲", (1,), ("1.",), "一", "……", leads=("市财政局",), departments=("市财政局", "市科技局")
    )
    two = Clause(
        "b", "乙", (1,), ("1.",), "一", "……", leads=("市科技局",), departments=("市科技局", "市财政局")
    )
    units = placed([one, two], {"a": "南充市", "b": "泰安市"})
    counts = {c.unit: (c.leads, c.shares) for c in units.counts()}
    assert counts[Unit("市财政局", "南充市")] == (1, 0) and counts[Unit("市财政局", "泰安市")] == (0, 1)
    assert units.places_of("市财政局") == ("南充市", "泰安市") and units.several
    assert units.clauses_of(Unit("市财政局", "泰安市")) == [two]
    same_place = placed([one, two], {"a": "南充市", "b": "南充市"})
    assert {c.unit: c.total for c in same_place.counts()}[Unit("市财政局", "南充市")] == 2


# --- the command line ---


def test_clauses_of_one_place_unit(ingested: Path) -> None:
    for place, expected in (("泰安市", TAIAN), ("南充市", NANCHONG)):
        result = run("clauses", "--json", "--index", ingested, "--department", "市财政局", "--place", place)
        assert result.exit_code == 0, result.output
        assert ids(json.loads(result.stdout)) == expected


def test_clauses_of_a_name_several_places_write_are_listed_per_place(ingested: Path) -> None:
    result = run("clauses", "--index", ingested, "--department", "市财政局")
    assert result.exit_code == 0, result.output
    sections = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert sections == [
        "== 市财政局（南充市）: 5 clauses, leads 1, shares 4",
        "== 市财政局（泰安市）: 4 clauses, leads 1, shares 3",
    ]
    listed = run("clauses", "--json", "--index", ingested, "--department", "市财政局")
    assert ids(json.loads(listed.stdout)) == NANCHONG | TAIAN  # the contract's array, unchanged
    assert "市财政局 is a unit of 2 places (南充市、泰安市)" in listed.stderr


def test_export_department_asks_for_the_place_then_writes_that_units_sheet(
    ingested: Path, tmp_path: Path
) -> None:
    result = run("export", "department", "--index", ingested, "市财政局", "-o", tmp_path / "x.md")
    assert result.exit_code == 1
    assert result.output == (
        "Error: '市财政局' is a unit of 2 places' documents (南充市、泰安市), each its own body: "
        "choose one with --place PLACE\n"
    )
    target = tmp_path / "taian.md"
    result = run("export", "department", "--index", ingested, "市财政局", "--place", "泰安市", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target}: 牵头任务 1 项，配合任务 3 项，涉及文件 1 份。\n"
    sheet = target.read_text(encoding="utf-8")
    assert sheet.startswith("# 市财政局（泰安市）职责清单")
    assert "强化基金扶持" in sheet and "加强融资服务保障" not in sheet  # 南充's 13. is not 泰安's
    label = run("export", "department", "--index", ingested, "市财政局（南充市）", "-o", tmp_path / "n.md")
    assert label.output.endswith(": 牵头任务 1 项，配合任务 4 项，涉及文件 1 份。\n"), label.output
    wrong = run("export", "department", "--index", ingested, "市财政局", "--place", "平江县")
    assert wrong.exit_code == 1
    assert (
        wrong.output
        == "Error: no document of '平江县' names '市财政局'; it is named by documents of 南充市、泰安市\n"
    )


def test_the_matrix_has_a_table_per_place(ingested: Path) -> None:
    result = run("export", "matrix", "--index", ingested)
    assert result.exit_code == 0, result.output
    text = result.output
    nanchong = text[text.index("## 南充市") : text.index("## 泰安市")]
    taian = text[text.index("## 泰安市") :].split("## ", 2)[1]
    assert "| 市财政局 | 1 / 4 | 1 / 4 |" in nanchong
    assert "| 市财政局 | 1 / 3 | 1 / 3 |" in taian
    assert "| 市财政局 |" not in text.split("## 南充市")[0]  # no table of all places' units together
    assert text.count("| 市财政局 |") == 2


# --- questions ---


def test_a_name_several_places_write_is_answered_per_place(ingested: Path) -> None:
    answer = ask(ingested, "市财政局负责哪些任务？")
    text = answer["answer"]
    assert "9 项" not in text  # never the two cities added together
    assert "【南充市】市财政局共涉及 5 项任务（牵头 1 项，配合 4 项）" in text
    assert "【泰安市】市财政局共涉及 4 项任务（牵头 1 项，配合 3 项）" in text
    cited = [c["id"] for c in answer["citations"]]
    assert set(cited[:5]) == NANCHONG and set(cited[5:]) == TAIAN  # each place's own clauses, together


@pytest.mark.parametrize("question", ["泰安市财政局负责哪些任务", "泰安的财政局负责哪些任务？"])
def test_a_question_naming_the_place_gets_that_places_unit(ingested: Path, question: str) -> None:
    answer = ask(ingested, question)
    assert ids(answer["citations"]) == TAIAN
    assert answer["answer"].startswith("市财政局共涉及 4 项任务（牵头 1 项，配合 3 项）")


def test_the_county_registrys_own_unit_is_answered_as_before(ingested: Path) -> None:
    # 县财政局 is the plan's (平江, whose registry this is) and 苍南's: the office's own is meant, 苍南 said beside
    answer = ask(ingested, "县财政局负责哪些任务？")
    assert {c["doc"] for c in answer["citations"]} == {"plan-attachment3"}
    assert "苍南县的文件中也有“县财政局”" in answer["answer"]


def test_a_filter_naming_a_place_unit_keeps_that_place(ingested: Path) -> None:
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    kb = KnowledgeBase(load_settings(index=ingested))
    answer = kb.ask("市财政局负责哪些任务？", department="市财政局（南充市）")
    assert {h.clause.id for h in answer.citations} == NANCHONG
    assert answer.scope == ("市财政局（南充市）",)


# --- the department view ---


def test_the_picker_and_the_overview_name_and_group_by_place(ingested: Path) -> None:
    from app import render
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    kb = KnowledgeBase(load_settings(index=ingested))
    clauses, places = kb.clauses(), kb.doc_places()
    labels = [label for label, _ in render.department_choices(clauses, places)]
    assert "市财政局（南充市）" in labels and "市财政局（泰安市）" in labels and "市财政局" not in labels
    order = [label.rsplit("（", 1)[1] for label in labels]
    assert order == sorted(order, key=order.index)  # each place's units together, one block per place
    counts = {c.department: c for c in render.department_counts(clauses, places)}
    assert (counts["市财政局（南充市）"].leads, counts["市财政局（南充市）"].shares) == (1, 4)
    assert (counts["市财政局（泰安市）"].leads, counts["市财政局（泰安市）"].shares) == (1, 3)
    overview = render.overview_markdown(list(counts.values()))
    assert "#### 南充市" in overview and "#### 泰安市" in overview
    both = kb.units_named("市财政局")
    choose = render.units_of_places_markdown(both, kb.placed())
    assert "- **市财政局（南充市）**：牵头 1 条 · 配合 4 条" in choose
    assert "- **市财政局（泰安市）**：牵头 1 条 · 配合 3 条" in choose


def test_the_department_view_shows_one_places_unit_or_asks_which(ingested: Path) -> None:
    from app.main import Handlers, private_cache_dir
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    kb = KnowledgeBase(load_settings(index=ingested))
    handlers = Handlers(kb, private_cache_dir(kb))
    sheet, shown = handlers.department("市财政局（泰安市）")
    assert sheet.startswith("## 市财政局（泰安市）")
    assert "共 **4** 条：牵头 **1** 条，配合 **3** 条" in sheet
    assert [Path(d).name for d in shown["value"]] == [
        f"市财政局（泰安市）职责清单.{s}" for s in ("xlsx", "pdf", "md")
    ]
    sheet, shown = handlers.department("市财政局")  # a name two places write: each place's unit, to choose
    assert "在 2 个地方的文件中都有" in sheet and shown["visible"] is False
    assert "- **市财政局（南充市）**：牵头 1 条 · 配合 4 条" in sheet
    sheet, _ = handlers.department("市园林局")
    assert sheet.startswith("**未找到**部门「市园林局」。") and sheet.count("、") <= 4  # five names at most


def test_the_matrix_workbook_has_a_sheet_per_place(ingested: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "m.xlsx"
    result = run("export", "matrix", "--index", ingested, "-o", target)
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert {"南充市", "泰安市", "平江县", "苍南县"} <= set(book.sheetnames)
    rows = {row[0]: row[1:] for row in book["泰安市"].iter_rows(min_row=2, values_only=True)}
    assert rows["市财政局"] == (1, 3, 1, 3)  # 泰安's one document: led, shared; then the totals
