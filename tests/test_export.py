"""Tests of kb.export: the task table, the duty sheet and the responsibility matrix, read back from the files
they produce (openpyxl for xlsx, csv, pypdf for PDF). Expected values come from reading the plan by hand and
from tests/data/plan_golden.json (also written by hand), never from the exporter's own output."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from dataclasses import replace
from pathlib import Path

import openpyxl
import pypdf
import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.errors import ExportError, UnknownDepartment
from kb.export import (
    TASK_HEADERS,
    department_sheet,
    department_sheet_bytes,
    matrix,
    matrix_bytes,
    matrix_heatmap_png,
    resolve_department,
    resolve_in_registry,
    tasks_bytes,
    tasks_table,
    write_department_sheet,
    write_matrix,
    write_tasks,
)
from kb.export.matrix import cjk_font
from kb.load import load
from kb.parse import DepartmentRegistry, parse
from kb.types import Clause, Deadline, Indicator

DATA = Path(__file__).parent / "data"
TITLE = "培育好强科创兴产业的动能实施方案"
COL = {name: index for index, name in enumerate(TASK_HEADERS)}


# --- a few clauses of the plan, typed in by hand (plus one of a second, made-up document) ---

MAIN_TARGETS = Clause(
    doc="plan-attachment3",
    doc_title=TITLE,
    number=(1, 1),
    path=("一、培育好强科创动能", "（一）主要指标"),
    title="主要指标",
    text="力争全社会研发经费投入增长 8.5%以上，引进高层次人才 3 名以上……",
    page=1,
    indicators=(Indicator("全社会研发经费投入增长", 8.5, "%", "以上", "全社会研发经费投入增长 8.5%以上"),),
)
NEW_MATERIALS = Clause(
    doc="plan-attachment3",
    doc_title=TITLE,
    number=(1, 2, 2, 2),
    path=("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎", "（2）新材料产业"),
    title="新材料产业",
    text="重点突破高性能合成云母、超薄云母制品在新能源、半导体、航空航天等高端领域应用技术。"
    "（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
    page=3,
    lead="平江高新区",
    departments=("平江高新区", "县发改局", "县科工信局", "县科协"),
    departments_raw=("平江高新区", "县发改局", "县科工信局", "县科协"),
)
RD_SPENDING = Clause(
    doc="plan-attachment3",
    doc_title=TITLE,
    number=(1, 2, 3, 2),
    path=("一、培育好强科创动能", "（二）重点任务", "3. 激发企业创新活力", "(2) 强化企业研发投入"),
    title="强化企业研发投入",
    text="深入实施企业研发投入提升行动，落实研发费用加计扣除等普惠政策。鼓励企业通过资本市场融资投入研发，"
    "推动规上工业企业研发机构覆盖率超过50%，重点企业研发中心全覆盖。"
    "（县科工信局、平江高新区、县税务局、县财政局、县发改局等按职责分工负责）",
    page=5,
    lead="县科工信局",
    departments=("县科工信局", "平江高新区", "县税务局", "县财政局", "县发改局"),
    departments_raw=("县科工信局", "平江高新区", "县税务局", "县财政局", "县发改局"),
    indicators=(
        Indicator("规上工业企业研发机构覆盖率", 50, "%", "超过", "规上工业企业研发机构覆盖率超过50%"),
    ),
)
CLUSTERS = Clause(
    doc="plan-attachment3",
    doc_title=TITLE,
    number=(2, 2, 1, 3),
    path=("二、培育好兴产业动能", "（二）重点任务", "1. 以强链壮群增强产业支撑力", "（3）壮大产业集群"),
    title="壮大产业集群",
    text="力争到2027年，争创省级先进制造业集群1个。（县科工信局、平江高新区、县发改局按职责分工负责）",
    page=9,
    lead="县科工信局",
    departments=("县科工信局", "平江高新区", "县发改局"),
    departments_raw=("县科工信局", "平江高新区", "县发改局"),
    deadlines=(Deadline(2027, "到2027年"),),
)
OTHER_DOC = Clause(  # a second document, so the sheet and the matrix have more than one column to fill
    doc="forest-plan",
    doc_title="林业发展实施方案",
    number=(1, 1),
    path=("一、林业发展", "（一）油茶"),
    title="油茶",
    text="扩大油茶种植面积。（县林业局、县科工信局按职责分工负责）",
    page=2,
    lead="县林业局",
    departments=("县林业局", "县科工信局"),
    departments_raw=("县林业局", "县科工信局"),
)
HAND_MADE = [MAIN_TARGETS, NEW_MATERIALS, RD_SPENDING, CLUSTERS, OTHER_DOC]


def xlsx_rows(data: bytes) -> tuple[openpyxl.Workbook, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook, [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def pdf_text(data: bytes) -> str:
    """All text of a PDF with line breaks and spaces removed (table cells wrap anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


# --- task table ---


def test_task_table_has_one_row_per_clause_with_departments() -> None:
    rows = tasks_table(HAND_MADE)
    assert [r.clause_id for r in rows] == [
        "plan-attachment3:1.2.2.2",
        "plan-attachment3:1.2.3.2",
        "plan-attachment3:2.2.1.3",
        "forest-plan:1.1",
    ]
    assert [r.number for r in rows] == [1, 2, 3, 4]


def test_task_row_cells_show_departments_targets_deadline_and_source() -> None:
    rd, clusters = tasks_table([RD_SPENDING, CLUSTERS])
    cells = rd.cells()
    assert (
        cells[COL["层级"]]
        == "一、培育好强科创动能 / （二）重点任务 / 3. 激发企业创新活力 / (2) 强化企业研发投入"
    )
    assert cells[COL["任务"]] == "强化企业研发投入"
    assert cells[COL["牵头单位"]] == "县科工信局"
    assert cells[COL["配合单位"]] == "平江高新区、县税务局、县财政局、县发改局"
    assert cells[COL["目标指标"]] == "规上工业企业研发机构覆盖率 超过50%"
    assert cells[COL["来源文件"]] == TITLE
    assert cells[COL["页码"]] == 5
    assert clusters.cells()[COL["完成时限"]] == "到2027年"


def test_tasks_xlsx_is_formatted_for_printing(tmp_path: Path) -> None:
    path = write_tasks(HAND_MADE, tmp_path / "tasks.xlsx")
    workbook, rows = xlsx_rows(path.read_bytes())
    sheet = workbook.worksheets[0]
    assert rows[0] == list(TASK_HEADERS)
    assert [r[COL["条款编号"]] for r in rows[1:]] == [r.clause_id for r in tasks_table(HAND_MADE)]
    assert rows[1][COL["内容"]] == NEW_MATERIALS.text
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4 in the OOXML paper-size table
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.cell(row=2, column=COL["内容"] + 1).alignment.wrap_text
    content_width = sheet.column_dimensions["E"].width
    assert content_width > sheet.column_dimensions["A"].width
    assert content_width > 13  # openpyxl's default: the width was set, not left alone


def test_tasks_csv_reads_back_in_excel_encoding(tmp_path: Path) -> None:
    path = write_tasks(HAND_MADE, tmp_path / "tasks.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == list(TASK_HEADERS)
    assert len(rows) == 5
    assert rows[1][COL["牵头单位"]] == "平江高新区"
    assert rows[1][COL["配合单位"]] == "县发改局、县科工信局、县科协"


def test_tasks_markdown_keeps_a_pipe_inside_its_cell() -> None:
    piped = replace(NEW_MATERIALS, title="云母|石膏")
    text = tasks_bytes([piped], "md").decode("utf-8")
    row = next(line for line in text.splitlines() if "plan-attachment3:1.2.2.2" in line)
    assert "云母\\|石膏" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == len(TASK_HEADERS) + 1


def test_tasks_format_errors_name_the_file_and_the_choices(tmp_path: Path) -> None:
    with pytest.raises(
        ExportError, match=r"tasks\.pdf: cannot export the task table as 'pdf': choose one of xlsx, csv, md"
    ):
        write_tasks(HAND_MADE, tmp_path / "tasks.pdf")
    with pytest.raises(ExportError, match=r"tasks: cannot tell the task table format from the file name"):
        write_tasks(HAND_MADE, tmp_path / "tasks")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ExportError, match=r"file/tasks\.csv: cannot write the file"):
        write_tasks(HAND_MADE, blocker / "tasks.csv")


# --- department duty sheet ---


def test_duty_sheet_splits_led_and_shared_clauses_across_documents() -> None:
    sheet = department_sheet(HAND_MADE, "县科工信局")
    assert [r.clause_id for r in sheet.led] == ["plan-attachment3:1.2.3.2", "plan-attachment3:2.2.1.3"]
    assert [r.clause_id for r in sheet.shared] == ["plan-attachment3:1.2.2.2", "forest-plan:1.1"]
    assert sheet.summary == "牵头任务 2 项，配合任务 2 项，涉及文件 2 份。"


def test_duty_sheet_xlsx_has_a_led_and_a_shared_sheet(tmp_path: Path) -> None:
    path = write_department_sheet(
        HAND_MADE, "县林业局", tmp_path / "forestry.xlsx", english_name="County Forestry Bureau"
    )
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["牵头任务", "配合任务"]
    led = [list(r) for r in workbook["牵头任务"].iter_rows(values_only=True)]
    assert "县林业局（County Forestry Bureau）职责清单" in led[0][0]
    assert led[1] == list(TASK_HEADERS)
    assert [r[COL["条款编号"]] for r in led[2:]] == ["forest-plan:1.1"]
    shared = list(workbook["配合任务"].iter_rows(values_only=True))
    assert len(shared) == 2  # heading and header only: the forestry bureau shares no clause here
    assert workbook["牵头任务"].freeze_panes == "A3"


def test_duty_sheet_pdf_reads_back_with_its_chinese_text(tmp_path: Path) -> None:
    path = write_department_sheet(
        HAND_MADE, "县科工信局", tmp_path / "duty.pdf", english_name="Science Bureau"
    )
    text = pdf_text(path.read_bytes())
    assert "县科工信局（ScienceBureau）职责清单" in text
    assert "牵头任务2项，配合任务2项" in text
    for title in ("强化企业研发投入", "壮大产业集群", "新材料产业", "油茶"):
        assert title in text
    assert "到2027年" in text
    assert "规上工业企业研发机构覆盖率超过50%" in text
    led, _, shared = text.partition("配合任务（2项）")
    assert "强化企业研发投入" in led and "新材料产业" in shared


def test_duty_sheet_pdf_carries_a_clause_longer_than_a_page() -> None:
    # A table row taller than a page cannot be laid out: the content must continue in further rows.
    sentences = [f"第{i}句。" for i in range(900)]
    long_clause = replace(NEW_MATERIALS, text="".join(sentences))
    text = pdf_text(department_sheet_bytes([long_clause], "平江高新区", "pdf"))
    assert all(sentence in text for sentence in sentences)
    assert "新材料产业（续）" in text


def test_duty_sheet_markdown_lists_nothing_under_an_empty_role() -> None:
    text = department_sheet_bytes(HAND_MADE, "县科协", "md").decode("utf-8")
    assert "## 牵头任务（0 项）\n\n无。" in text
    assert "## 配合任务（1 项）" in text and "plan-attachment3:1.2.2.2" in text


def test_unknown_department_names_it_and_lists_close_matches() -> None:
    import yaml

    entries = yaml.safe_load((DATA.parent.parent / "corpus" / "departments.yaml").read_text("utf-8"))[
        "departments"
    ]
    spellings = {e["name"]: e["name"] for e in entries} | {
        a: e["name"] for e in entries for a in e["aliases"]
    }
    assert resolve_department("县科技和工业信息化局", spellings.get, spellings) == "县科工信局"
    with pytest.raises(UnknownDepartment, match=r"unknown department '县科技局': did you mean .*县科工信局"):
        resolve_department("县科技局", spellings.get, spellings)
    with pytest.raises(UnknownDepartment) as caught:
        resolve_department("林业", spellings.get, spellings)
    assert caught.value.close[0] == "县林业局"
    with pytest.raises(UnknownDepartment, match=r"'宇宙管理局': see corpus/departments.yaml"):
        resolve_department("宇宙管理局", spellings.get, spellings)


# --- matrix ---


def test_matrix_counts_lead_and_shared_per_document() -> None:
    m = matrix(HAND_MADE)
    assert m.docs == ("plan-attachment3", "forest-plan")
    assert m.cell("县科工信局", "plan-attachment3") == (2, 1)
    assert m.cell("县科工信局", "forest-plan") == (0, 1)
    assert m.cell("县林业局", "forest-plan") == (1, 0)
    assert m.cell("县林业局", "plan-attachment3") == (0, 0)
    assert m.totals("平江高新区") == (1, 2)
    assert m.departments[0] == "县科工信局"  # named in 4 of the 4 clauses: the busiest


def test_matrix_tables_read_back(tmp_path: Path) -> None:
    m = matrix(HAND_MADE)
    rows = list(csv.reader(io.StringIO(matrix_bytes(m, "csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["部门", f"{TITLE} 牵头", f"{TITLE} 配合"]
    forestry = next(r for r in rows if r[0] == "县林业局")
    assert forestry[1:] == ["0", "0", "1", "0", "1", "0"]
    _, xlsx = xlsx_rows(write_matrix(m, tmp_path / "m.xlsx").read_bytes())
    assert next(r for r in xlsx if r[0] == "县科工信局")[1:] == [2, 1, 0, 1, 2, 2]
    md = matrix_bytes(m, "md").decode("utf-8")
    assert "| 县科工信局 | 2 / 1 | 0 / 1 | 2 / 2 |" in md


def test_heatmap_is_a_png_with_chinese_glyphs() -> None:
    if cjk_font() is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    with warnings.catch_warnings():
        # matplotlib warns "Glyph … missing from font" when a label falls back to a font without Chinese.
        warnings.simplefilter("error")
        png = matrix_heatmap_png(matrix(HAND_MADE))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 300 and height > 200


def test_heatmap_without_a_cjk_font_warns_and_still_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    cjk_font.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:  # also swallows the expected missing-glyph ones
            warnings.simplefilter("always")
            png = matrix_heatmap_png(matrix(HAND_MADE))
    finally:
        cjk_font.cache_clear()
    assert any("no font with Chinese glyphs found" in str(w.message) for w in caught)
    assert png.startswith(b"\x89PNG")


def test_matrix_of_no_clauses_is_empty_and_still_renders() -> None:
    m = matrix([])
    assert m.departments == () and m.docs == ()
    assert matrix_heatmap_png(m).startswith(b"\x89PNG")


# --- the whole plan, parsed from its published PDF, against the hand-written golden data ---


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads((DATA / "plan_golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(DATA.parent.parent / "corpus" / "departments.yaml")


@pytest.fixture(scope="module")
def plan(registry: DepartmentRegistry) -> list[Clause]:
    return list(parse(load(DATA / "plan-attachment3.pdf"), registry).clauses)


def golden_counts(golden: dict) -> dict[str, list[int]]:
    """[lead, shared] per department, counted from the golden notes."""
    counts: dict[str, list[int]] = {}
    for note in golden["note_clauses"]:
        for name in note["departments"]:
            counts.setdefault(name, [0, 0])[0 if name == note["lead"] else 1] += 1
    return counts


def test_plan_tasks_xlsx_has_the_31_golden_rows(plan: list[Clause], golden: dict) -> None:
    _, rows = xlsx_rows(tasks_bytes(plan, "xlsx"))
    body = rows[1:]
    notes = golden["note_clauses"]
    assert len(body) == len(notes) == 31
    assert [r[COL["序号"]] for r in body] == list(range(1, 32))
    for row, note in zip(body, notes, strict=True):
        assert row[COL["条款编号"]] == note["id"]
        assert row[COL["任务"]] == note["title"]
        assert row[COL["牵头单位"]] == note["lead"]
        assert row[COL["配合单位"]] == "、".join(d for d in note["departments"] if d != note["lead"])
        deadlines = golden["deadlines"].get(note["id"], [])
        assert (row[COL["完成时限"]] or "") == "；".join(d["text"] for d in deadlines)
        assert row[COL["来源文件"]] == golden["title"]


def test_plan_tasks_show_the_page_each_clause_starts_on(plan: list[Clause]) -> None:
    # Pages read off the PDF by hand: where each clause's number stands.
    pages = {r.clause_id: r.page for r in tasks_table(plan)}
    assert pages["plan-attachment3:1.2.1.1"] == 1
    assert pages["plan-attachment3:1.2.2.2"] == 3
    assert pages["plan-attachment3:1.2.3.2"] == 5
    assert pages["plan-attachment3:1.2.5.3"] == 6
    assert pages["plan-attachment3:2.2.3.3"] == 11


def test_plan_tasks_csv_and_markdown_hold_the_same_31_clauses(plan: list[Clause], golden: dict) -> None:
    ids = [note["id"] for note in golden["note_clauses"]]
    rows = list(csv.reader(io.StringIO(tasks_bytes(plan, "csv").decode("utf-8-sig"))))
    assert [r[COL["条款编号"]] for r in rows[1:]] == ids
    markdown = tasks_bytes(plan, "md").decode("utf-8")
    assert re.findall(r"^\| \d+ \| (plan-attachment3:[\d.]+) \|", markdown, flags=re.M) == ids


def test_plan_duty_sheet_pdf_lists_what_the_science_bureau_leads_and_shares(
    plan: list[Clause], golden: dict, registry: DepartmentRegistry
) -> None:
    name = resolve_in_registry("科学技术和工业信息化局", registry)
    assert name == "县科工信局"
    text = pdf_text(department_sheet_bytes(plan, name, "pdf", english_name=registry.english(name)))
    notes = golden["note_clauses"]
    led = [n["title"] for n in notes if n["lead"] == name]
    shared = [n["title"] for n in notes if name in n["departments"] and n["lead"] != name]
    assert len(led) == 15  # counted by reading the plan: 15 notes start with 县科工信局
    assert f"牵头任务（{len(led)}项）" in text and f"配合任务（{len(shared)}项）" in text
    led_part, _, shared_part = text.partition(f"配合任务（{len(shared)}项）")
    for part, titles in ((led_part, led), (shared_part, shared)):
        position = 0
        for title in titles:  # each title, in document order, within its own part
            position = part.index(re.sub(r"\s+", "", title), position) + 1


def test_plan_matrix_matches_the_golden_counts(plan: list[Clause], golden: dict) -> None:
    m = matrix(plan)
    expected = golden_counts(golden)
    assert set(m.departments) == set(expected)
    for name, (lead, shared) in expected.items():
        assert m.cell(name, "plan-attachment3") == (lead, shared), name
    assert m.totals("县林业局") == (0, 5)  # by reading: named after the lead in 5 notes, never first
    assert sum(sum(row) for row in m.lead) == 31


def test_unknown_department_from_the_registry_lists_close_names(registry: DepartmentRegistry) -> None:
    with pytest.raises(UnknownDepartment, match=r"unknown department '县发展局': did you mean 县发改局\?"):
        resolve_in_registry("县发展局", registry)
    assert resolve_in_registry("forestry bureau", registry) == "县林业局"


def test_a_department_only_the_index_knows_is_accepted_as_written(registry: DepartmentRegistry) -> None:
    # Another document's note may name a body departments.yaml lacks; it is still a department to export.
    assert resolve_in_registry("县住建局", registry, ["县科工信局", "县住建局"]) == "县住建局"
    with pytest.raises(UnknownDepartment, match=r"did you mean 县住建局"):
        resolve_in_registry("县住建", registry, ["县住建局"])


# --- the `kb export` commands, over the parsed plan in place of an index (no embedding needed) ---


@pytest.fixture
def cli_on_plan(plan: list[Clause], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    from kb.api import KnowledgeBase

    def clauses(self: KnowledgeBase, doc: str | None = None, **_: object) -> list[Clause]:
        return [c for c in plan if doc in (None, c.doc)]

    monkeypatch.setattr(KnowledgeBase, "clauses", clauses)
    # the plan's place, as `kb docs` gives it: units are counted per place (kb.unit)
    monkeypatch.setattr(KnowledgeBase, "doc_places", lambda self: {c.doc: "平江县" for c in plan})
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_cli_export_tasks_writes_the_31_rows(cli_on_plan: CliRunner, tmp_path: Path) -> None:
    result = cli_on_plan.invoke(cli, ["export", "tasks", "--doc", "plan-attachment3", "-o", "t.csv"])
    assert result.exit_code == 0, result.output
    assert result.output == "wrote t.csv: 31 tasks\n"
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 32
    result = cli_on_plan.invoke(cli, ["export", "tasks"])
    assert result.output == "wrote 任务分解表.xlsx: 31 tasks\n"
    assert (tmp_path / "任务分解表.xlsx").exists()


def test_cli_export_department_in_any_spelling(cli_on_plan: CliRunner, tmp_path: Path) -> None:
    result = cli_on_plan.invoke(cli, ["export", "department", "forestry bureau", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert result.output == "wrote 职责清单-县林业局.pdf: 牵头任务 0 项，配合任务 5 项，涉及文件 1 份。\n"
    text = pdf_text((tmp_path / "职责清单-县林业局.pdf").read_bytes())
    assert "县林业局（CountyForestryBureau）职责清单" in text


def test_cli_export_errors_are_one_line_and_exit_1(cli_on_plan: CliRunner) -> None:
    result = cli_on_plan.invoke(cli, ["export", "department", "县科技局"])
    assert result.exit_code == 1
    assert result.output == "Error: unknown department '县科技局': did you mean 县科工信局、县科协?\n"
    result = cli_on_plan.invoke(cli, ["export", "tasks", "--doc", "nope", "-o", "x.csv"])
    assert result.output == "Error: x.csv: no document 'nope' in the index (see `kb docs`)\n"
    result = cli_on_plan.invoke(cli, ["export", "tasks", "-o", "t.pdf"])
    assert (
        result.output == "Error: t.pdf: cannot export the task table as 'pdf': choose one of xlsx, csv, md\n"
    )


def test_cli_export_matrix_prints_the_table_or_writes_the_picture(
    cli_on_plan: CliRunner, tmp_path: Path
) -> None:
    result = cli_on_plan.invoke(cli, ["export", "matrix"])
    assert result.exit_code == 0, result.output
    assert "| 县科工信局 | 15 / 15 | 15 / 15 |" in result.output  # 15 led, 15 shared: counted by reading
    result = cli_on_plan.invoke(cli, ["export", "matrix", "-o", "m.png"])
    assert result.output == "wrote m.png: 19 departments × 1 documents\n"
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
