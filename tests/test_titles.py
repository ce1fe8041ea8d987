"""Short titles (kb/titles.py) of real documents: tests/data/real, the OPC corpus and the plan; and a title printed
over two lines read whole (kb/parse/outline.py). Expected short forms written by reading each title."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.settings import PROJECT_ROOT, load_settings
from kb.titles import short_title

REAL = PROJECT_ROOT / "tests" / "data" / "real"

# (full title as the document prints it, the short form a list shows)
TITLES = [
    # the plan: a short title is shown as written
    ("培育好强科创兴产业的动能实施方案", "培育好强科创兴产业的动能实施方案"),
    # 关于印发《…》的通知: the document inside the 《》
    (
        "广东省发展改革委关于印发《广东省支持人工智能OPC创新发展行动方案（2026—2028年）》的通知",
        "广东省支持人工智能OPC创新发展行动方案（2026—2028年）",
    ),
    (
        "关于印发《四川省支持人工智能OPC创新发展行动方案（2026—2027年）》的通知",
        "四川省支持人工智能OPC创新发展行动方案（2026—2027年）",
    ),
    # the 《》 holds brackets and quotation marks of its own
    (
        "重庆市满天星行动计划工作专班办公室关于印发《重庆市迭代推进“满天星”行动计划打造“未来星”OPC创业生态工作方案》的通知",
        "重庆市迭代推进“满天星”行动计划打造“未来星”OPC创业生态工作方案",
    ),
    # the issuer's name has a bracket; the document sent names itself 关于…
    (
        "朝阳园管委会（区科信局）等四部门关于印发《朝阳区关于支持人工智能OPC创新发展的若干措施》的通知",
        "朝阳区关于支持人工智能OPC创新发展的若干措施",
    ),
    # 印发 without 关于, and a space before 关于
    (
        "园区管委会印发《苏州工业园区关于加快打造全球领先的人工智能OPC创业首选区的若干措施》的通知",
        "苏州工业园区关于加快打造全球领先的人工智能OPC创业首选区的若干措施",
    ),
    (
        "长沙经济技术开发区管委会 关于印发《长沙经济技术开发区关于智能体和“一人公司”开源社区安全发展的十条措施》的通知",
        "长沙经济技术开发区关于智能体和“一人公司”开源社区安全发展的十条措施",
    ),
    # 关于印发X的通知 without 《》
    (
        "武汉市人民政府关于印发武汉市支持人工智能OPC创新发展若干措施的通知",
        "武汉市支持人工智能OPC创新发展若干措施",
    ),
    ("国务院办公厅关于印发“无废城市”建设试点工作方案的通知", "“无废城市”建设试点工作方案"),
    (
        "市政府办公室关于印发苏州市人工智能OPC培育发展行动计划（2025～2028年）的通知",
        "苏州市人工智能OPC培育发展行动计划（2025～2028年）",
    ),
    # a long title without 印发: the subject without the office that issued it
    (
        "宁波市人民政府办公厅关于支持人工智能OPC创新创业发展的若干意见",
        "关于支持人工智能OPC创新创业发展的若干意见",
    ),
    # a place as issuer stays: 苍南's and 温州's 若干举措 are worded alike
    (
        "苍南县关于加快打造人工智能OPC创业高地的若干举措（征求意见稿）",
        "苍南县关于加快打造人工智能OPC创业高地的若干举措（征求意见稿）",
    ),
    ("上城区支持人工智能OPC社区建设的若干政策措施", "上城区支持人工智能OPC社区建设的若干政策措施"),
    ('望城区人才工作"十大赋能行动"', '望城区人才工作"十大赋能行动"'),
]


@pytest.mark.parametrize(("title", "short"), TITLES)
def test_short_title(title: str, short: str) -> None:
    assert short_title(title) == short


def test_a_notice_that_sends_nothing_named_is_shown_whole() -> None:
    assert short_title("关于印发的通知") == "关于印发的通知"
    assert short_title("  培育好强科创兴产业的\n动能实施方案 ") == "培育好强科创兴产业的 动能实施方案"


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_settings(load_settings())


def test_a_title_printed_over_two_lines_is_read_whole(registry: DepartmentRegistry) -> None:
    """国办发〔2018〕128号 prints its title as 国务院办公厅关于印发“无废城市”建设 / 试点工作方案的通知."""
    parsed = parse(load(REAL / "guobanfa2018-128_wufei_chengshi.txt"), registry)
    assert parsed.title == "国务院办公厅关于印发“无废城市”建设试点工作方案的通知"
    assert short_title(parsed.title) == "“无废城市”建设试点工作方案"
    assert parsed.clauses[0].doc_title == parsed.title


@pytest.mark.parametrize(
    ("path", "title"),
    [
        (REAL / "city_taian_opc.txt", "泰安市人民政府办公室关于支持人工智能OPC发展的实施意见"),
        (PROJECT_ROOT / "tests" / "data" / "plan-attachment3.txt", "培育好强科创兴产业的动能实施方案"),
    ],
)
def test_a_one_line_title_takes_nothing_of_the_next_line(
    registry: DepartmentRegistry, path: Path, title: str
) -> None:
    assert parse(load(path), registry).title == title
