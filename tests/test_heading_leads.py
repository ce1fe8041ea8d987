"""Leads written in a heading over the items they lead (kb.parse.heading_leads), on texts written for these tests
(expectations by hand): a work-division document grouping its items under `（一）X牵头的工作` headings and writing
only co-units at each item (`协同单位：…`) — the heading's unit leads each item below it, with the item's own
co-units after it; an item with no note of its own is led by the heading's unit alone; a heading naming a person
(`张三县长负责的工作`) leads nothing; a note at an item that marks its own lead keeps it; `A等B和C` closes one
list with its 等 and names C too."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.parse.heading_leads import heading_leads
from kb.parse.notes import read_units
from kb.settings import PROJECT_ROOT
from tests.test_parse_open_forms import _parse


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


LINES = [
    "青田县人民政府关于印发2025年县政府工作目标责任分解的通知",
    "各乡镇人民政府，县政府各部门：",
    "现将2025年县政府工作目标责任分解如下：",
    "一、张三县长负责的工作",
    "全面负责县政府工作任务的落实。",
    "（一）县审计局牵头的工作",
    "全面加强审计监督。",
    "协同单位：县直各部门和各乡镇人民政府。",
    "（二）县发改局牵头的工作",
    "1.编制县级重大项目年度计划。",
    "2.推进县域综合改革试点。",
    "协同单位：县财政局、县统计局等县直有关部门和各乡镇人民政府。",
    "3.开展营商环境评价。（县营商办牵头，县发改局配合）",
    "二、李四副县长负责的工作",
    "（一）县教育局负责的任务",
    "办好城乡义务教育。",
]


def test_a_heading_naming_a_unit_leads_the_items_under_it(tmp_path: Path, registry: DepartmentRegistry) -> None:
    doc = _parse(tmp_path, registry, LINES)
    by_text = {c.text.split("\n")[0]: c for c in doc.clauses}
    audit = by_text["全面加强审计监督。"]
    assert audit.leads == ("县审计局",)
    assert audit.departments_raw == ("县审计局", "县直各部门", "各乡镇人民政府")
    plan = by_text["编制县级重大项目年度计划。"]  # no note of its own: the heading's unit alone
    assert plan.leads == ("县发改局",) and plan.departments_raw == ("县发改局",)
    reform = by_text["推进县域综合改革试点。"]
    assert reform.leads == ("县发改局",)
    assert reform.departments_raw == ("县发改局", "县财政局", "县统计局", "各乡镇人民政府")
    education = by_text["办好城乡义务教育。"]
    assert education.leads == ("县教育局",)


def test_a_note_marking_its_own_lead_keeps_it_and_a_person_leads_nothing(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    doc = _parse(tmp_path, registry, LINES)
    by_text = {c.text.split("\n")[0]: c for c in doc.clauses}
    assessed = next(c for t, c in by_text.items() if t.startswith("开展营商环境评价"))
    assert assessed.leads == ("县营商办",)
    assert not by_text["全面负责县政府工作任务的落实。"].departments  # under 张三县长: a person, no unit


def test_heading_forms() -> None:
    assert heading_leads(("一、张三县长负责的工作", "（二）市住建局牵头的工作")) == ("市住建局",)
    assert heading_leads(("（三）市财政局、市税务局牵头的任务",)) == ("市财政局", "市税务局")
    assert heading_leads(("一、张三县长负责的工作",)) == ()
    assert heading_leads(("二、加快推进重点项目建设的工作",)) == ()  # no unit: a topic, not a lead
    assert heading_leads(("三、重点工作",)) == ()


def test_a_list_closed_by_its_etc_then_and_names_the_unit_after_it() -> None:
    names = [u.name for u in read_units("省财政厅、省农业厅等省直有关部门和各市人民政府", "co")]
    assert names == ["省财政厅", "省农业厅", "各市人民政府"]
