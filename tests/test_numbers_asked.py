"""Numbers asked in Chinese, read by form: the items of a 分别 question share the place written before the first
and the head written after the last; one value set 分别 serves every item listed; the part of a sentence stating
the kind of number asked answers beside the part naming its condition; a unit is read whole (人次, 平方米); a
fund's size asks money and a rate (利率) a share; a target written in words, or 每X qualifying a number of
another kind, does not state the number asked. The document below is written for these tests; every expected
value is read off it by hand."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.parse.facts import find_indicators
from kb.qa.compose import compound
from kb.qa.compose.amount import as_written
from kb.qa.compose.respectively import stated_together
from kb.qa.decide.quantity import KINDS, asked_kind, kinds_asked, states_per
from kb.settings import load_settings
from kb.types import Indicator

MONEY = KINDS[0]


def test_items_share_the_place_before_and_the_head_after() -> None:
    parts = compound.split_items("某县城镇居民和农村居民医疗保险参保率分别要达到多少？", {"某县"})
    assert [(p.item, p.question) for p in parts] == [
        ("城镇居民", "某县城镇居民医疗保险参保率要达到多少？"),
        ("农村居民", "某县农村居民医疗保险参保率要达到多少？"),
    ]
    # items written apart (the head of neither is in the other) keep their own words
    apart = compound.split_items("技术合同成交额和全社会研发经费投入分别要增长多少？")
    assert [p.item for p in apart] == ["技术合同成交额", "全社会研发经费投入"]
    # 博士和硕士生活补贴: 士 ends both, 生活补贴 is the head
    heads = compound.split_items("博士和硕士生活补贴分别是多少？")
    assert [p.question for p in heads] == ["博士生活补贴是多少？", "硕士生活补贴是多少？"]


def test_the_story_before_the_items_is_no_item() -> None:
    parts = compound.split_items("我是一家公司的人事，招了两名博士，安家补贴和租房补贴最高分别多少？")
    assert [p.item for p in parts] == ["安家补贴", "租房补贴"]
    assert parts[0].question == "我是一家公司的人事，招了两名博士，安家补贴最高多少？"
    # the items may be in a comma part before the one 分别 ends
    vouchers = compound.split_items("对优质企业的数据券和模型券补贴，每年上限分别是多少？")
    assert [p.question for p in vouchers] == [
        "对优质企业的数据券补贴，每年上限是多少？",
        "对优质企业的模型券补贴，每年上限是多少？",
    ]


def test_one_value_set_respectively_serves_every_item() -> None:
    found = stated_together("每家企业每年数据券补贴、模型券补贴分别上限不超过8万元", ["数据券", "模型券"])
    assert found is not None and found.values == ("不超过8万元", "不超过8万元")
    # a list not naming every item asked sets nothing for it
    assert stated_together("每家企业每年数据券补贴分别上限不超过8万元", ["数据券", "算力券"]) is None


def test_a_unit_is_read_whole() -> None:
    text = "力争接待游客260万人次，新建停车场面积不少于2万平方米"
    visitors, area = find_indicators(text)
    assert visitors.unit == "万人次" and visitors.text == "接待游客260万人次"  # parsed whole
    # a target an index read before stops inside the unit: shown as the part writes it
    earlier = Indicator(name="接待游客", value=260, unit="万人", qualifier="", text="接待游客260万人")
    assert as_written(earlier, text) == ("接待游客260万人次", "260万人次")
    assert as_written(area, text) == ("新建停车场面积不少于2万平方米", "2万平方米以上")


def test_the_kind_a_question_asks() -> None:
    kind = asked_kind("产业引导基金规模有多大？")
    assert kind is not None and kind.name == "money"
    rate = asked_kind("贴息贷款的利率要求不高于多少？")
    assert rate is not None and rate.name == "share"
    # a share of an amount (额度的多少比例) asks two kinds: no part is moved to for either alone
    assert [k.name for k in kinds_asked("算力补贴按采购额度的多少比例给？")] == ["money", "share"]


def test_per_unit_qualifies_the_number_after_it() -> None:
    assert not states_per("家", "给予每家企业不超过算力费用的50%补贴，全区每年总额最高不超过300万元", MONEY)
    assert states_per("家", "给予每家企业最高20万元补贴", MONEY)
    assert states_per("人", "按每人每月800元标准发放", MONEY)


DOC = """某区关于支持青年创业的若干措施
一、支持措施
（一）吸引人才。对新引进的博士、硕士人才且缴纳社保满6个月的，分档给予最高5万元的安家补贴。
（二）免费工位。为入驻社区的初创团队提供免费工位和会议室，给予最长6个月免费使用期限。
（三）财政收入。一般公共预算收入与经济增长基本同步。
（四）算力支持。给予每家企业不超过算力费用的50%补贴，全区每年总额最高不超过300万元。
（五）居民收入。城乡居民人均可支配收入分别增长5%、5.5%。
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("numbers-asked")
    (folder / "youth.txt").write_text(DOC, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest([folder / "youth.txt"])
    return base


def test_the_value_beside_its_condition(kb: KnowledgeBase) -> None:
    grant = kb.ask("新引进的博士硕士人才，安家补贴最高能拿多少？")
    assert not grant.abstained and "5万元" in grant.answer
    period = kb.ask("初创团队的免费工位最长能用多久？")
    assert not period.abstained and "6个月" in period.answer


def test_a_number_the_clause_does_not_state(kb: KnowledgeBase) -> None:
    words = kb.ask("一般公共预算收入增长百分之几？")
    assert words.abstained and "没有写明" in words.answer and "基本同步" in words.answer
    per = kb.ask("算力支持对每家企业每年最高补贴多少钱？")
    assert per.abstained and "300万元" in per.answer  # what the clause does say: a total, not per company


def test_items_written_as_one_in_the_clause(kb: KnowledgeBase) -> None:
    answer = kb.ask("城镇居民和农村居民人均可支配收入分别增长多少？")
    assert not answer.abstained and "5%、5.5%" in answer.answer
