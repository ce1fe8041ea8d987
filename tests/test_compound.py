"""Questions asking the same thing of several items (A和B分别…, places joined, respectively): split into one
question per item, each answered whole. Values are read off the plan by hand (1.1: 技术合同成交额 6.5%以上,
全社会研发经费投入 8.5%以上)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.api import KnowledgeBase
from kb.qa.compose import compound
from kb.settings import load_settings


def test_items_before_respectively_become_questions() -> None:
    parts = compound.split_items("技术合同成交额和全社会研发经费投入分别要增长多少？")
    assert [(p.item, p.question) for p in parts] == [
        ("技术合同成交额", "技术合同成交额要增长多少？"),
        ("全社会研发经费投入", "全社会研发经费投入要增长多少？"),
    ]
    vouchers = compound.split_items("徐汇区超级创业者的算力券、模型券、语料券分别最高多少？")
    assert [p.question for p in vouchers] == [
        "徐汇区超级创业者的算力券最高多少？",
        "徐汇区超级创业者的模型券最高多少？",
        "徐汇区超级创业者的语料券最高多少？",
    ]
    assert [p.question for p in compound.split_items("模型券和语料券各是多少？")] == ["模型券是多少？", "语料券是多少？"]


def test_words_holding_a_joining_character_are_not_split() -> None:
    assert compound.split_items("县科工信局参与的事项分别是什么") == []  # 参与 is no join
    units = ["市人力资源和社会保障局", "市财政局"]
    parts = compound.split_items("市人力资源和社会保障局和市财政局分别负责什么？", units=units)
    assert [p.item for p in parts] == units


def test_joined_places_are_left_to_the_place_split() -> None:
    assert compound.split_items("宁波和泰安的贷款额度分别是多少", {"宁波", "泰安"}) == []
    forms = {"宁波市": ("宁波市", "宁波"), "泰安市": ("泰安市", "泰安")}
    parts = compound.split_places("宁波和泰安的创业担保贷款分别由哪个部门牵头？", forms)
    assert [(p.item, p.question) for p in parts] == [
        ("宁波市", "宁波的创业担保贷款由哪个部门牵头？"),
        ("泰安市", "泰安的创业担保贷款由哪个部门牵头？"),
    ]
    assert compound.split_places("宁波的创业担保贷款由哪个部门牵头？", forms) == []


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> KnowledgeBase:
    base = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("compound-index")))
    base.ingest([data_dir / "plan-attachment3.txt"])
    return base


def test_each_item_is_answered_under_its_name(kb: KnowledgeBase) -> None:
    answer = kb.ask("技术合同成交额和全社会研发经费投入分别要增长多少？")
    assert not answer.abstained
    first, second = answer.answer.split("\n【")[:2]
    assert first.startswith("【技术合同成交额】") and "6.5%以上" in first and "8.5%" not in first
    assert second.startswith("全社会研发经费投入】") and "8.5%以上" in second
    assert answer.citations[0].clause.id == "plan-attachment3:1.1"


def test_two_units_duties_are_listed_apart(kb: KnowledgeBase) -> None:
    answer = kb.ask("县林业局和县教育局分别负责什么？")
    forestry, education = answer.answer.split("\n【")[:2]
    assert forestry.startswith("【县林业局】") and education.startswith("县教育局】")


@pytest.mark.parametrize(
    "question",
    [
        "青石市“税收收入增长6%左右”这项目标，牵头和协同责任单位分别有哪些？",
        "修建城区排水管网这项工作的牵头单位和配合单位分别是谁？",
        "开展农村道路改造，牵头部门和责任部门分别是哪些？",
    ],
)
def test_roles_joined_ask_one_task_s_units_not_two_things(question: str) -> None:
    assert compound.split_items(question) == []


def test_things_joined_beside_a_role_word_are_still_items() -> None:
    parts = compound.split_items("道路改造和排水管网建设分别由哪个部门牵头？")
    assert [p.item for p in parts] == ["道路改造", "排水管网建设"]


def test_two_tasks_joined_keep_each_its_own_words() -> None:
    # written for this test: two tasks, each a verb phrase; the words after the last one's 企业 are its own
    parts = compound.split_items("培育一批龙头企业和鼓励企业开展技术改造分别由哪个部门负责？")
    assert [p.item for p in parts] == ["培育一批龙头企业", "鼓励企业开展技术改造"]
    assert parts[0].question == "培育一批龙头企业由哪个部门负责？"
    # names sharing a head noun still share it
    shared = compound.split_items("城镇居民和农村居民人均可支配收入分别增长多少？")
    assert [p.question for p in shared] == ["城镇居民人均可支配收入增长多少？", "农村居民人均可支配收入增长多少？"]
