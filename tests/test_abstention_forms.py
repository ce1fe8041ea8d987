"""Answerable questions the abstention gates refused, read by form (texts written here, no index): the asker's verb
before the question word is no term a clause must hold (kb.qa.decide.evidence.asking_verb); a year written before
the act asked is its date (kb.qa.decide.when.year_of_act); a level asked in words is answered by a target set in
words, a number asked is not (kb.qa.decide.target.ASKS_LEVEL); which N things asks the things
(kb.qa.understand.question.WHICH_COUNTED)."""

from __future__ import annotations

import jieba
import pytest

from kb.qa.corpus import Corpus
from kb.qa.decide.evidence import Confidence, Thresholds, asking_verb
from kb.qa.decide.target import unstated
from kb.qa.decide.when import of_another_act, year_of_act
from kb.qa.retrieve.targets import TargetPart
from kb.qa.understand.intent import Route
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question, slot_of
from kb.qa.understand.topic import TopicWords
from kb.types import Clause, Hit

CLAUSES = [
    Clause("a", "某市数字经济发展行动方案", (1,), ("一、标杆企业",), "标杆企业", "对入选企业授牌，作为数字经济标杆企业。"),
    Clause("b", "另一市制造业发展若干措施", (1,), ("一、企业培育",), "企业培育", "每年遴选一批重点企业，给予奖励。"),
]


def _confidence() -> Confidence:
    corpus = Corpus(
        CLAUSES, [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()], doc_places={"a": None, "b": None}
    )
    return Confidence(corpus, TopicWords(corpus, NamedPlaces([])), Thresholds())


def _summary(text: str) -> Question:
    return Question("general", "zh", text, text=text, slot="summary")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "question", "asking"),
    [
        ("选定", "某市选定哪两个区作为核心集聚区？", True),
        ("遴选", "某市遴选了哪些企业作为标杆？", True),
        ("确定", "方案确定什么时间完成？", True),
        ("低空", "某市低空经济有哪些措施？", False),  # 有 stands before the question word, not 低空
        ("遴选", "某市遴选哪个部门负责？", False),  # a unit asked: the word before names the task
        ("殡葬", "殡葬改革由哪个部门负责？", False),
        ("集聚区", "哪两个区作为集聚区？", False),
    ],
)
def test_the_askers_verb_is_the_verb_before_the_question_word(word: str, question: str, asking: bool) -> None:
    assert asking_verb(word, question) is asking


def test_a_verb_asking_the_thing_is_no_missing_term() -> None:
    confidence = _confidence()
    found = CLAUSES[:1]  # the clause naming the 标杆企业 without the asker's verb
    assert confidence.term_missing(_summary("某市遴选哪些企业作为数字经济标杆？"), found) is None
    # the same word asked as the topic (its criteria), not as the verb of the thing asked: still a missing term
    assert confidence.term_missing(_summary("某市遴选企业的标准是什么？"), found) == "遴选"


ROADS = Clause(
    "r",
    "某县交通建设工作分工方案",
    (1, 1),
    ("一、完善路网", "1. 城东大桥"),
    "城东大桥",
    "加快城区路网建设,2019年开工建设城东大桥,2021年城东大桥建成通车,2020年启动环城公路前期工作。",
)


def _covered(*words: str):  # type: ignore[no-untyped-def]
    return lambda sentence: float(sum(w in sentence for w in words))


def test_a_year_before_the_act_asked_is_its_date() -> None:
    hits = [Hit(ROADS, 1.0)]
    started = year_of_act(hits, "城东大桥哪一年开工？", _covered("城东大桥"))
    assert started is not None and started[1] == "2019年开工建设城东大桥"
    finished = year_of_act(hits, "城东大桥哪年建成？", _covered("城东大桥"))
    assert finished is not None and finished[1] == "2021年城东大桥建成通车"
    english = year_of_act(hits, "In which year was work on the ring road to begin?", _covered("环城公路"))
    assert english is not None and english[1] == "2020年启动环城公路前期工作"
    # neither a start nor an end asked; or no piece of the act asked
    assert year_of_act(hits, "城东大桥由哪个部门负责？", _covered("城东大桥")) is None
    assert year_of_act(hits, "西环路哪一年开工？", _covered("西环路")) is None


def _part(text: str) -> TargetPart:
    clause = Clause("d", "某县交通建设工作分工方案", (1,), ("一、完善路网",), "完善路网", text + "。")
    return TargetPart(clause, text, None, sentence=text)


def test_a_level_asked_is_answered_by_a_target_in_words_a_number_is_not() -> None:
    part = _part("“十四五”末二级以上公路比重稳步提升")
    level = Question("indicator", "zh", "二级以上公路比重", text="二级以上公路比重要达到什么水平？", slot="ratio")
    assert unstated(level, part) is None
    number = Question("indicator", "zh", "二级以上公路比重", text="二级以上公路比重要达到百分之多少？", slot="ratio")
    missing = unstated(number, part)
    assert missing is not None
    # a target in numbers answers either
    assert unstated(level, _part("“十四五”末二级以上公路比重达到60%")) is None


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Which three measures issued in 2017 did the notice revise?", "summary"),
        ("方案修订了哪三个管理办法？", "summary"),
        ("How many measures did the notice revise?", "count"),
    ],
)
def test_which_n_things_asks_the_things(text: str, slot: str) -> None:
    route = Route(intent="indicator", language="en" if text.isascii() else "zh", topic=text)
    assert slot_of(route, text, None) == slot


def test_the_unit_opening_a_which_places_question_and_its_document_s_title_is_its_issuer() -> None:
    from kb.qa.decide.places import issuer_asked

    notice = Clause("n", "水利部办公厅关于开展汛前检查的通知", (0,), ("前言",), "前言", "我部决定向甲省、乙省派出检查组。")
    plan = Clause("p", "某省防汛工作方案", (1,), ("一、检查",), "检查", "汛前检查。(省水利厅牵头)")

    def asked(text: str) -> Question:
        return Question("indicator", "zh", text, text=text, slot="places", written=("水利部",), departments=("水利部",))

    sent = asked("水利部开展汛前检查，派检查组去了哪些省？")
    assert issuer_asked(sent, [Hit(notice, 1.0)])
    # the unit in the question's story, not opening it: a condition on the places (哪些地方把…交给水利部)
    assert not issuer_asked(asked("哪些地方把汛前检查交给水利部牵头？"), [Hit(notice, 1.0)])
    # no document of the best clauses issued by it
    assert not issuer_asked(sent, [Hit(plan, 1.0)])


def test_hyphenated_places_written_as_one_region_are_no_unknown_place() -> None:
    from kb.qa.normalise.dictionary import _regions_written

    places = {"changsha": ("长沙",), "zhuzhou": ("株洲",), "xiangtan": ("湘潭",)}
    text = "building the Changsha-Zhuzhou-Xiangtan demonstration zone"
    assert _regions_written(text, places, lambda w: int(w == "长株潭")) == {"changsha", "zhuzhou", "xiangtan"}
    assert _regions_written(text, places, lambda w: 0) == set()  # the documents write no such region
    assert _regions_written("the Changsha-Zhuzhou-Kyoto line", places, lambda w: 1) == set()


def test_the_city_written_before_its_own_district_is_no_unknown_place() -> None:
    clause = Clause("x", "区人民政府办公室关于印发重点工作责任分解的通知", (1,), ("一、卫生整治",), "卫生整治", "开展环境卫生综合整治。")
    corpus = Corpus([clause], [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()], doc_places={"x": "下陆区"})
    confidence = Confidence(corpus, TopicWords(corpus, NamedPlaces([])), Thresholds())

    def asked(text: str) -> Question:
        return Question("responsibility", "zh", text, text=text, slot="lead", places=("下陆区",))

    assert not confidence.names_unknown_place(asked("黄石市下陆区环境卫生综合整治由谁牵头？"))
    # a city no document writes, not before the district asked: another place
    assert confidence.names_unknown_place(asked("汨罗市和下陆区环境卫生综合整治由谁牵头？"))


def test_a_year_of_another_act_is_not_the_date_asked() -> None:
    text = "2019年开工建设青石至白沙快速路,2021年底前建成通车。"
    assert of_another_act(text, "2019年", "青白快速路哪一年建成通车")  # the start's year, the end asked
    assert not of_another_act(text, "2021年底前", "青白快速路哪一年建成通车")
    assert not of_another_act(text, "2019年", "青白快速路哪一年开工")
    assert of_another_act(text, "2021年", "青白快速路什么时候开工")
    assert not of_another_act(text, "2019年", "青白快速路的时间安排是什么")  # neither asked: any date
    assert not of_another_act("2020年完成主体工程,2019年开工", "2020年", "哪一年完成")
