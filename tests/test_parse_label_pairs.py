"""Forms of heldout29, recognised by their form on texts written for these tests (expectations by hand):

- a pair of label lines under one item, each closed by `。` (`牵头责任单位：A。` / `协同责任单位：B、C。`), is one
  note whose lead is the 牵头 label's unit; a line over persons (`牵头负责领导：张三。`, `分管县领导：…`) before or
  between them is no note, names no unit and does not part them; a task sentence between two label lines does;
- a collective written with 、 between its levels (`各县、市、区政府`) is one unit;
- a flattened table of targets (`序号` / `2025年预期目标` / `责任单位`, one unit a row) is read row by row, and
  a row whose unit cell names no unit stays a clause with that cell reported (the rows after it still read);
- what cannot be read in these forms is still reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.parse.notes import is_person_label, label_role, not_understood, notes_in, read_units
from kb.parse.tables import header_columns
from kb.settings import PROJECT_ROOT
from tests.test_parse_open_forms import _parse, _with_units


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


# --- label line pairs ----------------------------------------------------------------------------------------


def test_a_pair_of_label_lines_closed_by_sentence_marks_is_one_note_led_by_its_lead_label(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    doc = _parse(
        tmp_path,
        registry,
        [
            "青田县人民政府关于2025年县政府重点工作及责任分解的通知",
            "一、主要预期目标",
            "1. 地区生产总值增长7%左右。",
            "牵头负责领导:王五。",
            "牵头责任单位:县发展改革局。",
            "协同责任单位:县经信局、县商务局等,各乡、镇人民政府。",
            "2. 城乡居民收入稳步增长。",
            "牵头单位：县人力社保局。",
            "分管县领导：赵六。",
            "配合单位：县农业农村局、县民政局。",
        ],
    )
    assert _with_units(doc) == [
        (
            "地区生产总值增长7%左右",
            ("县发展改革局",),
            ("县发展改革局", "县经信局", "县商务局", "各乡、镇人民政府"),
        ),
        ("城乡居民收入稳步增长", ("县人力社保局",), ("县人力社保局", "县农业农村局", "县民政局")),
    ]
    assert doc.unread_notes == ()


def test_a_pair_with_the_co_label_first_still_takes_its_lead_from_the_lead_label() -> None:
    (note,) = notes_in("3. 推进数字乡村建设。\n协办单位：县农业农村局。\n主办单位：县大数据中心。")
    assert note.reading.leads(None) == ("县大数据中心",)
    assert [u.name for u in note.reading.units] == ["县农业农村局", "县大数据中心"]


def test_a_task_sentence_between_two_label_lines_keeps_them_two_notes() -> None:
    notes = notes_in("完善养老服务。\n责任单位：县民政局。\n建设社区食堂10个。\n责任单位：县商务局。")
    assert [[u.name for u in n.reading.units] for n in notes] == [["县民政局"], ["县商务局"]]


@pytest.mark.parametrize("label", ["牵头负责领导", "分管省领导", "牵头责任人", "协同负责人", "联系人"])
def test_a_label_over_persons_is_no_unit_label(label: str) -> None:
    assert is_person_label(label)
    assert label_role(label) is None
    text = f"4. 推进老旧小区改造。\n{label}：县住建局局长张三。"
    assert notes_in(text) == []
    assert not_understood(text) == []


@pytest.mark.parametrize("label", ["牵头责任单位", "协同部门", "责任单位", "牵头领导小组"])
def test_a_unit_label_is_no_person_label(label: str) -> None:
    assert not is_person_label(label)


def test_a_pair_whose_co_line_holds_what_is_not_a_unit_is_reported() -> None:
    text = "5. 加快项目建设。\n牵头责任单位：县发改局。\n协同责任单位：县财政局、做好要素保障。"
    (note,) = notes_in(text)
    assert [u.name for u in note.reading.units] == ["县发改局", "县财政局"]
    assert [why for _, why in not_understood(text)] == ["partly read; not understood: 做好要素保障"]


# --- a collective of levels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "units"),
    [
        ("各县、市、区政府", ["各县、市、区政府"]),
        ("市财政局等,各区、市、县人民政府", ["市财政局", "各区、市、县人民政府"]),
        ("各县、区人民政府、市水利局", ["各县、区人民政府", "市水利局"]),
        # no 各 before the levels: no collective, the bare levels are no units
        ("县、市、区政府", ["县", "市", "区政府"]),
    ],
)
def test_a_collective_with_its_levels_between_commas_is_one_unit(written: str, units: list[str]) -> None:
    assert [u.name for u in read_units(written, "duty")] == units


# --- a flattened table of targets ----------------------------------------------------------------------------


def test_a_flat_table_of_targets_with_one_unit_a_row(tmp_path: Path, registry: DepartmentRegistry) -> None:
    doc = _parse(
        tmp_path,
        registry,
        [
            "关于印发2025年区政府工作报告目标任务的通知",
            "各街道办事处，区级各部门：",
            "现将目标任务分解印发给你们，请认真落实。",
            "附件",
            "2025年区政府工作报告预期目标任务分解表",
            "序号",
            "2025年预期目标",
            "责任单位",
            "1",
            "地区生产总值增长6%左右",
            "区发展改革委",
            "2",
            "城镇调查失业率控制在5.5%以内",
            "区人力社保局",
        ],
    )
    assert _with_units(doc) == [
        ("地区生产总值增长6%左右", ("区发展改革委",), ("区发展改革委",)),
        ("城镇调查失业率控制在5.5%以内", ("区人力社保局",), ("区人力社保局",)),
    ]
    assert doc.unread_notes == ()


def test_a_flat_table_of_indicators_under_a_unit_column(tmp_path: Path, registry: DepartmentRegistry) -> None:
    doc = _parse(
        tmp_path,
        registry,
        [
            "县2026年主要指标分解表",
            "序号",
            "主要指标",
            "责任部门",
            "1",
            "粮食播种面积稳定在30万亩",
            "县农业农村局",
            "2",
            "农村生活污水治理率达到80%",
            "做好宣传",
            "3",
            "森林覆盖率保持在62%以上",
            "县林业局",
        ],
    )
    assert _with_units(doc) == [
        ("粮食播种面积稳定在30万亩", ("县农业农村局",), ("县农业农村局",)),
        ("森林覆盖率保持在62%以上", ("县林业局",), ("县林业局",)),
    ]
    # row 2's unit cell names no unit: its row stays a clause, its words are reported, and the table goes on
    assert [(u.text, u.reason) for u in doc.unread_notes] == [("做好宣传", "table cell: not a unit")]
    assert [c.text for c in doc.clauses if c.number[-1] == 2] == ["农村生活污水治理率达到80%"]


def test_a_target_column_is_no_task_column_beside_a_task_column() -> None:
    # the target column beside the task column is the row's value (read into the row's text), not its task
    assert header_columns(["序号", "重点任务", "年度目标", "牵头单位"]) == {"number": 0, "task": 1, "lead": 3, "value": 2}
    assert header_columns(["序号", "2025年预期目标", "责任单位"]) == {"number": 0, "task": 1, "lead": 2}
