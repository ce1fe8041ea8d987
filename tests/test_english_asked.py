"""English questions read by their form (kb.qa.understand): a unit's tasks asked with `responsible for` left at
the end, a body's own fact (its office, how often it meets, who convenes it), a Chinese name in brackets after
English words; a deadline asked by a time word before 前, answered with the day the text writes (kb.qa.decide
.dated); a homophone typo whose two pairs other words write (kb.qa.normalise.typos); parallel alternatives joined
by 或 (kb.qa.decide.places). Texts written here for the tests, no index."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.qa.compose.mechanism import answer_organization
from kb.qa.decide.dated import ASKS_DAY, stated_day
from kb.qa.decide.places import alternatives
from kb.qa.normalise.question import likelihood
from kb.qa.normalise.typos import CorpusSpeller
from kb.qa.understand.intent import route
from kb.qa.understand.question import Question
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import Clause, Hit, WorkingGroup

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def resolver() -> UnitResolver:
    registry = DepartmentRegistry.from_yaml(CORPUS / "departments.yaml")
    places = unit_places([("市财政局", "白河市"), ("市交通运输局", "白河市"), ("省财政厅", "青川省")])
    return UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml"))


def _written(resolver: UnitResolver, question: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.written, m.candidates) for m in resolver.find(question, ("白河市",))]


# --- understand: a Chinese name glossing the English before it ---


def test_a_chinese_name_in_brackets_is_the_unit_asked(resolver: UnitResolver) -> None:
    # the English reads as the transport bureau; the name in brackets says which unit is meant
    asked = "What is the Municipal Transport Bureau (市财政局) responsible for?"
    assert _written(resolver, asked) == [("市财政局", ("市财政局",))]
    # without the brackets the English name is read
    assert _written(resolver, "What is the Municipal Transport Bureau responsible for?")[0][1] == ("市交通运输局",)


def test_a_bracketed_name_no_document_names_stays_as_written(resolver: UnitResolver) -> None:
    assert _written(resolver, "What is the Planning Department (规划司) responsible for?") == [("规划司", ("规划司",))]
    # brackets holding no body's name (a document's name) name no unit
    assert _written(resolver, "What does the plan (行动计划) say about roads?") == []


# --- understand: the intent of an English question by its form ---


def _route(resolver: UnitResolver, question: str):  # type: ignore[no-untyped-def]
    return route(question, resolver.registry, mentions=resolver.find(question, ("白河市",)), places=("白河市",))


@pytest.mark.parametrize(
    "question",
    [
        "What task is the Municipal Finance Bureau responsible for in Baihe's opinions on rural roads?",
        "What is the Municipal Finance Bureau responsible for?",
        "Which of the 2031 key indicators is the Municipal Finance Bureau responsible for?",
        "Which task does the Municipal Finance Bureau lead?",
    ],
)
def test_a_units_tasks_asked_in_english(resolver: UnitResolver, question: str) -> None:
    r = _route(resolver, question)
    assert (r.intent, r.departments) == ("department_tasks", ("市财政局",))


def test_a_unit_asked_for_a_task_is_no_duties_question(resolver: UnitResolver) -> None:
    # `responsible for` followed by the task: the unit in charge of it is asked, not the bureau's tasks
    r = _route(resolver, "Which bureau is responsible for rural roads besides the Municipal Finance Bureau?")
    assert r.intent != "department_tasks"


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Is the office of Baihe's joint conference on rural roads set up in the Municipal Finance Bureau?", "office"),
        ("Where is the office of the joint conference on rural roads located?", "office"),
        ("How often does the joint conference on rural roads hold its meetings?", "other"),
        ("Who convenes the joint conference on rural roads?", "convener"),
    ],
)
def test_a_bodys_own_fact_asked_in_english(resolver: UnitResolver, question: str, field: str) -> None:
    r = _route(resolver, question)
    assert (r.intent, r.org_field) == ("organization", field)


def test_how_often_without_a_body_is_no_bodys_fact(resolver: UnitResolver) -> None:
    assert _route(resolver, "How often is the survey of rural roads carried out?").intent != "organization"


# --- compose: a fact the document does not state of a body shows the body checked ---


def test_a_fact_not_stated_cites_the_body_it_was_read_of() -> None:
    clause = Clause("j", "关于建立乡村道路联席会议制度的通知", (1,), ("一、联席会议成员",), "联席会议成员", "联席会议由市交通运输局牵头。")
    group = WorkingGroup(name="乡村道路联席会议", clause_id=clause.id, head="市交通运输局")
    q = replace(Question("organization", "en", "meets", org_field="other"), text="How often does it meet?")
    found = answer_organization(q, [group], {clause.id: clause}, lambda _: None)
    assert found.abstained and [h.clause.id for h in found.citations] == [clause.id]


# --- decide: a deadline asked by a time word before 前 ---


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("危桥台账在什么时间前报送？", True),
        ("整改报告何时前报县政府？", True),
        ("要在什么时候之前完成复核？", True),
        ("危桥改造什么时候完成？", False),  # a year may answer: no day asked
        ("台账报送的时间节点是哪一年？", False),
    ],
)
def test_a_time_word_before_qian_asks_a_day(question: str, asks: bool) -> None:
    assert bool(ASKS_DAY.search(question)) is asks


def test_a_day_written_alone_is_shown_with_the_action_it_times() -> None:
    text = "2031年9月底前，各乡镇要完成危桥改造台账报送，并开展复核。"
    clause = Clause("d", "某市乡村道路工作方案", (1,), ("一、台账",), "台账", text)
    found = stated_day([Hit(clause, 1.0)], ["台账", "报送"], lambda _: 1.0, "deadline")
    assert found is not None and found.day == "2031年9月底前"
    assert found.piece == "2031年9月底前，各乡镇要完成危桥改造台账报送"
    # a piece writing its action beside the day is shown alone
    text = "各乡镇要于2031年9月底前完成台账报送，并开展复核。"
    found = stated_day([Hit(replace(clause, text=text), 1.0)], ["台账", "报送"], lambda _: 1.0, "deadline")
    assert found is not None and found.piece == "各乡镇要于2031年9月底前完成台账报送"


# --- normalise: a typo whose pairs are each written, in other words ---

DOCUMENTS = "组织攻关建设。组建领导小组。聚焦八个关键领域。推进数字经济发展。经记者核实。登记发放补贴。"


def _speller() -> CorpusSpeller:
    return CorpusSpeller(lambda text: text in DOCUMENTS, DOCUMENTS, likelihood)


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("方案聚焦哪几个关建领域", "方案聚焦哪几个关键领域"),  # 关建 (攻关建设) and 建领 (组建领导) are other words'
        ("怎么推进数字经记发展", "怎么推进数字经济发展"),  # 经记 (经记者) and 记发 (登记发放)
        ("聚焦八个关键领域", "聚焦八个关键领域"),  # as written
        ("组织攻关建设", "组织攻关建设"),  # the run of three around 关 written: no typo
    ],
)
def test_a_typo_between_two_written_pairs_is_corrected(asked: str, read: str) -> None:
    assert _speller().fix(asked) == read


# --- decide: alternatives joined by 或 ---


@pytest.mark.parametrize(
    ("question", "pairs"),
    [
        ("哪些文件对居民消费价格涨幅或居民消费价格指数定了控制目标？", [("居民消费价格涨幅", "居民消费价格指数")]),
        ("哪些地方对研发投入或研发经费定了增长目标？", [("研发投入", "研发经费")]),
        ("哪些城市对城镇新增就业或者城镇调查失业率定了目标？", [("城镇新增就业", "城镇调查失业")]),
        ("市发改委或市财政局负责哪些？", []),  # opening alike by one character: two units, no pair of phrases
        ("本科或硕士学历补贴多少？", []),
    ],
)
def test_parallel_alternatives_are_read(question: str, pairs: list[tuple[str, str]]) -> None:
    assert alternatives(question) == pairs


def test_a_bracketed_label_is_no_unit(resolver: UnitResolver) -> None:
    # cooperating units (协同责任单位) names the role of the units listed after it, not a unit
    asked = "Which places name the Municipal Finance Bureau among the cooperating units (协同责任单位)?"
    assert _written(resolver, asked) == [("Municipal Finance Bureau", ("市财政局",))]
