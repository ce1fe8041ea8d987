"""A value answers only when it is bound to what was asked (texts written here, no index): a share of a whole is not
answered by a growth rate (kb.qa.decide.quantity.change_for_share); a share named `X占Y的比重` is X's
(kb.qa.decide.target.naming_quantity); a part of another item than the best clause about the question does not
answer (Targets.another_item); a deadline in running text is its own sentence's (kb.qa.decide.when.bound_to_asked);
a task's leader is the person its own labelled field names (kb.qa.decide.leader)."""

from __future__ import annotations

import jieba
import pytest

from kb.qa.corpus import Corpus
from kb.qa.decide import leader
from kb.qa.decide.evidence import Confidence, Thresholds
from kb.qa.decide.quantity import change_for_share
from kb.qa.decide.target import Targets, in_progress_field, naming_quantity, unstated
from kb.qa.decide.when import bound_to_asked, stated_time
from kb.qa.retrieve.hybrid import Scored
from kb.qa.retrieve.targets import TargetMatch, TargetPart
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause, Deadline, Hit


def _part(text: str, sentence: str = "") -> TargetPart:
    clause = Clause("d", "某市科技创新行动方案", (1,), ("一、主要目标",), "主要目标", (sentence or text) + "。")
    return TargetPart(clause, text, None, sentence=sentence or text)


def _ratio(text: str) -> Question:
    return Question("indicator", "zh", text, text=text, slot="ratio")


@pytest.mark.parametrize(
    ("asking", "piece", "change"),
    [
        ("研发经费投入占地区生产总值的比重要达到多少？", "全市研发经费投入年均增长12%左右", True),
        ("What share of GDP should R&D spending reach?", "研发经费投入年均增长12%左右", True),
        ("数字经济核心产业增加值占比要达到多少？", "数字经济核心产业增加值增长15%", True),
        # the share itself stated
        ("研发经费投入占地区生产总值的比重要达到多少？", "研发经费投入占地区生产总值比重达到2.8%", False),
        ("常住人口城镇化率占比多少？", "常住人口城镇化率达到65%", False),
        # a growth asked is answered by a growth rate
        ("研发经费投入年均增长多少？", "研发经费投入年均增长12%左右", False),
        # no share of a whole asked
        ("研发经费投入要达到多少？", "研发经费投入年均增长12%左右", False),
    ],
)
def test_a_share_of_a_whole_is_not_a_growth_rate(asking: str, piece: str, change: bool) -> None:
    assert change_for_share(asking, piece) is change


def test_a_growth_rate_given_for_a_share_asked_is_not_stated() -> None:
    q = _ratio("某市研发经费投入占地区生产总值的比重要达到多少？")
    missing = unstated(q, _part("全市研发经费投入年均增长12%左右"))
    assert missing is not None and "增长" in missing.zh
    assert unstated(q, _part("全市研发经费投入占地区生产总值比重达到2.8%")) is None


def test_a_share_named_x_zhan_y_de_bizhong_is_xs() -> None:
    sentence = "到2027年,服务业增加值占地区生产总值比重达45%,税收比重同步增长"
    first = _part("服务业增加值占地区生产总值比重达45%", sentence)
    named = _part("税收比重同步增长", sentence)
    q = _ratio("某县到2027年服务业税收占全县税收的比重要达到多少？")
    found = naming_quantity(q, TargetMatch(first, 0.9), [first, named])
    assert found is not None and found.part is named
    # the part found writes the quantity named: unchanged
    q2 = _ratio("某县服务业增加值占地区生产总值的比重要达到多少？")
    assert naming_quantity(q2, TargetMatch(first, 0.9), [first, named]) is None


def _covered(*words: str):  # type: ignore[no-untyped-def]
    return lambda sentence: float(sum(w in sentence for w in words))


CLUSTERS = "培育电子信息千亿级产业集群，壮大食品产业。力争到2026年，创建省级产业园区2个、省级创新平台3个。"


def test_a_deadline_in_running_text_is_its_own_sentence_s() -> None:
    assert not bound_to_asked(CLUSTERS, ["到2026年"], _covered("电子信息", "千亿级"))
    assert bound_to_asked(CLUSTERS, ["到2026年"], _covered("省级产业园区"))
    # a deadline in the closing note is the whole clause's
    noted = "推进城东大桥建设。完善环城公路配套。（县交通局负责，2025年底前）"
    assert bound_to_asked(noted, ["2025年底前"], _covered("城东大桥"))
    # one sentence: its deadline is its own
    assert bound_to_asked("到2026年建成电子信息千亿级产业集群", ["到2026年"], _covered("电子信息"))


def test_stated_time_gives_no_other_sentence_s_deadline() -> None:
    clause = Clause(
        "p", "某县产业发展方案", (2, 1), ("二、壮大产业",), "壮大产业", CLUSTERS, deadlines=(Deadline(2026, "到2026年"),)
    )
    assert stated_time(clause) == "到2026年"  # without the question: the clause's deadlines
    assert stated_time(clause, _covered("电子信息", "千亿级")) is None
    assert stated_time(clause, _covered("省级产业园区")) == "到2026年"


FUNDS = Clause("c", "某镇支持青年创业十条措施", (5,), ("（五）金融支持",), "金融支持", "设立300万元镇级创业基金用于支持青年创业，单个项目最高出资20万元。")
COMPUTE = Clause("c", "某镇支持青年创业十条措施", (7,), ("（七）算力支持",), "算力支持", "对租用算力、购买数据服务的创业者，协助申报区级补贴，并给予镇级配套支持。")


def _targets() -> Targets:
    corpus = Corpus(
        [FUNDS, COMPUTE], [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()], doc_places={"c": None}
    )
    topic = TopicWords(corpus, NamedPlaces([]))
    thresholds = Thresholds()
    return Targets(corpus, topic, Confidence(corpus, topic, thresholds), thresholds)


def test_a_value_of_another_item_than_the_best_clause_does_not_answer() -> None:
    targets = _targets()
    q = Question("indicator", "zh", "租用算力 镇级配套 补贴", text="对租用算力的，镇级配套补贴给多少钱？", slot="amount")
    fund = TargetPart(FUNDS, "设立300万元镇级创业基金用于支持青年创业", None)
    scored = Scored((Hit(COMPUTE, 1.0), Hit(FUNDS, 0.9)), None)
    words = ["租用", "算力", "镇级", "配套", "补贴"]
    assert targets.another_item(q, words, TargetMatch(fund, 0.7), scored) is COMPUTE
    # the part's clause is the best one: it answers
    assert targets.another_item(q, words, TargetMatch(fund, 0.7), Scored((Hit(FUNDS, 1.0),), None)) is None


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("某项任务的牵头负责领导是哪位？", True),
        ("这一项的责任领导是谁？", True),
        ("这项工作的分管领导叫什么名字？", True),
        ("是哪位区领导牵头抓的？", True),
        ("领导小组组长是哪位领导？", False),  # a body's head
        ("这项工作由哪个部门牵头？", False),
    ],
)
def test_a_task_s_leader_asked(question: str, asks: bool) -> None:
    assert leader.asks_leader(question) is asks


def test_the_leader_is_the_item_s_own_field() -> None:
    named = Clause("t", "某区重点工作分解", (1, 2), ("一、目标", "2. 投资"), "投资", "固定资产投资增长6%。\n牵头负责领导：张某。\n牵头单位：区发改局。")
    post = Clause("t", "某区重点工作分解", (1, 3), ("一、目标", "3. 消费"), "消费", "社会消费品零售总额增长8%。\n牵头领导：常务副区长")
    none = Clause("t", "某区重点工作分解", (1, 4), ("一、目标", "4. 外贸"), "外贸", "进出口总额增长5%。\n牵头单位：区商务局。")
    found = leader.field_of(named)
    assert found is not None and (found.label, found.value, found.is_post) == ("牵头负责领导", "张某", False)
    posted = leader.field_of(post)
    assert posted is not None and posted.is_post
    assert leader.field_of(none) is None
    assert leader.fields_beside(none, [named, post, none])  # the other items write one: this item states none
    assert not leader.fields_beside(none, [none])


def test_a_value_in_a_progress_field_is_no_target() -> None:
    clause = Clause(
        "g", "某镇重点任务进展情况", (0, 1), ("前言", "1. 招商引资"), "招商引资",
        "全年新签约项目5个以上。工作进展、取得成效：一季度新签约项目2个,到位资金800万元；后续举措：继续跟进。",
    )
    target = TargetPart(clause, "全年新签约项目5个以上", None, sentence="全年新签约项目5个以上")
    done = TargetPart(clause, "到位资金800万元", None, sentence="一季度新签约项目2个,到位资金800万元")
    assert in_progress_field(done) and not in_progress_field(target)
    asked = Question("indicator", "zh", "全年 到位资金", text="全年到位资金的目标是多少？", slot="amount")
    missing = unstated(asked, done)
    assert missing is not None and "进展" in missing.zh
    # the result itself asked (no target named): the progress field answers
    result = Question("indicator", "zh", "一季度 到位资金", text="一季度到位资金多少？", slot="amount")
    assert unstated(result, done) is None
