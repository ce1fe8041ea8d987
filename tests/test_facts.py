"""Numeric targets and deadlines found in clause text."""

from __future__ import annotations

import pytest

from kb.parse.facts import find_deadlines, find_indicators
from kb.types import Deadline


def _triples(text: str) -> list[tuple[str, float, str, str]]:
    return [(i.name, i.value, i.unit, i.qualifier) for i in find_indicators(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("力争全社会研发经费投入增长 8.5%以上，", ("全社会研发经费投入增长", 8.5, "%", "以上")),
        ("，引进高层次人才 3 名以上，", ("引进高层次人才", 3, "名", "以上")),
        ("规上企业数字化覆盖率达80%以上。", ("规上企业数字化覆盖率", 80, "%", "以上")),
        ("推动规上工业企业研发机构覆盖率超过50%，", ("规上工业企业研发机构覆盖率", 50, "%", "超过")),
        ("，规模以上文化企业营业收入增长 9.5%。", ("规模以上文化企业营业收入增长", 9.5, "%", "")),
        ("规模以上高新技术企业数量达到 100 家以上，", ("规模以上高新技术企业数量", 100, "家", "以上")),
        ("粮食产量稳定在 60 万吨左右。", ("粮食产量", 60, "万吨", "左右")),
    ],
)
def test_single_indicator(text: str, expected: tuple[str, float, str, str]) -> None:
    assert _triples(text) == [expected]


def test_indicator_keeps_the_span_as_written() -> None:
    [indicator] = find_indicators("，每万人口高价值发明专利拥有量达到 4.5 件以上，")
    assert indicator.text == "每万人口高价值发明专利拥有量达到 4.5 件以上"
    assert indicator.display() == "4.5件以上"


def test_list_of_targets_in_a_task_clause() -> None:
    text = "建立动态培育库，力争每年新增规上工业企业 10 家以上、创新型中小企业 20 家以上、省级以上专精特新企业 5 家以上，构建产业生态。"
    assert _triples(text) == [
        ("每年新增规上工业企业", 10, "家", "以上"),
        ("创新型中小企业", 20, "家", "以上"),
        ("省级以上专精特新企业", 5, "家", "以上"),
    ]


def test_deadline_before_a_target_is_not_part_of_its_name() -> None:
    text = "到2027年实现规模以上食品加工企业数字化改造完成率60%以上。"
    assert _triples(text) == [("规模以上食品加工企业数字化改造完成率", 60, "%", "以上")]


def test_counts_in_a_goal_sentence_are_targets() -> None:
    text = "开展智能工厂梯度培育，力争培育卓越级智能工厂1家、先进级智能工厂1家、基础级智能工厂2家。"
    assert [(n, v, u) for n, v, u, _ in _triples(text)] == [
        ("培育卓越级智能工厂", 1, "家"),
        ("先进级智能工厂", 1, "家"),
        ("基础级智能工厂", 2, "家"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "电子信息产业以元创时代为链主，加快 18 家智能接线板产业链企业集聚投产，向智能配套转型。",
        "以“5+1”产业重点产业链倍增计划为主抓手。",
        "积极争取“4+4 科创工程”在平江设立分支机构。",
        "到2027年，建成示范基地。",
        "劲仔食品做大做强健康蛋白品类。",
    ],
)
def test_numbers_that_are_not_targets(text: str) -> None:
    assert find_indicators(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("力争到2027年，争创省级先进制造业集群1个", Deadline(2027, "到2027年")),
        ("2027年底前完成改造", Deadline(2027, "2027年底前")),
        ("2026年6月底前建成", Deadline(2026, "2026年6月底前", month=6)),
        ("至2030年实现全覆盖", Deadline(2030, "至2030年")),
    ],
)
def test_deadlines(text: str, expected: Deadline) -> None:
    assert find_deadlines(text) == [expected]


def test_a_year_in_narration_is_not_a_deadline() -> None:
    assert find_deadlines("2025年以来，全县新增高新技术企业。") == []


def test_upper_bounds_keep_their_sense() -> None:
    # a cap must never read as a floor: 不超过20万元 is at most 20万元
    cap, first = find_indicators("每家企业每年申领创新券额度不超过20万元，首次申领企业额度不超过10万元。")
    assert (cap.value, cap.unit, cap.qualifier) == (20.0, "万元", "不超过")
    assert cap.display() == "不超过20万元" and first.display() == "不超过10万元"
    assert cap.name == "每家企业每年申领创新券额度"
    (low,) = find_indicators("力争综合能耗低于5%。")
    assert low.display() == "低于5%"
