"""The slot a question asks, read by the form of its asking words and filled from the clause or said to be not
stated (issue 21): a day a notice's text sets (kb/qa/decide/dated.py), a count not its condition's money
(kb/qa/retrieve/targets.py), a unit asked of a target, co-units where only a lead is written
(kb/qa/compose/lead.py), money asked of a task stating none (kb/qa/decide/target.py), items sharing a place and
year before 分别 (kb/qa/compose/compound.py). Small texts built here; expected values are read off them."""

from __future__ import annotations

import pytest

from kb.qa.compose.compound import split_items
from kb.qa.compose.lead import answer_responsibility
from kb.qa.decide.dated import asked_form, asks_period, days_in, stated_day
from kb.qa.decide.evidence import Evidence
from kb.qa.decide.quantity import asked_kind
from kb.qa.decide.target import states_no_amount, unstated
from kb.qa.retrieve.targets import TargetPart, TargetQuery, Weighing, best_target
from kb.qa.understand.question import Question, Understanding
from kb.types import Clause, Hit, Indicator


def _clause(text: str, path: tuple[str, ...] = ("前言",), title: str = "某县关于做好某项工作的通知") -> Clause:
    return Clause("d", title, (0,), path, path[-1], text)


# --- understand: the asking words fix the slot ---


@pytest.mark.parametrize(
    ("text", "slot", "unit"),
    [
        # a day asked, whoever the question also names
        ("各责任单位要在几月几号前上报年度总结？", "date", "年"),
        ("检查工作是哪天开始的？", "date", "年"),
        ("By what date must the units submit their plans?", "date", "年"),
        # a count of units asked is a count, not who
        ("这项任务一共涉及多少个责任单位？", "count", "个"),
        # a unit asked of a target named by its number: the number is the target's name
        ("到2030年森林覆盖率达到60%的目标由哪个部门牵头？", "lead", None),
        # every target asked, not one number
        ("实施意见提出了哪些到2030年的目标？", "summary", None),
    ],
)
def test_the_asking_words_fix_the_slot(understand: Understanding, text: str, slot: str, unit: str | None) -> None:
    q = understand(text)
    assert (q.slot, q.unit) == (slot, unit)


def test_a_number_asked_stays_a_number(understand: Understanding) -> None:
    assert understand("到2030年森林覆盖率要达到多少？").slot in ("amount", "ratio")
    assert understand("研发投入增长目标是什么？").slot in ("amount", "ratio")


# --- decide: a day the text sets for the action asked ---


def _weight(token: str) -> float:
    return 1.0


NOTICE = (
    "各单位要制定落实方案,并于2030年4月10日、7月10日前向县政府报送季度进展情况,12月20日前报送全年总结。"
    "县政府办公室将适时通报。"
)


def test_the_day_of_the_action_asked_is_the_piece_naming_it() -> None:
    hits = [Hit(_clause(NOTICE), 1.0)]
    found = stated_day(hits, ["报送", "全年", "总结"], _weight, "deadline")
    assert found is not None and found.day == "12月20日前" and "全年总结" in found.piece
    quarterly = stated_day(hits, ["报送", "季度", "进展"], _weight, "deadline")
    assert quarterly is not None and quarterly.day == "2030年4月10日、7月10日前"


def test_a_day_of_each_period_is_a_deadline_read_as_written() -> None:
    text = "各单位要在每季度最后一个月的25日前将进展情况报县政府办公室,每月5日前报送统计数据。"
    hits = [Hit(_clause(text), 1.0)]
    found = stated_day(hits, ["进展", "情况", "县政府"], _weight, "deadline")
    assert found is not None and found.day == "每季度最后一个月的25日前"
    monthly = stated_day(hits, ["报送", "统计", "数据"], _weight, "deadline")
    assert monthly is not None and monthly.day == "每月5日前"
    assert days_in("每季度召开一次调度会,研究25项重点任务", "deadline") == []  # a count, no day
    # a question naming no period asks a day once: a day of each period does not answer it
    assert stated_day(hits, ["报送", "统计", "数据"], _weight, "deadline", periodic=False) is None
    assert asks_period("每个季度的进展最迟什么时候报？") and not asks_period("工作方案什么时候前报送？")


def test_a_start_is_read_with_its_action_and_is_no_deadline() -> None:
    hits = [Hit(_clause("检查工作自2031年9月3日开始,为期7天。", ("三、时间安排",)), 1.0)]
    found = stated_day(hits, ["检查", "工作"], _weight, "start")
    assert found is not None and found.day == "自2031年9月3日开始"
    assert stated_day(hits, ["检查", "工作"], _weight, "deadline") is None
    assert asked_form("检查是哪天开始的") == "start" and asked_form("几号前要报") == "deadline"


def test_a_day_not_set_for_the_action_asked_is_not_stated() -> None:
    hits = [Hit(_clause(NOTICE), 1.0)]
    # the notice dates reports, not the inspection asked about
    assert stated_day(hits, ["验收", "检查", "整改"], _weight, "deadline") is None
    # a signing date is no deadline
    assert days_in("县人民政府 2030年3月1日", "deadline") == []


def test_the_document_s_title_words_count_half() -> None:
    clause = _clause("自2031年9月3日开始,为期7天。", ("三、时间安排",), "某部关于开展秋季督查的通知")
    hits = [Hit(clause, 1.0)]
    # 秋季/督查 are the title's, 开展 the piece's: the title alone reaches the share at half weight
    assert stated_day(hits, ["秋季", "督查"], _weight, "start") is not None
    assert stated_day(hits, ["秋季", "督查", "验收", "评估"], _weight, "start") is None


# --- decide: a count is not its condition's money ---


def test_a_count_asked_is_not_the_money_of_its_condition() -> None:
    text = "营业收入过10亿元的企业达20家"
    clause = Clause("d", "某市实施意见", (1,), ("一、目标",), "一、目标", f"到2030年,{text}。")
    condition = Indicator("营业收入过", 10, "亿元", "", "营业收入过10亿元")
    count = Indicator("的企业", 20, "家", "", "的企业达20家")
    parts = [
        TargetPart(clause, text, condition, "营业收入过10亿元", clause.text),
        TargetPart(clause, text, count, "的企业达20家", clause.text),
    ]
    weighing = Weighing(_weight)
    query = TargetQuery(["营业收入", "亿元", "企业"], "营业收入过10亿元的企业", unit="家", wants_number=True)
    found = best_target(query, parts, weighing)
    assert found is not None and found.part.indicator is count
    # money asked of the same part: the condition's money is the answer
    money = TargetQuery(["营业收入", "企业"], "营业收入", unit="亿元", wants_number=True)
    found = best_target(money, parts, weighing)
    assert found is not None and found.part.indicator is condition


# --- decide: money asked of a task stating none ---


def test_money_asked_of_a_task_stating_none_is_not_stated() -> None:
    kind = asked_kind("一共安排了多少资金")
    assert kind is not None
    assert states_no_amount(kind, "落实好扩大内需20条措施")
    assert not states_no_amount(kind, "安排专项资金500万元")
    assert not states_no_amount(kind, "按投资额的10%给予补助")
    part = TargetPart(_clause("落实好扩大内需20条措施。"), "落实好扩大内需20条措施", None, sentence="落实好扩大内需20条措施。")
    q = Question("indicator", "zh", "扩大内需措施", text="扩大内需20条措施一共安排了多少资金？", slot="amount")
    missing = unstated(q, part)
    assert missing is not None


# --- compose: co-units asked where only a lead is written ---


def _lead_only() -> Clause:
    return Clause(
        "d", "某区若干政策", (1,), ("一、强化人才支撑(区人社局牵头)",), "一、强化人才支撑", "加快引进人才。",
        lead="区人社局", departments=("区人社局",), leads=("区人社局",),
    )


def test_co_units_asked_where_only_the_lead_is_written_are_not_stated() -> None:
    clause = _lead_only()
    evidence = Evidence((Hit(clause, 1.0),), True)
    english = lambda name: None  # noqa: E731
    asked = Question("responsibility", "zh", "强化人才支撑", text="强化人才支撑除了区人社局牵头，还有哪些配合单位？", slot="units")
    found = answer_responsibility(asked, evidence, english)
    assert found.abstained and "区人社局" in found.answer and "没有写明配合单位" in found.answer
    # who is responsible at all: the lead answers
    who = Question("responsibility", "zh", "强化人才支撑", text="强化人才支撑由哪些单位负责？", slot="units")
    answered = answer_responsibility(who, evidence, english)
    assert not answered.abstained and answered.lead == "区人社局"


# --- understand: items sharing the place and year they open with ---


def test_items_share_the_year_the_first_opens_with() -> None:
    parts = split_items("某市到2030年森林覆盖率、城市绿地率分别要达到多少？")
    assert [p.item for p in parts] == ["森林覆盖率", "城市绿地率"]
    assert [p.question for p in parts] == ["某市到2030年森林覆盖率要达到多少？", "某市到2030年城市绿地率要达到多少？"]


def test_a_count_of_the_items_is_the_frame_not_an_item() -> None:
    parts = split_items("某省2030年粮食产量和生猪出栏量两项目标，分别由哪个部门牵头？", ["某省"])
    assert [p.item for p in parts] == ["粮食产量", "生猪出栏量"]
    assert parts[1].question == "某省2030年生猪出栏量由哪个部门牵头？"


# --- compose: which targets a document sets ---


def test_the_targets_asked_are_listed_as_written() -> None:
    from kb.qa.compose.summary import answer_targets

    text = "到2030年,森林覆盖率达到60%,营业收入过10亿元的企业达20家。"
    indicators = (
        Indicator("森林覆盖率", 60, "%", "", "森林覆盖率达到60%"),
        Indicator("营业收入过", 10, "亿元", "", "营业收入过10亿元"),
        Indicator("的企业", 20, "家", "", "的企业达20家"),
    )
    clause = Clause("d", "某市实施意见", (1,), ("一、目标",), "一、目标", text, indicators=indicators)
    evidence = Evidence((Hit(clause, 1.0),), True)
    asked = Question("general", "zh", "目标", text="实施意见提出了哪些到2030年的目标？", slot="summary", year="2030")
    found = answer_targets(asked, evidence)
    assert found is not None and not found.abstained
    assert "- 森林覆盖率达到60%" in found.answer and "- 营业收入过10亿元的企业达20家" in found.answer
    # another year asked: this clause does not set its targets
    other = Question("general", "zh", "目标", text="提出了哪些到2035年的目标？", slot="summary", year="2035")
    assert answer_targets(other, evidence) is None


def test_which_units_is_no_count(understand: Understanding) -> None:
    # 哪几个单位 asks which units, not how many
    assert understand("信息公开是哪几个单位牵头落实？").slot in ("lead", "units")
