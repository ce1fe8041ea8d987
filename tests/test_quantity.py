"""The kind of number a question asks for, and whether a sentence part states one (kb.qa.quantity)."""

from __future__ import annotations

import pytest

from kb.qa.quantity import KINDS, asked_kind, states


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("南充大学生开OPC，经营满18个月补多少？", "money"),
        ("武汉OPC创始人买新房最多补多少钱？", "money"),
        ("What's the maximum home purchase subsidy in Wuhan?", "money"),
        ("上城区专业化智创空间要打造多大面积？", "area"),
        ("苍南县算力券按费用的多少比例补贴？", "share"),
        ("观察期多长？", "duration"),
        ("南充到2027年要培育多少户OPC企业？", "count"),
        ("How many OPC communities will Sichuan build?", "count"),
        ("县林业局负责哪些任务？", None),
    ],
)
def test_kind_asked(question: str, kind: str | None) -> None:
    found = asked_kind(question)
    assert (found.name if found else None) == kind


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("money", "依次给予5000元、1万元", True),
        ("money", "给予最高200万元", True),
        ("money", "培育10个人工智能OPC生态社区", False),
        ("area", "打造不少于两万平方米的专业化智创空间", True),
        ("area", "每年给予最高200万元", False),
        ("share", "按培训费用的20%给予补助", True),
        ("duration", "给予6个月观察期", True),
        ("count", "新增规模以上工业企业10家以上", True),
        ("count", "增长8.5%以上", False),
    ],
)
def test_part_states_kind(kind: str, text: str, expected: bool) -> None:
    named = next(k for k in KINDS if k.name == kind)
    assert states(named, text) is expected
