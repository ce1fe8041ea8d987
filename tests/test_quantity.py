"""The kind of number a question asks for, and whether a sentence part states one (kb.qa.decide.quantity)."""

from __future__ import annotations

import pytest

from kb.qa.decide.quantity import KINDS, asked_kind, states


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
        ("How many OPC entities will the Lingang Special Area gather?", "count"),
        ("How many yuan does each voucher give?", "money"),
        ("How many days does the observation last?", "duration"),
        ("What share of the fees is subsidised?", "share"),
        ("What utilisation rate of crop straw is targeted?", "share"),
        ("How big is the fund that backs young founders?", "money"),
        ("What is the maximum deduction per voucher?", "money"),
        ("How large an area will the park cover?", "area"),
        ("县林业局负责哪些任务？", None),
        # growth is set as a rate (增长8.5%, 增幅≥2%): asked by 增长/增幅/增速 and its target or 多少
        ("农林牧渔业增加值增幅的年度目标是多少？", "share"),
        ("全区地区生产总值增长多少？", "share"),
        ("社会消费品零售总额的增速目标是什么？", "share"),
        ("What growth target did the province set for retail sales?", "share"),
        # the amount added is counted (新增就业1000万人): not a rate
        ("城镇新增就业多少人？", "count"),
        ("高新技术企业增长多少家？", "count"),
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


def test_a_date_is_no_quantity() -> None:
    from kb.qa.retrieve.targets import states_quantity

    assert not states_quantity("到2028年年底")
    assert not states_quantity("2026年3月底前")
    assert states_quantity("OPC数量突破100家")
    assert states_quantity("到2027年培育150户")


def test_bound_and_kind_agreement() -> None:
    from kb.qa.decide.quantity import agreement

    agrees = agreement("创业担保贷款最多能贷多少？")
    assert agrees is not None
    assert agrees("最高30万元") > agrees("对10万元以下的贷款免除反担保") > agrees("建设10个社区")
    assert agreement("OPC社区由谁牵头？") is None


def test_a_bare_number_part_is_read_with_the_part_it_completes() -> None:
    from kb.qa.retrieve.targets import target_parts
    from kb.types import Clause

    clause = Clause(
        doc="d", doc_title="t", number=(1,), path=("一、x",), title="支持平台建设",
        text="对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元；对行业平台给予奖补，最高1000万元。",
    )
    texts = [p.text for p in target_parts([clause])]
    assert "对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元" in texts
    assert "对行业平台给予奖补，最高1000万元" in texts


def test_a_count_in_characters_is_a_quantity() -> None:
    from kb.qa.retrieve.targets import states_quantity

    assert states_quantity("到2028年，建成百个人工智能OPC社区")
    assert states_quantity("打造两万平方米的孵化空间")
    assert not states_quantity("推动一批企业上云")
