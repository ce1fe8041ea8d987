"""Note forms recognised by their form rather than by their words, and notes that are reported rather than
dropped: a label whose words give no role (`工作分工：`) over a line of units with their verbs; a person's line
(`分管副县长：王五`) that is never a note; a flattened table with a category column before 序号 and a column of
other units (`考核部门`) after the responsible one; a table column with no unit word in its header whose cells
are units; and the lines, cells and headers that look like notes but were not read, each counted in the
document's notes not understood. The texts are small ones written for these tests, expectations by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.parse.notes import UNREAD_TABLE, not_understood, notes_in, opens_label_line
from kb.settings import PROJECT_ROOT
from kb.types import ParsedDoc


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


def _parse(tmp_path: Path, registry: DepartmentRegistry, lines: list[str]) -> ParsedDoc:
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return parse(load(path), registry)


def _with_units(doc: ParsedDoc) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.title, c.leads, c.departments_raw) for c in doc.clauses if c.departments]


# --- labels named by the list they introduce -----------------------------------------------------------------


def test_a_label_with_no_role_word_is_a_unit_label_when_its_line_is_units_with_verbs(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """`工作分工：` and `任务分工：` end in no unit noun and hold no cue: the list after them (units closed by
    牵头/配合) says they name who carries the item out. The person line before them ends without a mark and is
    no note; the label line still starts anew."""
    doc = _parse(
        tmp_path,
        registry,
        [
            "青川县2026年重点工作分工",
            "一、主要目标",
            "1.新建污水管网20公里。",
            "分管副县长：王五",
            "工作分工：县水利局牵头，各乡镇配合。",
            "2.改造农村公路45公里。",
            "分管副县长：赵六",
            "任务分工：县交通运输局牵头，县财政局、县自然资源局配合。",
        ],
    )
    assert _with_units(doc) == [
        ("新建污水管网20公里", ("县水利局",), ("县水利局", "各乡镇")),
        ("改造农村公路45公里", ("县交通运输局",), ("县交通运输局", "县财政局", "县自然资源局")),
    ]
    assert doc.unread_notes == ()


def test_a_person_line_is_never_a_note_nor_reported() -> None:
    text = "3.完善养老服务体系。\n分管领导：张三\n分管副市长：李四同志"
    assert notes_in(text) == []
    assert not_understood(text) == []
    assert not opens_label_line("分管领导：张三")
    assert opens_label_line("工作分工：县民政局牵头，县卫健局配合。")
    assert opens_label_line("责任单位：县民政局")


def test_a_label_over_words_that_are_not_units_is_no_note() -> None:
    """A short label whose line is a target or a date names nobody: no note, nothing reported."""
    text = "4.推进老旧小区改造。\n目标任务：改造小区12个\n完成时限：2026年底前"
    assert notes_in(text) == []
    assert not_understood(text) == []


# --- what is not read is reported ----------------------------------------------------------------------------


def test_an_unknown_label_over_units_and_verbs_that_do_not_read_whole_is_reported() -> None:
    """The list is units with 牵头/配合, but words follow that no form reads: the line is not taken as a note
    (its label gives no role) and is counted as not understood rather than dropped."""
    line = "工作分工：县水利局牵头，各乡镇配合并建立河长巡查台账"
    text = "5.整治河道3条。\n" + line
    assert notes_in(text) == []
    assert not_understood(text) == [(line, "a label the grammar does not know, over units and their verbs")]


def test_a_unit_label_with_nothing_read_after_it_is_reported() -> None:
    text = "6.建设乡村振兴示范带。\n责任单位：待定"
    assert notes_in(text) == []
    assert not_understood(text) == [("责任单位：待定", "a unit label, but no unit read after it")]


def test_a_line_of_units_and_verbs_without_a_sentence_mark_that_no_form_reads_is_reported() -> None:
    """A table cell left in the text: a unit named before 牵头, but the line is not wholly units and verbs."""
    line = "县发改局牵头，县统计局做好数据比对分析"
    text = "7.做好经济运行监测。\n" + line
    assert notes_in(text) == []
    assert not_understood(text) == [(line, "unit names and verbs not read as a note")]


def test_running_text_naming_a_unit_and_a_verb_is_not_reported() -> None:
    text = "8.由县科技局负责牵头组织实施，各乡镇要积极配合。"
    assert not_understood(text) == []


# --- flattened tables ----------------------------------------------------------------------------------------

# A category column (`考核类别`) before 序号: its cell for row 1 stands before the number 1, and the one for
# row 3 (a new category) at the end of row 2; a `考核部门` column after the responsible one holds the units that
# score, which are not responsible; row 2 has a target written as how it is reached (`全县统筹`).
FLAT_WITH_CATEGORY = [
    "云岭县2026年考核任务清单",
    "考核类别",
    "序号",
    "考核内容",
    "单位",
    "年度目标",
    "责任部门",
    "考核部门",
    "生态环境",
    "1",
    "地表水优良水质比例",
    "%",
    "95",
    "县生态环境分局",
    "县水利局",
    "市生态环境局",
    "2",
    "森林覆盖率",
    "全县统筹",
    "县林业局",
    "市林业局",
    "民生保障",
    "3",
    "新增城镇就业",
    "人",
    "1200",
    "县人力社保局",
    "市人力社保局",
]


def test_a_flat_table_with_a_category_column_before_the_number_and_a_column_of_scorers(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    doc = _parse(tmp_path, registry, FLAT_WITH_CATEGORY)
    rows = [(c.text, c.leads, c.departments_raw) for c in doc.clauses if c.departments]
    assert rows == [
        # the 年度目标 column beside the content column is read into the row with its 单位 (a row short of a
        # cell keeps what stands in the value's place); the category, written once for the rows it spans, groups them:
        # no fact of the row and not repeated in it; nor are the scorers (考核部门)
        ("地表水优良水质比例：95%", ("县生态环境分局",), ("县生态环境分局", "县水利局")),
        ("森林覆盖率：全县统筹", ("县林业局",), ("县林业局",)),
        ("新增城镇就业：1200人", ("县人力社保局",), ("县人力社保局",)),
    ]
    assert doc.unread_notes == ()
    assert not any(name.startswith("市") for c in doc.clauses for name in c.departments)


def test_a_flat_table_that_cannot_be_read_is_reported_not_dropped(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """Unit columns apart from one another (`牵头单位 … 完成时限 … 配合单位`): which line belongs to which cannot
    be told, the table stays text and no unit is read — the unit column's header is reported."""
    lines = [
        "云岭县重点任务分解表",
        "序号",
        "重点任务",
        "牵头单位",
        "完成时限",
        "配合单位",
        "1",
        "建设县域物流中心",
        "县商务局",
        "2026年底前",
        "县交通运输局",
    ]
    doc = _parse(tmp_path, registry, lines)
    assert _with_units(doc) == []
    assert [(u.text, u.reason) for u in doc.unread_notes] == [
        ("牵头单位", UNREAD_TABLE),
        ("配合单位", UNREAD_TABLE),
    ]


def test_a_piped_table_whose_unit_column_is_named_by_its_cells(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """`部门分工` holds no unit noun at its end and `评分部门` names the scorers: the first column whose every
    filled cell reads as units (`A牵头，B配合`, `A`) is the unit column; the scorers are never taken."""
    lines = [
        "云岭县重点工作分工表",
        "序号 | 重点工作 | 部门分工 | 评分部门 | 分管领导",
        "1 | 建设数字乡村示范点5个 | 县农业农村局牵头，县大数据中心配合 | 市农业农村局 | 王五",
        "2 | 完成高标准农田建设2万亩 | 县农业农村局 | 市农业农村局 | 王五",
    ]
    doc = _parse(tmp_path, registry, lines)
    assert [(c.text, c.leads, c.departments_raw) for c in doc.clauses if c.departments] == [
        ("建设数字乡村示范点5个。分管领导：王五。", ("县农业农村局",), ("县农业农村局", "县大数据中心")),
        ("完成高标准农田建设2万亩。分管领导：王五。", ("县农业农村局",), ("县农业农村局",)),
    ]


def test_after_a_label_of_a_division_of_work_a_plain_list_of_bodies_is_a_note() -> None:
    """`责任分工：` speaks of who does the work, so a list of bodies after it is a note even without verbs;
    `成员单位：` lists a group's members and `主要任务：` a task: their lists are no note."""
    note = notes_in("9.建设县域医共体。\n责任分工：县卫健局、县医保局")
    assert [[u.name for u in n.reading.units] for n in note] == [["县卫健局", "县医保局"]]
    assert notes_in("9.建设县域医共体。\n成员单位：县卫健局、县医保局") == []
    assert notes_in("9.建设县域医共体。\n主要任务：县卫健局、县医保局") == []


def test_a_flat_table_whose_unit_column_speaks_of_a_division_of_work(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """`部门分工` names the unit column of a table written one cell per line, its cells notes of their own
    (`A牵头，B配合`); `分工领导` holds people and is never a unit column."""
    lines = [
        "云岭县重点工作分工表",
        "序号",
        "重点工作",
        "部门分工",
        "分工领导",
        "1",
        "建设县域物流中心",
        "县商务局牵头，县交通运输局配合",
        "王五",
        "2",
        "打造农产品区域公用品牌",
        "县农业农村局",
        "赵六",
    ]
    doc = _parse(tmp_path, registry, lines)
    assert [(c.text, c.leads, c.departments_raw) for c in doc.clauses if c.departments] == [
        ("建设县域物流中心。分工领导：王五。", ("县商务局",), ("县商务局", "县交通运输局")),
        ("打造农产品区域公用品牌。分工领导：赵六。", ("县农业农村局",), ("县农业农村局",)),
    ]
    assert doc.unread_notes == ()
